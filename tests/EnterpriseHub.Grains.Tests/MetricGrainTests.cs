using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Abstractions.Services;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseHub.Grains.Tests;

public sealed class MetricGrainTests
{
    private static readonly long s_start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static Sample[] Minutes(int from, int count, Func<int, double> value) =>
        [.. Enumerable.Range(from, count).Select(i => new Sample(s_start + (i * 60_000L), value(i)))];

    private static double Noise(int i) => Math.Sin(i * 12.9898) * 43758.5453 % 1;

    [Fact]
    public async Task A_level_shift_fires_an_anomaly_alert_that_resolves_after_recovery()
    {
        await using var cluster = await MonitoringCluster.StartAsync();
        var series = SeriesKey.Create("checkout", "latency_ms", [new Label("region", "eu")]);
        var grain = cluster.Client.GetGrain<IMetricGrain>(series.Id);

        await grain.Ingest(Minutes(0, 600, i => 100 + (3 * Noise(i))));
        Assert.Empty(RecordingAlertRouter.For(series.Id));

        await grain.Ingest(Minutes(600, 30, i => 180 + (3 * Noise(i))));
        var fired = await RecordingAlertRouter.WaitFor(series.Id, a => a.State == AlertState.Firing);
        Assert.Equal(AlertKind.Anomaly, fired.Kind);
        Assert.Equal("AnomalyDetected", fired.Labels["alertname"]);
        Assert.Equal("checkout", fired.Labels["service"]);
        Assert.Equal("latency_ms", fired.Labels["metric"]);
        Assert.Equal("eu", fired.Labels["region"]);
        Assert.InRange(fired.StartsAt.ToUnixTimeMilliseconds(), s_start + (600 * 60_000L), s_start + (605 * 60_000L));
        Assert.NotEmpty(fired.RecommendedActions);
        Assert.Equal(AlertFingerprint.Compute(fired.Labels), fired.Fingerprint);

        // The shifted level becomes the new normal or returns; either way the episode ends.
        await grain.Ingest(Minutes(630, 240, i => 100 + (3 * Noise(i))));
        var resolved = await RecordingAlertRouter.WaitFor(series.Id, a => a.State == AlertState.Resolved);
        Assert.Equal(AlertState.Resolved, resolved.State);
        Assert.Equal(fired.Fingerprint, resolved.Fingerprint);
        Assert.NotNull(resolved.EndsAt);
    }

    [Fact]
    public async Task A_stuck_value_keeps_its_anomaly_alert_firing_until_the_series_moves_again()
    {
        await using var cluster = await MonitoringCluster.StartAsync();
        var series = SeriesKey.Create("checkout", "queue_depth");
        var grain = cluster.Client.GetGrain<IMetricGrain>(series.Id);

        await grain.Ingest(Minutes(0, 600, i => 100 + (3 * Noise(i))));
        Assert.Empty(RecordingAlertRouter.For(series.Id));

        // An exporter stuck on a value well inside the band: an hour, twelve times the resolve delay (5 minutes).
        await grain.Ingest(Minutes(600, 60, _ => 101));
        var fired = await RecordingAlertRouter.WaitFor(series.Id, a => a.State == AlertState.Firing);
        Assert.Equal("AnomalyDetected", fired.Labels["alertname"]);
        Assert.Contains("Flatline", fired.Summary, StringComparison.Ordinal);
        Assert.InRange(fired.StartsAt.ToUnixTimeMilliseconds(), s_start + (601 * 60_000L), s_start + (603 * 60_000L));
        Assert.DoesNotContain(RecordingAlertRouter.For(series.Id), a => a.State == AlertState.Resolved);

        await grain.Ingest(Minutes(660, 120, i => 100 + (3 * Noise(i))));
        var resolved = await RecordingAlertRouter.WaitFor(series.Id, a => a.State == AlertState.Resolved);
        Assert.Equal(fired.Fingerprint, resolved.Fingerprint);
        Assert.True(resolved.EndsAt > DateTimeOffset.FromUnixTimeMilliseconds(s_start + (660 * 60_000L)), $"resolved at {resolved.EndsAt}");
    }

    [Theory]
    [InlineData(2, 3, SeriesStatus.Anomalous)]
    [InlineData(1, 1, SeriesStatus.Ok)]
    public async Task Monitoring_persistence_decides_whether_two_unusual_samples_in_a_row_fire(int hits, int window, SeriesStatus expected)
    {
        // Unit Gaussian noise, then two samples 4 sigma above it: neither proves an anomaly alone, the pair does.
        await using var cluster = await MonitoringCluster.StartAsync(o => (o.PersistenceHits, o.PersistenceWindow) = (hits, window));
        var series = SeriesKey.Create("checkout", "latency_ms");
        var grain = cluster.Client.GetGrain<IMetricGrain>(series.Id);
        var random = new Random(7);
        double Gaussian() => Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

        var counts = await grain.Ingest(Minutes(0, 1502, i => 100 + Gaussian() + (i >= 1500 ? 4.0 : 0)));

        Assert.Equal(expected, counts.Status);
        if (expected == SeriesStatus.Anomalous)
        {
            var fired = await RecordingAlertRouter.WaitFor(series.Id, a => a.State == AlertState.Firing);
            Assert.Equal(s_start + (1501 * 60_000L), fired.StartsAt.ToUnixTimeMilliseconds());
            Assert.Equal("The anomaly ensemble scored 0.62 (Persistence); expected 99.74.", fired.Annotations["description"]);
        }
    }

    [Fact]
    public async Task Out_of_order_and_duplicate_samples_are_dropped_and_counted()
    {
        await using var cluster = await MonitoringCluster.StartAsync();
        var grain = cluster.Client.GetGrain<IMetricGrain>(SeriesKey.Create("svc", "queue_depth").Id);

        var first = await grain.Ingest([new Sample(s_start + 2000, 1), new Sample(s_start + 3000, 2)]);
        var second = await grain.Ingest([new Sample(s_start + 3000, 9), new Sample(s_start + 1000, 0), new Sample(s_start + 4000, 3), new Sample(s_start + 4000, 4)]);
        var view = await grain.Describe(10, 0);

        Assert.Equal((2, 0, 0), (first.Accepted, first.OutOfOrder, first.Duplicates));
        Assert.Equal((1, 1, 2), (second.Accepted, second.OutOfOrder, second.Duplicates));
        Assert.Equal([1.0, 2, 3], view.Points.Select(p => p.Value));
        Assert.Equal(3, view.Samples);
        Assert.Equal(1, view.OutOfOrder);
        Assert.Equal(2, view.Duplicates);
        Assert.Equal(3, view.LastValue);
    }

    [Fact]
    public async Task A_threshold_rule_is_pending_until_its_for_duration_then_fires_and_resolves()
    {
        var catalog = new ServiceCatalogEntry { Name = "api", Tier = ServiceTier.Critical, Rules = ["latency_p99_ms > 250 for 5m"] };
        await using var cluster = await MonitoringCluster.StartAsync(catalog);
        var series = SeriesKey.Create("api", "latency_p99_ms");
        var grain = cluster.Client.GetGrain<IMetricGrain>(series.Id);

        await grain.Ingest(Minutes(0, 100, _ => 200));
        await grain.Ingest(Minutes(100, 5, _ => 300));
        var alerts = await RecordingAlertRouter.WaitForCount(series.Id, a => a.Kind == AlertKind.Threshold, 1);
        Assert.Equal([AlertState.Pending], alerts.Select(a => a.State));

        await grain.Ingest(Minutes(105, 1, _ => 300));
        alerts = await RecordingAlertRouter.WaitForCount(series.Id, a => a.Kind == AlertKind.Threshold, 2);
        Assert.Equal([AlertState.Pending, AlertState.Firing], alerts.Select(a => a.State));
        var firing = alerts[1];
        Assert.Equal("latency_p99_ms_above_250", firing.Name);
        // Threshold alerts are high; a critical-tier service raises them to critical.
        Assert.Equal(AlertSeverity.Critical, firing.Severity);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(s_start + (100 * 60_000L)), firing.StartsAt);

        await grain.Ingest(Minutes(106, 1, _ => 200));
        alerts = await RecordingAlertRouter.WaitForCount(series.Id, a => a.Kind == AlertKind.Threshold, 3);
        Assert.Equal(AlertState.Resolved, alerts[2].State);
        Assert.Equal(SeriesStatus.Ok, (await grain.Describe(0, 0)).Status);
    }

    [Fact]
    public async Task A_linear_ramp_raises_a_predictive_alert_with_time_to_occurrence_within_20_percent()
    {
        var catalog = new ServiceCatalogEntry { Name = "db", Rules = ["disk_used_percent > 90 for 1m"] };
        await using var cluster = await MonitoringCluster.StartAsync(catalog);
        var series = SeriesKey.Create("db", "disk_used_percent");
        var grain = cluster.Client.GetGrain<IMetricGrain>(series.Id);

        // Flat at 40% for two hours, then filling at 0.5 points a minute: 90% is reached 100 minutes into the ramp.
        await grain.Ingest(Minutes(0, 120, i => 40 + (0.05 * Noise(i))));
        await grain.Ingest(Minutes(120, 20, i => 40 + (0.5 * (i - 120)) + (0.05 * Noise(i))));

        var predicted = await RecordingAlertRouter.WaitFor(series.Id, a => a.Kind == AlertKind.Predictive && a.State == AlertState.Firing);
        var evaluatedAt = predicted.StartsAt;
        var truth = DateTimeOffset.FromUnixTimeMilliseconds(s_start + (220 * 60_000L)) - evaluatedAt;
        var error = Math.Abs((predicted.Prediction!.TimeToOccurrence - truth).TotalMinutes) / truth.TotalMinutes;
        Assert.True(error <= 0.2, $"predicted {predicted.Prediction.TimeToOccurrence}, truth {truth} ({error:P0} off)");
        Assert.Equal(90, predicted.Prediction.Threshold);
        Assert.True(predicted.Prediction.Earliest <= predicted.Prediction.TimeToOccurrence);
        // The ramp's start is also an anomaly, which outranks the prediction in the status; both alerts are active.
        Assert.Contains("PredictedBreach_90", (await grain.Describe(0, 0)).ActiveAlerts);
        Assert.Contains("predicted to cross 90", predicted.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fast_error_budget_burn_pages_as_critical()
    {
        var catalog = new ServiceCatalogEntry { Name = "pay", Slos = [new SloTarget("errors", "error_rate", 0.01, 0.999)] };
        await using var cluster = await MonitoringCluster.StartAsync(catalog);
        var series = SeriesKey.Create("pay", "error_rate");
        var grain = cluster.Client.GetGrain<IMetricGrain>(series.Id);

        await grain.Ingest(Minutes(0, 120, _ => 0.001));
        Assert.DoesNotContain(RecordingAlertRouter.For(series.Id), a => a.Kind == AlertKind.SloBurnRate);

        // Every sample bad: the burn rate is 1000x. It takes 1.44% of the hour (about one minute) to pass 14.4 over 1 h.
        await grain.Ingest(Minutes(120, 3, _ => 0.2));
        var page = await RecordingAlertRouter.WaitFor(series.Id, a => a.Kind == AlertKind.SloBurnRate);
        Assert.Equal("SLOBurnRateFast_errors", page.Name);
        Assert.Equal(AlertSeverity.Critical, page.Severity);
        Assert.Equal(AlertState.Firing, page.State);
    }

    [Fact]
    public async Task Series_state_survives_deactivation()
    {
        await using var cluster = await MonitoringCluster.StartAsync();
        var series = SeriesKey.Create("svc", "cpu_seconds");
        var grain = cluster.Client.GetGrain<IMetricGrain>(series.Id);
        await grain.Ingest(Minutes(0, 50, i => 10 + Noise(i)));
        var before = await grain.Describe(50, 5);

        await cluster.Runtime.DeactivateAsync(new EnterpriseHub.Runtime.GrainId("metric", series.Id));
        var after = await grain.Describe(50, 5);

        Assert.Equal(before.Samples, after.Samples);
        Assert.Equal(before.LastValue, after.LastValue);
        Assert.Equal(before.Points.Select(p => p.Value), after.Points.Select(p => p.Value));
        Assert.Equal(5, after.Forecast.Count);
        var next = await grain.Ingest(Minutes(49, 2, _ => 11));
        Assert.Equal((1, 0, 1), (next.Accepted, next.OutOfOrder, next.Duplicates));
    }

    [Fact]
    public async Task A_gauge_far_from_zero_keeps_its_variation_in_its_points_and_across_deactivation()
    {
        // Bytes in use around 5 GB, moving by a few kilobytes: a float holds 5e9 only to 512.
        await using var cluster = await MonitoringCluster.StartAsync();
        var series = SeriesKey.Create("svc", "memory_bytes");
        var grain = cluster.Client.GetGrain<IMetricGrain>(series.Id);
        double Bytes(int i) => 5_000_000_000 + (4096 * (i % 7)) + i;
        await grain.Ingest(Minutes(0, 60, Bytes));
        var before = await grain.Describe(60, 5);

        await cluster.Runtime.DeactivateAsync(new EnterpriseHub.Runtime.GrainId("metric", series.Id));
        var after = await grain.Describe(60, 5);

        var expected = Enumerable.Range(0, 60).Select(Bytes).TakeLast(before.Points.Count).ToArray();
        Assert.InRange(expected.Length, 20, 60);
        Assert.Equal(expected, before.Points.Select(p => p.Value));
        Assert.Equal(expected, after.Points.Select(p => p.Value));
        Assert.All(after.Points, p => Assert.InRange(p.Expected, 5_000_000_000, 5_000_030_000));
    }

    [Fact]
    public async Task A_band_of_megabytes_is_kept_finite_in_the_points()
    {
        // Network bytes around 1 GB moving by megabytes: a band wider than a half float's 65,504 was infinite.
        await using var cluster = await MonitoringCluster.StartAsync();
        var series = SeriesKey.Create("net", "network_in_bytes");
        var grain = cluster.Client.GetGrain<IMetricGrain>(series.Id);
        await grain.Ingest(Minutes(0, 100, i => 1e9 + (5e6 * Noise(i))));

        var points = (await grain.Describe(20, 0)).Points;

        Assert.Equal(20, points.Count);
        Assert.All(points, p => Assert.InRange(p.Upper - p.Lower, 1e5, 1e9));
        Assert.All(points, p => Assert.InRange(p.Expected, p.Lower, p.Upper));
    }

    // A counter of requests, 10 + Noise(i) a second, restarted from zero just after minute 299: the count at minute i.
    private static double Requests(int i)
    {
        var since = i < 300 ? 0 : 299;
        return Enumerable.Range(since + 1, i - since).Sum(k => 60 * (10 + Noise(k)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_counter_is_monitored_as_its_per_second_rate_and_its_restart_from_zero_is_no_anomaly(bool countersAsRates)
    {
        await using var cluster = await MonitoringCluster.StartAsync(o => o.CountersAsRates = countersAsRates);
        var series = SeriesKey.Create(countersAsRates ? "checkout" : "payments", "http_requests_total");
        var grain = cluster.Client.GetGrain<IMetricGrain>(series.Id);

        await grain.Ingest(Minutes(0, 600, Requests));
        var view = await grain.Describe(40, 0);

        if (countersAsRates)
        {
            // The first sample is the base of the first rate; the rest are rates, the restart's too.
            Assert.Equal((true, 599L), (view.PerSecond, view.Samples));
            var expected = Enumerable.Range(560, 40).Select(i => 10 + Noise(i)).ToArray();
            Assert.Equal(expected, view.Points.Select(p => p.Value), (a, b) => Math.Abs(a - b) < 1e-3);
            Assert.Empty(RecordingAlertRouter.For(series.Id));
        }
        else
        {
            // As sent, the restart is a drop from 180,000 to 600, and an anomaly.
            Assert.Equal((false, 600L, Requests(599)), (view.PerSecond, view.Samples, view.LastValue!.Value));
            var fired = await RecordingAlertRouter.WaitFor(series.Id, a => a.State == AlertState.Firing);
            Assert.InRange(fired.StartsAt.ToUnixTimeMilliseconds(), s_start + (300 * 60_000L), s_start + (302 * 60_000L));
        }
    }

    [Fact]
    public async Task A_counters_base_survives_deactivation_and_a_series_that_becomes_a_counter_starts_afresh()
    {
        await using var cluster = await MonitoringCluster.StartAsync(o => o.CountersAsRates = false);
        var options = cluster.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Grains.Monitoring.MonitoringOptions>>().Value;
        var series = SeriesKey.Create("cart", "http_requests_total");
        var grain = cluster.Client.GetGrain<IMetricGrain>(series.Id);
        var id = new EnterpriseHub.Runtime.GrainId("metric", series.Id);

        // Learned as sent (an older checkpoint, or counters not read as rates), then read as a counter: the models,
        // which know counts around 90,000, start again from the next sample, the base of the first rate.
        await grain.Ingest(Minutes(0, 150, Requests));
        await cluster.Runtime.DeactivateAsync(id);
        options.CountersAsRates = true;
        var afresh = await grain.Describe(40, 0);
        Assert.Equal((true, 0L, null, 0), (afresh.PerSecond, afresh.Samples, afresh.LastValue, afresh.Points.Count));

        await grain.Ingest(Minutes(150, 50, Requests));
        await cluster.Runtime.DeactivateAsync(id);
        await grain.Ingest(Minutes(200, 1, Requests));
        var view = await grain.Describe(40, 0);

        Assert.Equal(50L, view.Samples);
        Assert.Equal(10 + Noise(200), view.LastValue!.Value, 9);
        Assert.Empty(RecordingAlertRouter.For(series.Id));
    }
}
