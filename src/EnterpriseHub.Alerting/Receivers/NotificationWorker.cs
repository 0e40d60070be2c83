using System.Threading.Channels;
using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Alerting.Configuration;
using EnterpriseHub.Alerting.Dispatch;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Alerting.Receivers;

/// <summary>
/// Delivers notifications off the router's turns: the router queues them and goes on; a few workers send each one,
/// retrying failures that may pass (network errors, 5xx, 429) with doubling waits, and report the outcome back
/// through the callback given with it (the router turns it into a grain call, so the result is applied in a turn).
/// </summary>
public sealed class NotificationWorker : IAsyncDisposable
{
    private readonly Channel<Job> _queue = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleReader = false });
    private readonly CancellationTokenSource _stopping = new();
    private readonly AlertReceiverFactory _receivers;
    private readonly AlertNotificationCounters _counters;
    private readonly AlertingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<NotificationWorker> _logger;
    private readonly Task[] _workers;

    /// <summary>Starts <see cref="AlertingOptions.DeliveryConcurrency"/> workers.</summary>
    public NotificationWorker(
        AlertReceiverFactory receivers,
        AlertNotificationCounters counters,
        IOptions<AlertingOptions> options,
        TimeProvider time,
        ILogger<NotificationWorker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _receivers = receivers;
        _counters = counters;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _workers = new Task[_options.DeliveryConcurrency];
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = Task.Run(RunAsync);
        }
    }

    /// <summary>Queues <paramref name="notification"/>; <paramref name="completed"/> gets the outcome.</summary>
    public void Enqueue(Notification notification, Func<AlertDeliveryReport, Task> completed)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(completed);
        if (notification.Integration is null)
        {
            throw new ArgumentException("A notification for a receiver that only records has nothing to deliver.", nameof(notification));
        }

        if (!_queue.Writer.TryWrite(new Job(notification, completed)))
        {
            throw new InvalidOperationException("The notification worker has stopped.");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_workers).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: deliveries in progress are abandoned; the notification log still says they were not sent.
        }

        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        await foreach (var job in _queue.Reader.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
        {
            var report = await DeliverAsync(job.Notification, _stopping.Token).ConfigureAwait(false);
            try
            {
                await job.Completed(report).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogWarning(ex, "Could not report the delivery of notification {NotificationId} to {Receiver}", report.NotificationId, report.Receiver);
            }
        }
    }

    private async Task<AlertDeliveryReport> DeliverAsync(Notification notification, CancellationToken stopping)
    {
        var integration = notification.Integration!;
        var receiver = _receivers.Get(integration);
        var timeout = integration switch
        {
            WebhookIntegration w => w.Timeout,
            PagerDutyIntegration p => p.Timeout,
            _ => TimeSpan.FromSeconds(10),
        };
        var delay = _options.InitialRetryDelay;
        string? error = null;
        var attempt = 0;
        while (attempt < _options.MaxDeliveryAttempts && !stopping.IsCancellationRequested)
        {
            attempt++;
            var retryable = true;
            try
            {
                using var attemptTimeout = new CancellationTokenSource(timeout, _time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, attemptTimeout.Token);
                await receiver.SendAsync(notification, linked.Token).ConfigureAwait(false);
                _counters.Count(notification.Receiver, AlertNotificationCounters.Success);
                _logger.LogInformation("Notified {Receiver} ({Integration}) about {GroupKey}: {Alerts} alert(s)",
                    notification.Receiver, integration.Key, notification.GroupKey, notification.Alerts.Count);
                return Report(notification, succeeded: true, attempt, error: null);
            }
            catch (AlertDeliveryException ex)
            {
                error = ex.Message;
                retryable = ex.Retryable;
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException && !stopping.IsCancellationRequested)
            {
                error = ex is OperationCanceledException ? $"no answer within {timeout.TotalSeconds:0.###} s" : ex.Message;
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                // Anything else is a fault of ours (a payload that cannot be written, say): trying again won't help.
                error = ex.Message;
                retryable = false;
            }

            if (!retryable || attempt >= _options.MaxDeliveryAttempts)
            {
                break;
            }

            _counters.CountRetry(notification.Receiver);
            _logger.LogWarning("Notifying {Receiver} ({Integration}) failed on attempt {Attempt}: {Error}; retrying in {Delay}",
                notification.Receiver, integration.Key, attempt, error, delay);
            try
            {
                await Task.Delay(delay, _time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
        }

        _counters.Count(notification.Receiver, AlertNotificationCounters.Failure);
        _logger.LogError("Notifying {Receiver} ({Integration}) about {GroupKey} failed after {Attempts} attempt(s): {Error}",
            notification.Receiver, integration.Key, notification.GroupKey, attempt, error);
        return Report(notification, succeeded: false, attempt, error ?? "stopped");
    }

    private static AlertDeliveryReport Report(Notification n, bool succeeded, int attempts, string? error) =>
        new(n.Id, n.Receiver, n.IntegrationKey, n.GroupId, succeeded, attempts, error);

    private sealed record Job(Notification Notification, Func<AlertDeliveryReport, Task> Completed);
}
