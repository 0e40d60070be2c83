namespace EnterpriseHub.Detection.Forecasting;

/// <summary>When a series is predicted to cross a threshold, with an interval.</summary>
/// <param name="Expected">When the point forecast crosses.</param>
/// <param name="Earliest">When the near edge of the prediction interval crosses (the earliest plausible time).</param>
/// <param name="Latest">When the far edge crosses, or null when it does not within the horizon searched.</param>
/// <param name="ExpectedSteps">Steps until the point forecast crosses.</param>
/// <param name="ExpectedIn">Time until the point forecast crosses.</param>
public sealed record ThresholdCrossing(DateTimeOffset Expected, DateTimeOffset Earliest, DateTimeOffset? Latest, int ExpectedSteps, TimeSpan ExpectedIn);
