using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Abstractions.Services;
using EnterpriseHub.Grains.Services;

namespace EnterpriseHub.Grains.Tests;

public sealed class ServiceGrainTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Health_and_root_cause_hints_follow_series_reports()
    {
        await using var cluster = await MonitoringCluster.StartAsync(new ServiceCatalogEntry { Name = "shop", Tier = ServiceTier.High, Owner = "ann" });
        var shop = cluster.Client.GetGrain<IServiceGrain>("shop");

        await shop.ReportSeries(new SeriesReport("shop:cpu{}", "cpu", SeriesStatus.Ok, 0.1, s_t0));
        await shop.ReportSeries(new SeriesReport("shop:latency{}", "latency", SeriesStatus.Anomalous, 1.0, s_t0.AddSeconds(30)));
        await shop.ReportSeries(new SeriesReport("shop:errors{}", "errors", SeriesStatus.Anomalous, 0.8, s_t0.AddSeconds(75)));
        await shop.ReportSeries(new SeriesReport("shop:disk{}", "disk", SeriesStatus.PredictedBreach, 0.2, s_t0));
        var view = await shop.Describe();

        // 100 x (1 - 0.3) x (1 - 0.24) x 0.9 = 47.88
        Assert.Equal(48, view.Health);
        Assert.Equal((4, 2, 1), (view.Series, view.Anomalous, view.PredictedBreaches));
        Assert.Equal(["shop:latency{}", "shop:errors{}"], view.RootCauseHints.Select(h => h.SeriesId));
        Assert.Equal([0.0, 45.0], view.RootCauseHints.Select(h => h.LagSeconds));
        Assert.Equal("ann", view.Catalog.Owner);
        Assert.Equal(["shop:latency{}", "shop:errors{}", "shop:disk{}"], view.Attention.Select(a => a.SeriesId));
    }

    [Fact]
    public void Health_is_100_when_all_series_are_ok_and_drops_with_each_anomaly()
    {
        Assert.Equal(100, HealthScore.Compute([(SeriesStatus.Ok, 0.3), (SeriesStatus.Ok, 0.0)]));
        Assert.Equal(70, HealthScore.Compute([(SeriesStatus.Anomalous, 1.0)]));
        Assert.Equal(49, HealthScore.Compute([(SeriesStatus.Anomalous, 1.0), (SeriesStatus.Anomalous, 1.0)]));
        Assert.Equal(85, HealthScore.Compute([(SeriesStatus.Anomalous, 0.1)]));
    }

    [Fact]
    public async Task A_catalog_edit_persists_and_wins_over_configuration()
    {
        await using var cluster = await MonitoringCluster.StartAsync(new ServiceCatalogEntry { Name = "shop", Tier = ServiceTier.Low });
        var shop = cluster.Client.GetGrain<IServiceGrain>("shop");

        var edited = await shop.UpdateCatalog(new ServiceCatalogEntry { Name = "shop", Tier = ServiceTier.Critical, Rules = ["cpu > 90 for 1m"] });
        await cluster.Runtime.DeactivateAsync(new EnterpriseHub.Runtime.GrainId("service", "shop"));

        Assert.Equal(ServiceTier.Critical, (await shop.Catalog()).Tier);
        Assert.Equal(["cpu > 90 for 1m"], (await shop.Catalog()).Rules);
        await Assert.ThrowsAsync<FormatException>(() => shop.UpdateCatalog(edited with { Rules = ["cpu >> 90"] }));
    }
}
