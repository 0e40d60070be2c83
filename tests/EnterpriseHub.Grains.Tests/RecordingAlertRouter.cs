using System.Collections.Concurrent;
using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Runtime;

namespace EnterpriseHub.Grains.Tests;

/// <summary>Stands in for the alert router and records what metric grains send it; the query and silence methods
/// belong to the real router's tests.</summary>
public sealed class RecordingAlertRouter : Grain, IAlertRouterGrain
{
    public static ConcurrentQueue<Alert> Received { get; } = new();

    public Task Receive(Alert[] alerts)
    {
        foreach (var alert in alerts)
        {
            Received.Enqueue(alert);
        }

        return Task.CompletedTask;
    }

    public Task<AlertView[]> GetAlerts(AlertQuery query) => throw new NotSupportedException();

    public Task<SilenceRecord[]> GetSilences() => throw new NotSupportedException();

    public Task<SilenceRecord?> GetSilence(string id) => throw new NotSupportedException();

    public Task<SilenceRecord> CreateSilence(SilenceRequest request) => throw new NotSupportedException();

    public Task<SilenceRecord?> UpdateSilence(string id, SilenceRequest request) => throw new NotSupportedException();

    public Task<SilenceRecord?> ExpireSilence(string id) => throw new NotSupportedException();

    public Task<AlertView[]> PreviewSilence(SilenceRequest request) => throw new NotSupportedException();

    public Task ReportDelivery(AlertDeliveryReport report) => throw new NotSupportedException();

    public static IReadOnlyList<Alert> For(string seriesId) => [.. Received.Where(a => a.SeriesId == seriesId)];

    /// <summary>Alert delivery is a one-way hop from the metric grain, so tests wait for it to land.</summary>
    public static async Task<Alert> WaitFor(string seriesId, Func<Alert, bool> match)
    {
        await EnterpriseHub.TestingHost.InProcessTestCluster.WaitUntilAsync(() => For(seriesId).Any(match), TimeSpan.FromSeconds(10), $"an alert on {seriesId}");
        return For(seriesId).First(match);
    }

    /// <summary>Waits until <paramref name="count"/> alerts of the series have arrived.</summary>
    public static async Task<IReadOnlyList<Alert>> WaitForCount(string seriesId, Func<Alert, bool> match, int count)
    {
        await EnterpriseHub.TestingHost.InProcessTestCluster.WaitUntilAsync(() => For(seriesId).Count(match) >= count, TimeSpan.FromSeconds(10), $"{count} alerts on {seriesId}");
        return [.. For(seriesId).Where(match)];
    }
}
