using EnterpriseHub.Abstractions.Metrics;

namespace EnterpriseHub.Ingestion;

/// <summary>A decoded request: the samples per series for the sink, and what was skipped on the way.</summary>
/// <param name="Series">One entry per distinct series, samples in timestamp order (stable for equal timestamps).</param>
/// <param name="Samples">Samples handed on in <paramref name="Series"/>.</param>
/// <param name="SkippedStale">Staleness markers (Prometheus' special NaN, OTLP's no-recorded-value flag): skipped.</param>
/// <param name="SkippedNonFinite">Other NaN or infinite values, values beyond ±1e100 (<see cref="EnterpriseHub.Detection.SampleValues"/>), and OTLP
/// points without a usable value: skipped.</param>
public sealed record DecodedBatch(IReadOnlyList<SeriesSamples> Series, int Samples, int SkippedStale, int SkippedNonFinite)
{
    /// <summary>Every skipped sample.</summary>
    public int Skipped => SkippedStale + SkippedNonFinite;
}
