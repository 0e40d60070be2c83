using EnterpriseHub.Abstractions.Ingestion;

namespace EnterpriseHub.Ingestion;

/// <summary>The wire formats samples arrive in.</summary>
public enum IngestProtocol
{
    /// <summary>Prometheus remote_write 1.0.</summary>
    RemoteWrite,

    /// <summary>OTLP/HTTP metrics, protobuf or JSON.</summary>
    Otlp,

    /// <summary>The JSON array / NDJSON sample format.</summary>
    Json,
}

/// <summary>How a request ended.</summary>
public enum IngestRequestResult
{
    /// <summary>2xx: the sink applied the batch.</summary>
    Accepted,

    /// <summary>400: malformed, or a limit of the series or of stored state refused it.</summary>
    Invalid,

    /// <summary>413: body, uncompressed body or sample count over its limit.</summary>
    TooLarge,

    /// <summary>415: content type or encoding not supported.</summary>
    Unsupported,

    /// <summary>429: back-pressure.</summary>
    Overloaded,

    /// <summary>503: no sink is configured.</summary>
    Unavailable,
}

/// <summary>
/// Counters of the ingestion endpoints, per protocol, for <c>/metrics</c>: requests by result, and samples by what
/// became of them. Lock-free; read while written.
/// </summary>
public sealed class IngestionStatistics
{
    private static readonly int s_protocols = Enum.GetValues<IngestProtocol>().Length;
    private static readonly int s_results = Enum.GetValues<IngestRequestResult>().Length;
    private readonly long[] _requests = new long[s_protocols * s_results];
    private readonly long[] _samples = new long[s_protocols * SampleFates.Length];

    /// <summary>What becomes of a sample, as the <c>fate</c> label of the samples counter.</summary>
    public static readonly string[] SampleFates = ["accepted", "out_of_order", "duplicate", "skipped_stale", "skipped_invalid", "refused"];

    /// <summary>Requests of <paramref name="protocol"/> that ended with <paramref name="result"/>.</summary>
    public long Requests(IngestProtocol protocol, IngestRequestResult result) =>
        Volatile.Read(ref _requests[((int)protocol * s_results) + (int)result]);

    /// <summary>Samples of <paramref name="protocol"/> with fate <paramref name="fate"/> (an index into <see cref="SampleFates"/>).</summary>
    public long Samples(IngestProtocol protocol, int fate) => Volatile.Read(ref _samples[((int)protocol * SampleFates.Length) + fate]);

    /// <summary>Records a request the sink applied.</summary>
    public void RecordAccepted(IngestProtocol protocol, DecodedBatch batch, IngestOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(outcome);
        Count(protocol, IngestRequestResult.Accepted);
        AddSamples(protocol, 0, outcome.Accepted);
        AddSamples(protocol, 1, outcome.OutOfOrder);
        AddSamples(protocol, 2, outcome.Duplicates);
        AddSamples(protocol, 3, batch.SkippedStale);
        AddSamples(protocol, 4, batch.SkippedNonFinite);
    }

    /// <summary>Records a request that got an error; <paramref name="decodedSamples"/> are the samples it carried if
    /// it was decoded before it was refused (0 otherwise).</summary>
    public void RecordRefused(IngestProtocol protocol, IngestRequestResult result, int decodedSamples = 0)
    {
        Count(protocol, result);
        AddSamples(protocol, 5, decodedSamples);
    }

    private void Count(IngestProtocol protocol, IngestRequestResult result) =>
        Interlocked.Increment(ref _requests[((int)protocol * s_results) + (int)result]);

    private void AddSamples(IngestProtocol protocol, int fate, long count)
    {
        if (count != 0)
        {
            Interlocked.Add(ref _samples[((int)protocol * SampleFates.Length) + fate], count);
        }
    }
}
