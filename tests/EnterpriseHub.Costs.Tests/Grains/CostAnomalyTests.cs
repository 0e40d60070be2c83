using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Abstractions.Costs;
using EnterpriseHub.Grains.Costs;
using EnterpriseHub.TestingHost;

namespace EnterpriseHub.Costs.Tests.Grains;

/// <summary>Cost anomalies: closed hours go through the detection library's ensemble, and an anomalous hour raises
/// a <c>CostAnomaly</c> alert naming the dimension that moved (the resource for a service, the service for a team or
/// cost center).</summary>
public sealed class CostAnomalyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_egress_jump_raises_a_cost_anomaly_naming_egress_on_the_service_and_the_service_on_its_team()
    {
        var clock = new ManualTimeProvider(T0);
        await using var cluster = await CostCluster.StartAsync(clock);
        var shop = cluster.Client.GetGrain<ICostGrain>("service/anomaly-shop");
        var catalog = cluster.Client.GetGrain<ICostGrain>("service/anomaly-catalog");
        var team = cluster.Client.GetGrain<ICostGrain>("team/anomaly-web");

        // Three steady days: shop holds 4 cores (0.16/h) and sends 10–13 GB a hour (0.90–1.17/h); catalog holds 2
        // cores (0.08/h). Usage arrives ten minutes into each hour; an hour is closed (fed to the ensemble) once usage
        // five minutes past its end arrives.
        async Task Hour(int h, double egressGb)
        {
            clock.Advance(T0.AddHours(h).AddMinutes(10) - clock.GetUtcNow());
            var at = clock.GetUtcNow();
            await shop.RecordUsage([Usage.Of("anomaly-shop", "cpu_cores", at, 4, "anomaly-web"), Usage.Of("anomaly-shop", "egress_gb", at, egressGb, "anomaly-web")]);
            await catalog.RecordUsage([Usage.Of("anomaly-catalog", "cpu_cores", at, 2, "anomaly-web")]);
        }

        for (var h = 0; h < 72; h++)
        {
            await Hour(h, 10 + (h % 4));
        }

        // Steady usage, 71 closed hours past the 48-hour warm-up: no anomaly, no alert.
        Assert.Empty((await shop.Describe(clock.GetUtcNow(), TimeSpan.FromDays(1))).Anomalies);
        Assert.Empty((await team.Describe(clock.GetUtcNow(), TimeSpan.FromDays(1))).Anomalies);

        // Hour 72: shop sends 100 GB (9.00). Hour 73's usage closes it.
        await Hour(72, 100);
        await Hour(73, 10 + (73 % 4));

        // Service: the hour cost 0.16 + 9.00 = 9.16; egress moved by 9.00 − its mean over the previous day (hours
        // 48–71 average 11.5 GB = 1.035) = 7.965.
        var anomaly = Assert.Single((await shop.Describe(clock.GetUtcNow(), TimeSpan.FromDays(1))).Anomalies);
        Assert.Equal((T0.AddHours(72), 9.16, "egress_gb", 7.965), (anomaly.Hour, anomaly.Cost, anomaly.Moved, anomaly.MovedBy));
        Assert.InRange(anomaly.Expected, 1.06, 1.33);
        // Team: the hour cost 9.16 + 0.08 = 9.24; shop moved by 9.16 − (0.16 + 1.035) = 7.965, catalog not at all.
        var teamAnomaly = Assert.Single((await team.Describe(clock.GetUtcNow(), TimeSpan.FromDays(1))).Anomalies);
        Assert.Equal((T0.AddHours(72), 9.24, "anomaly-shop", 7.965), (teamAnomaly.Hour, teamAnomaly.Cost, teamAnomaly.Moved, teamAnomaly.MovedBy));

        // Both raised a firing anomaly alert that names what moved, through the alert outbox to the router.
        var alert = Assert.Single(await CostCluster.WaitForAlerts("anomaly-shop", CostAlerts.AnomalyAlertName, 1));
        Assert.Equal((AlertState.Firing, AlertKind.Anomaly, T0.AddHours(72)), (alert.State, alert.Kind, alert.StartsAt));
        Assert.Equal("egress_gb", alert.Annotations["moved"]);
        Assert.Equal("service", alert.Labels["cost_dimension"]);
        Assert.StartsWith("service anomaly-shop: hourly cost 9.1600 USD against ", alert.Summary, StringComparison.Ordinal);
        Assert.EndsWith("; egress_gb moved by +7.965", alert.Summary, StringComparison.Ordinal);
        var teamAlert = Assert.Single(await CostCluster.WaitForAlerts("team/anomaly-web", CostAlerts.AnomalyAlertName, 1));
        Assert.Equal(("anomaly-shop", "anomaly-web"), (teamAlert.Annotations["moved"], teamAlert.Labels["team"]));
        Assert.Empty(CostCluster.Alerts("anomaly-catalog", CostAlerts.AnomalyAlertName));

        // Half an hour on, more usage of hour 73: the alert is still firing and is sent again (past the one-minute
        // refresh interval), so the router's resolve timeout does not end it before the next hour closes.
        clock.Advance(TimeSpan.FromMinutes(30));
        await shop.RecordUsage([Usage.Of("anomaly-shop", "cpu_cores", clock.GetUtcNow(), 4, "anomaly-web")]);
        var refreshed = (await CostCluster.WaitForAlerts("anomaly-shop", CostAlerts.AnomalyAlertName, 2))[1];
        Assert.Equal((AlertState.Firing, T0.AddHours(72), "egress_gb"), (refreshed.State, refreshed.StartsAt, refreshed.Annotations["moved"]));

        // Hour 73 (11 GB, 1.15) closes normal: the alert resolves at its end.
        await Hour(74, 10 + (74 % 4));
        var resolved = (await CostCluster.WaitForAlerts("anomaly-shop", CostAlerts.AnomalyAlertName, 3))[2];
        Assert.Equal((AlertState.Resolved, T0.AddHours(72), T0.AddHours(74)), (resolved.State, resolved.StartsAt, resolved.EndsAt));
        Assert.Equal(alert.Fingerprint, resolved.Fingerprint);
        Assert.Single((await shop.Describe(clock.GetUtcNow(), TimeSpan.FromDays(1))).Anomalies);
    }
}
