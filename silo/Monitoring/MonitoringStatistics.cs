namespace EnterpriseHub.Silo.Monitoring;

/// <summary>Counters of the monitoring pipeline for /metrics.</summary>
public sealed class MonitoringStatistics
{
    private long _accepted;
    private long _outOfOrder;
    private long _duplicates;
    private long _overloaded;
    private long _rejected;

    /// <summary>Samples applied by grains.</summary>
    public long Accepted => Volatile.Read(ref _accepted);

    /// <summary>Samples dropped as out of order.</summary>
    public long OutOfOrder => Volatile.Read(ref _outOfOrder);

    /// <summary>Samples dropped as duplicates.</summary>
    public long Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>Requests refused with 429.</summary>
    public long Overloaded => Volatile.Read(ref _overloaded);

    /// <summary>Requests refused by the series limit.</summary>
    public long Rejected => Volatile.Read(ref _rejected);

    internal void Record(int accepted, int outOfOrder, int duplicates)
    {
        Interlocked.Add(ref _accepted, accepted);
        Interlocked.Add(ref _outOfOrder, outOfOrder);
        Interlocked.Add(ref _duplicates, duplicates);
    }

    internal void RecordOverloaded() => Interlocked.Increment(ref _overloaded);

    internal void RecordRejected() => Interlocked.Increment(ref _rejected);
}
