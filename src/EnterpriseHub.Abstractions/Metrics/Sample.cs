namespace EnterpriseHub.Abstractions.Metrics;

/// <summary>One observation of a series.</summary>
/// <param name="TimestampMs">Unix time in milliseconds.</param>
/// <param name="Value">The value; never NaN or infinite once accepted.</param>
public readonly record struct Sample(long TimestampMs, double Value);
