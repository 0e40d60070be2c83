using System.Collections.Concurrent;

namespace EnterpriseHub.Alerting.Receivers;

/// <summary>Counts finished deliveries per receiver and outcome (<c>success</c>, <c>failure</c>), for
/// <c>ehub_alert_notifications_total{receiver,outcome}</c>, and failed attempts that were retried.</summary>
public sealed class AlertNotificationCounters
{
    /// <summary>The outcome label of a delivery the receiver accepted.</summary>
    public const string Success = "success";

    /// <summary>The outcome label of a delivery that failed after its retries.</summary>
    public const string Failure = "failure";

    private readonly ConcurrentDictionary<(string Receiver, string Outcome), long> _notifications = new();
    private readonly ConcurrentDictionary<string, long> _retries = new(StringComparer.Ordinal);

    /// <summary>Counts one finished delivery.</summary>
    public void Count(string receiver, string outcome) => _notifications.AddOrUpdate((receiver, outcome), 1, static (_, n) => n + 1);

    /// <summary>Counts one failed attempt that will be retried.</summary>
    public void CountRetry(string receiver) => _retries.AddOrUpdate(receiver, 1, static (_, n) => n + 1);

    /// <summary>Finished deliveries by receiver and outcome, sorted.</summary>
    public IReadOnlyList<(string Receiver, string Outcome, long Count)> Notifications() =>
        _notifications.Select(p => (p.Key.Receiver, p.Key.Outcome, p.Value))
            .OrderBy(t => t.Receiver, StringComparer.Ordinal).ThenBy(t => t.Outcome, StringComparer.Ordinal).ToList();

    /// <summary>Retried attempts by receiver, sorted.</summary>
    public IReadOnlyList<(string Receiver, long Count)> Retries() =>
        _retries.Select(p => (p.Key, p.Value)).OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
}
