using BenchmarkDotNet.Attributes;
using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Alerting.Dispatch;
using EnterpriseHub.Alerting.Storage;

namespace EnterpriseHub.Benchmarks.Alerting;

/// <summary>
/// The alert router's commit of a burst: firing state changes stored in one transaction (history row, active row and
/// event per alert). This is on the sample-to-alert path: the event stream reads what the commit stored.
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes the store.")]
public class AlertStoreBenchmarks
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private string _directory = null!;
    private AlertStore _store = null!;
    private Alert[] _alerts = null!;
    private int _round;

    /// <summary>Alerts in the burst.</summary>
    [Params(2, 200)]
    public int Burst { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("ehub-alertstore-bench-").FullName;
        _store = new AlertStore(Path.Combine(_directory, "alerts.db"));
        _alerts = [.. Enumerable.Range(0, Burst).Select(Alert)];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        if (_directory is not null && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Benchmark]
    public int CommitFiringBurst()
    {
        var changes = new DispatchChanges();
        var at = T0.AddSeconds(++_round);
        foreach (var alert in _alerts)
        {
            changes.Events.Add(new AlertChange(AlertEventTypes.Firing, at, alert));
        }

        return _store.Commit(changes).Count;
    }

    private static Alert Alert(int i)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["alertname"] = "load_metric_anomaly",
            ["service"] = "svc-" + (i % 100),
            ["metric"] = "load_metric_" + (i % 10),
            ["instance"] = "inst-" + i,
            ["severity"] = "high",
            ["kind"] = "anomaly",
        };
        return new Alert
        {
            Fingerprint = AlertFingerprint.Compute(labels),
            Name = "load_metric_anomaly",
            Kind = AlertKind.Anomaly,
            Severity = AlertSeverity.High,
            Confidence = 0.9,
            Labels = labels,
            Summary = "load_metric is unusual",
            StartsAt = T0,
            State = AlertState.Firing,
        };
    }
}
