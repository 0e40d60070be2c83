using System.Threading.Channels;
using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Runtime;
using Microsoft.Extensions.Logging;

namespace EnterpriseHub.Grains.Monitoring;

/// <summary>
/// Carries alert changes from every metric grain of the silo to the alert router in batches. A burst of alerts
/// (an incident touching thousands of series) becomes a few router turns, each applying many changes and storing
/// them in one transaction, instead of one turn and one transaction per series; order per fingerprint is kept
/// because there is one queue and one sender.
/// </summary>
public sealed partial class AlertOutbox : IAsyncDisposable
{
    /// <summary>Most alerts in one call to the router.</summary>
    public const int MaxBatch = 2048;

    private readonly Channel<Alert> _pending = Channel.CreateUnbounded<Alert>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IGrainFactory _grains;
    private readonly ILogger<AlertOutbox> _logger;
    private readonly Lazy<Task> _sender;

    /// <summary>Creates the outbox; its sender starts with the first alert.</summary>
    public AlertOutbox(IGrainFactory grains, ILogger<AlertOutbox> logger)
    {
        _grains = grains;
        _logger = logger;
        _sender = new Lazy<Task>(() => Task.Run(SendLoopAsync));
    }

    /// <summary>Queues alert changes; returns at once.</summary>
    public void Post(Alert[] alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        foreach (var alert in alerts)
        {
            _pending.Writer.TryWrite(alert);
        }

        _ = _sender.Value;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        if (_sender.IsValueCreated)
        {
            await _sender.Value.ConfigureAwait(false);
        }
    }

    private async Task SendLoopAsync()
    {
        var router = _grains.GetGrain<IAlertRouterGrain>(IAlertRouterGrain.DefaultKey);
        var batch = new List<Alert>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var alert))
            {
                batch.Add(alert);
            }

            try
            {
                await router.Receive([.. batch]).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Firing alerts are refreshed by their sources, so a lost batch heals at the next refresh.
                LogSendFailed(_logger, ex, batch.Count);
            }

            batch.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {Count} alert changes to the alert router failed; firing ones are sent again at their next refresh")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, int count);
}
