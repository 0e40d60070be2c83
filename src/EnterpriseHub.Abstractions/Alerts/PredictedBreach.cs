namespace EnterpriseHub.Abstractions.Alerts;

/// <summary>When a forecast says a threshold will be crossed, with its interval.</summary>
/// <param name="Threshold">The value that will be crossed.</param>
/// <param name="PredictedAt">The most likely time of the crossing.</param>
/// <param name="TimeToOccurrence">From the evaluation to <paramref name="PredictedAt"/>.</param>
/// <param name="Earliest">Lower end of the interval of the time to occurrence.</param>
/// <param name="Latest">Upper end of the interval; null when the interval is open-ended within the horizon.</param>
/// <param name="Confidence">Probability that the crossing happens within the horizon.</param>
public sealed record PredictedBreach(
    double Threshold,
    DateTimeOffset PredictedAt,
    TimeSpan TimeToOccurrence,
    TimeSpan Earliest,
    TimeSpan? Latest,
    double Confidence);
