using System.Collections.Concurrent;

namespace EnterpriseHub.Runtime.Statistics;

/// <summary>Mailbox figures of one grain type at one moment.</summary>
/// <param name="GrainType">The grain type.</param>
/// <param name="QueuedRequests">Requests waiting in all its mailboxes.</param>
/// <param name="LongestMailbox">The longest single mailbox.</param>
public readonly record struct MailboxSnapshot(string GrainType, long QueuedRequests, int LongestMailbox);

/// <summary>The runtime's statistics: per grain type activations and per method calls, exceptions and latency;
/// mailbox lengths on demand. They feed /metrics and the dashboard.</summary>
public sealed class RuntimeStatistics
{
    private readonly ConcurrentDictionary<string, GrainTypeStatistics> _types = new(StringComparer.Ordinal);
    private readonly Func<IReadOnlyList<MailboxSnapshot>> _mailboxes;
    private long _timedOutRequests;

    internal RuntimeStatistics(Func<IReadOnlyList<MailboxSnapshot>> mailboxes)
    {
        _mailboxes = mailboxes;
    }

    /// <summary>Every grain type seen so far.</summary>
    public IReadOnlyList<GrainTypeStatistics> GrainTypes => [.. _types.Values.OrderBy(t => t.GrainType, StringComparer.Ordinal)];

    /// <summary>Calls whose caller was given a <see cref="TimeoutException"/>.</summary>
    public long TimedOutRequests => Volatile.Read(ref _timedOutRequests);

    /// <summary>Current mailbox lengths per grain type (walks every activation).</summary>
    public IReadOnlyList<MailboxSnapshot> Mailboxes() => _mailboxes();

    internal GrainTypeStatistics ForType(string grainType) =>
        _types.GetOrAdd(grainType, static type => new GrainTypeStatistics(type));

    internal void RequestTimedOut() => Interlocked.Increment(ref _timedOutRequests);
}
