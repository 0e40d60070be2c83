using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Abstractions.Services;

namespace EnterpriseHub.Silo.Demo;

/// <summary>The incidents the demo injects, in turn.</summary>
public enum DemoIncident
{
    /// <summary>Checkout latency climbs for two minutes, then recovers.</summary>
    LatencyCreep,

    /// <summary>Checkout errors jump for a minute.</summary>
    ErrorSpike,

    /// <summary>The inventory database's disk fills until a cleanup three minutes later.</summary>
    DiskFilling,
}

/// <summary>
/// The demo's services and series: daily seasonality, noise and the injected incidents, as pure functions of time,
/// so the same moment always gives the same value.
/// </summary>
public static class DemoScenario
{
    /// <summary>The demo's catalog entries (used unless the catalog file names the same services).</summary>
    public static IReadOnlyList<ServiceCatalogEntry> Catalog { get; } =
    [
        new()
        {
            Name = "checkout",
            Tier = ServiceTier.Critical,
            Owner = "payments-oncall",
            Team = "payments",
            CostCenter = "cc-1200",
            Slos = [new SloTarget("latency", "latency_p99_ms", 300, 0.99), new SloTarget("errors", "error_rate", 0.02, 0.995)],
            Rules = ["latency_p99_ms > 400 for 30s", "error_rate > 0.05 for 20s severity critical"],
            BusinessImpact = new Dictionary<AlertSeverity, string>
            {
                [AlertSeverity.Critical] = "Customers cannot complete purchases; roughly 12,000 EUR of revenue per minute at risk.",
                [AlertSeverity.High] = "Checkout is slow or failing for some customers; conversion drops by several percent.",
                [AlertSeverity.Medium] = "Degraded checkout performance; no revenue impact yet.",
            },
        },
        new()
        {
            Name = "search",
            Tier = ServiceTier.High,
            Owner = "discovery-oncall",
            Team = "discovery",
            CostCenter = "cc-1300",
            Rules = ["latency_p99_ms > 900 for 1m"],
            BusinessImpact = new Dictionary<AlertSeverity, string> { [AlertSeverity.High] = "Search results are slow; browsing customers abandon sessions." },
        },
        new()
        {
            Name = "inventory-db",
            Tier = ServiceTier.High,
            Owner = "platform-oncall",
            Team = "platform",
            CostCenter = "cc-0900",
            Rules = ["disk_used_percent > 90 for 20s severity critical"],
            BusinessImpact = new Dictionary<AlertSeverity, string>
            {
                [AlertSeverity.Critical] = "The inventory database stops accepting writes; orders cannot be reserved.",
                [AlertSeverity.High] = "Inventory writes will stop when the disk fills.",
            },
        },
    ];

    /// <summary>The demo's series with their normal level, daily swing and noise.</summary>
    public static IReadOnlyList<(SeriesKey Series, double Level, double Swing, double Noise)> Series { get; } =
    [
        (SeriesKey.Create("checkout", "latency_p99_ms", [new Label("region", "eu-west")]), 180, 40, 6),
        (SeriesKey.Create("checkout", "error_rate", [new Label("region", "eu-west")]), 0.004, 0.002, 0.0008),
        (SeriesKey.Create("checkout", "requests_per_second", [new Label("region", "eu-west")]), 300, 120, 12),
        (SeriesKey.Create("checkout", "cpu_percent", [new Label("instance", "checkout-1")]), 45, 15, 2),
        (SeriesKey.Create("search", "latency_p99_ms", [new Label("region", "eu-west")]), 350, 60, 15),
        (SeriesKey.Create("search", "requests_per_second", [new Label("region", "eu-west")]), 800, 300, 25),
        (SeriesKey.Create("search", "cpu_percent", [new Label("instance", "search-1")]), 55, 20, 3),
        (SeriesKey.Create("inventory-db", "disk_used_percent", [new Label("volume", "data")]), 62, 0, 0.05),
        (SeriesKey.Create("inventory-db", "connections_in_use", [new Label("instance", "db-1")]), 40, 10, 2),
        (SeriesKey.Create("inventory-db", "cpu_percent", [new Label("instance", "db-1")]), 30, 10, 2),
    ];

    /// <summary>The value of series <paramref name="index"/> at <paramref name="time"/>, with the incident active
    /// then (if any) and how far into it.</summary>
    public static double Value(int index, DateTimeOffset time, DemoIncident? incident, TimeSpan into)
    {
        var (series, level, swing, noise) = Series[index];
        var dayFraction = time.TimeOfDay.TotalHours / 24;
        var value = level + (swing * Math.Sin(2 * Math.PI * (dayFraction - 0.25))) + (noise * Hash(index, time.ToUnixTimeMilliseconds()));
        switch (incident)
        {
            case DemoIncident.LatencyCreep when series.Service == "checkout" && series.Metric == "latency_p99_ms" && into < TimeSpan.FromMinutes(2):
                value += 3 * into.TotalSeconds;
                break;
            case DemoIncident.ErrorSpike when series.Service == "checkout" && series.Metric == "error_rate" && into < TimeSpan.FromMinutes(1):
                value += 0.08;
                break;
            case DemoIncident.DiskFilling when series.Metric == "disk_used_percent" && into < TimeSpan.FromMinutes(3):
                value += 0.08 * into.TotalSeconds;
                break;
        }

        return Math.Max(0, value);
    }

    /// <summary>A deterministic noise value in [-1, 1) from the series and time.</summary>
    private static double Hash(int index, long timestampMs)
    {
        var x = (ulong)((timestampMs * 2654435761L) ^ (index * 40503L));
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        return ((x >> 11) * (1.0 / (1UL << 53)) * 2) - 1;
    }
}
