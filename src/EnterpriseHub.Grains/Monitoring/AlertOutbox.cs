using System.Collections.Concurrent;
using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Runtime;
using Microsoft.Extensions.Logging;

namespace EnterpriseHub.Grains.Monitoring;

/// <summary>
/// Carries alert changes from every metric grain of the silo to the alert router in batches. A burst of alerts
/// (an incident touching thousands of series) becomes a few router turns, each applying many changes and storing
/// them in one transaction, instead of one turn and one transaction per series; order per fingerprint is kept
/// because there is one queue and one sender. The sender is a thread of its own, not a thread-pool task: under full
/// ingestion load, a continuation queued behind a flood of grain turns would add tens of milliseconds to every alert.
/// </summary>
public sealed partial class AlertOutbox : IAsyncDisposable
{
    /// <summary>Most alerts in one call to the router.</summary>
    public const int MaxBatch = 2048;

    // A blocking queue rather than a channel: a channel wakes its waiting reader through a thread-pool continuation,
    // which under load queues behind the grain turns this thread exists to avoid.
    private readonly BlockingCollection<Alert> _pending = new(new ConcurrentQueue<Alert>());
    private readonly IGrainFactory _grains;
    private readonly ILogger<AlertOutbox> _logger;
    private readonly Lazy<Thread> _sender;

    /// <summary>Creates the outbox; its sender starts with the first alert.</summary>
    public AlertOutbox(IGrainFactory grains, ILogger<AlertOutbox> logger)
    {
        _grains = grains;
        _logger = logger;
        _sender = new Lazy<Thread>(() =>
        {
            var thread = new Thread(SendLoop) { IsBackground = true, Name = "ehub-alert-outbox" };
            thread.Start();
            return thread;
        });
    }

    /// <summary>Queues alert changes; returns at once.</summary>
    public void Post(Alert[] alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        try
        {
            foreach (var alert in alerts)
            {
                _pending.Add(alert);
            }
        }
        catch (InvalidOperationException) when (_pending.IsAddingCompleted)
        {
            // Disposed: the silo is stopping and changes posted now are dropped, as they were with a completed channel.
            return;
        }

        _ = _sender.Value;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _pending.CompleteAdding();
        if (_sender.IsValueCreated)
        {
            _sender.Value.Join(TimeSpan.FromSeconds(10));
        }

        return ValueTask.CompletedTask;
    }

    private void SendLoop()
    {
        var router = _grains.GetGrain<IAlertRouterGrain>(IAlertRouterGrain.DefaultKey);
        var batch = new List<Alert>(MaxBatch);
        while (_pending.TryTake(out var first, Timeout.Infinite))
        {
            batch.Add(first);
            while (batch.Count < MaxBatch && _pending.TryTake(out var alert))
            {
                batch.Add(alert);
            }

            // Not awaited: the router's mailbox keeps the order, and waiting here would put a thread-pool hop (the
            // call's completion) in front of the next batch. Firing alerts are refreshed by their sources, so a batch
            // that fails heals at the next refresh.
            var count = batch.Count;
            router.Receive([.. batch]).ContinueWith(
                t => LogSendFailed(_logger, t.Exception!, count),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);

            batch.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {Count} alert changes to the alert router failed; firing ones are sent again at their next refresh")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, int count);
}
