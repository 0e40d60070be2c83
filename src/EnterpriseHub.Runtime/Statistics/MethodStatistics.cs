using System.Diagnostics;
using EnterpriseHub.Runtime.Invocation;

namespace EnterpriseHub.Runtime.Statistics;

/// <summary>Calls, exceptions and a latency histogram of one grain method on one grain type.</summary>
public sealed class MethodStatistics
{
    /// <summary>Upper bounds of the latency histogram buckets, in seconds (a final +Inf bucket is implied).
    /// Grain turns are microseconds when warm, so the low end is finer than Prometheus' defaults.</summary>
    public static readonly double[] BucketBoundsSeconds = [0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30];

    private static readonly long[] s_bucketBoundsTicks = ToTicks(BucketBoundsSeconds);

    private readonly long[] _buckets = new long[BucketBoundsSeconds.Length + 1];
    private long _calls;
    private long _exceptions;
    private long _elapsedTicks;

    internal MethodStatistics(GrainMethodDescriptor method)
    {
        Method = method;
    }

    /// <summary>The method.</summary>
    public GrainMethodDescriptor Method { get; }

    /// <summary>Completed calls.</summary>
    public long Calls => Volatile.Read(ref _calls);

    /// <summary>Calls that ended in an exception.</summary>
    public long Exceptions => Volatile.Read(ref _exceptions);

    /// <summary>Total time spent in the method, from turn start to completion.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(0, Volatile.Read(ref _elapsedTicks));

    /// <summary>Non-cumulative bucket counts; the last bucket is +Inf.</summary>
    public long[] BucketCounts()
    {
        var copy = new long[_buckets.Length];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = Volatile.Read(ref _buckets[i]);
        }

        return copy;
    }

    internal void Record(long elapsedTicks, bool failed)
    {
        Interlocked.Increment(ref _calls);
        if (failed)
        {
            Interlocked.Increment(ref _exceptions);
        }

        Interlocked.Add(ref _elapsedTicks, elapsedTicks);
        var bounds = s_bucketBoundsTicks;
        var bucket = 0;
        while (bucket < bounds.Length && elapsedTicks > bounds[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref _buckets[bucket]);
    }

    private static long[] ToTicks(double[] seconds)
    {
        var ticks = new long[seconds.Length];
        for (var i = 0; i < seconds.Length; i++)
        {
            ticks[i] = (long)(seconds[i] * Stopwatch.Frequency);
        }

        return ticks;
    }
}
