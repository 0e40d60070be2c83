namespace EnterpriseHub.Detection;

/// <summary>The ensemble's verdict on one sample.</summary>
/// <param name="Score">Calibrated anomaly score in [0, 1]; higher means less likely under the learned behaviour.</param>
/// <param name="IsAnomaly">Whether the engine alerts on this sample at its configured sensitivity (once per episode, at its onset).</param>
/// <param name="Expected">The value the baseline expected for this sample.</param>
/// <param name="Lower">Lower edge of the normal band for this sample.</param>
/// <param name="Upper">Upper edge of the normal band for this sample.</param>
/// <param name="Component">Which detector contributed the strongest evidence.</param>
public readonly record struct DetectionResult(
    double Score,
    bool IsAnomaly,
    double Expected,
    double Lower,
    double Upper,
    DetectorComponent Component);
