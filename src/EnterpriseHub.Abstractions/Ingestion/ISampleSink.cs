using EnterpriseHub.Abstractions.Metrics;

namespace EnterpriseHub.Abstractions.Ingestion;

/// <summary>
/// Where decoded samples go: the router that hands each series to its metric grain. Success means every sample was
/// applied by its grain (or counted as out of order or duplicate); nothing accepted is lost.
/// </summary>
public interface ISampleSink
{
    /// <summary>Delivers a decoded request. Throws <see cref="IngestRejectedException"/> when a limit refuses the
    /// request as a whole (series per service) and <see cref="IngestOverloadedException"/> under back-pressure.</summary>
    ValueTask<IngestOutcome> WriteAsync(IReadOnlyList<SeriesSamples> batch, CancellationToken cancellationToken);
}

/// <summary>What happened to the samples of one request.</summary>
/// <param name="Series">Series in the request.</param>
/// <param name="Accepted">Samples applied by their grains.</param>
/// <param name="OutOfOrder">Samples older than the series' newest sample, dropped.</param>
/// <param name="Duplicates">Samples whose timestamp the series already had, dropped.</param>
public sealed record IngestOutcome(int Series, int Accepted, int OutOfOrder, int Duplicates);

/// <summary>The request breaks a limit that depends on stored state (for example series per service).</summary>
/// <param name="field">What the limit is about, for the problem details (for example <c>series</c>).</param>
/// <param name="message">A sentence naming the series or service.</param>
public sealed class IngestRejectedException(string field, string message) : Exception(message)
{
    /// <summary>What the limit is about.</summary>
    public string Field { get; } = field;
}

/// <summary>The silo is saturated; the client should retry after <see cref="RetryAfter"/>.</summary>
/// <param name="retryAfter">How long to wait.</param>
public sealed class IngestOverloadedException(TimeSpan retryAfter) : Exception($"Ingestion is saturated; retry after {retryAfter.TotalSeconds:F0} s.")
{
    /// <summary>How long to wait.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}
