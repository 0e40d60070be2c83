namespace EnterpriseHub.Silo.Monitoring;

/// <summary>Limits of the sample router (section <c>Ingestion</c>, shared with the wire decoders).</summary>
public sealed class SampleRouterOptions
{
    /// <summary>Default <see cref="MaxSeriesPerService"/>.</summary>
    public const int DefaultMaxSeriesPerService = 10_000;

    /// <summary>Default <see cref="MaxInFlightSamples"/>.</summary>
    public const int DefaultMaxInFlightSamples = 2_000_000;

    /// <summary>Default <see cref="RetryAfterSeconds"/>.</summary>
    public const int DefaultRetryAfterSeconds = 1;

    /// <summary>New series beyond this many per service are refused.</summary>
    public int MaxSeriesPerService { get; set; } = DefaultMaxSeriesPerService;

    /// <summary>Samples being applied at once across all requests; past it requests get 429.</summary>
    public int MaxInFlightSamples { get; set; } = DefaultMaxInFlightSamples;

    /// <summary>The Retry-After a saturated silo asks for.</summary>
    public int RetryAfterSeconds { get; set; } = DefaultRetryAfterSeconds;
}
