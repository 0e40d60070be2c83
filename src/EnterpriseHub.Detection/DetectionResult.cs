namespace EnterpriseHub.Detection;

/// <summary>The ensemble's verdict on one sample.</summary>
/// <param name="Score">Anomaly score in [0, 1]: ln p / ln 1e-8 of the sample's tail probability p under the series' learned
/// behaviour (0.5 is p = 1e-4, 0.625 is 1e-5, 1 is 1e-8 or less); inside an episode only the sample that alerts is
/// reported, every other sample scores 0.</param>
/// <param name="IsAnomaly">Whether the engine alerts on this sample at its configured sensitivity: once per episode, on
/// its first sample that reaches the sensitivity's threshold, or that completes k of the last n samples beyond the
/// persistence level (then the score is the threshold and the component <see cref="DetectorComponent.Persistence"/>).</param>
/// <param name="Expected">The value the baseline expected for this sample.</param>
/// <param name="Lower">Lower edge of the normal band for this sample.</param>
/// <param name="Upper">Upper edge of the normal band for this sample.</param>
/// <param name="Component">Which detector contributed the strongest evidence.</param>
/// <param name="Sustains">Whether this sample keeps an episode that has alerted going: its evidence is at least half the
/// episode's peak (a stuck value, a shift that persists), though it is not reported.</param>
public readonly record struct DetectionResult(
    double Score,
    bool IsAnomaly,
    double Expected,
    double Lower,
    double Upper,
    DetectorComponent Component,
    bool Sustains = false);
