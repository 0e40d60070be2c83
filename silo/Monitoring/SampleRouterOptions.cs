namespace EnterpriseHub.Silo.Monitoring;

/// <summary>Back-pressure of the sample router (section <c>Ingestion</c>, beside the decoders' limits in
/// <c>IngestionOptions</c>, whose <c>MaxSeriesPerService</c> the router enforces).</summary>
public sealed class SampleRouterOptions
{
    /// <summary>Default <see cref="MaxInFlightSamples"/>.</summary>
    public const int DefaultMaxInFlightSamples = 2_000_000;

    /// <summary>Default <see cref="RetryAfterSeconds"/>.</summary>
    public const int DefaultRetryAfterSeconds = 1;

    /// <summary>Samples being applied at once across all requests; past it requests get 429.</summary>
    public int MaxInFlightSamples { get; set; } = DefaultMaxInFlightSamples;

    /// <summary>The Retry-After a saturated silo asks for.</summary>
    public int RetryAfterSeconds { get; set; } = DefaultRetryAfterSeconds;
}
