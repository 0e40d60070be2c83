namespace EnterpriseHub.Detection.Evaluation;

/// <summary>The best corpus-wide threshold for one profile and the score it achieves.</summary>
/// <param name="Profile">The profile optimised for.</param>
/// <param name="Threshold">Threshold T (rows with score &gt;= T are detections); above 1 means "never detect".</param>
/// <param name="RawScore">Sum of the per-file raw scores at <paramref name="Threshold"/>.</param>
/// <param name="NormalizedScore">100 (raw - null) / (perfect - null).</param>
public sealed record NabThresholdResult(NabProfile Profile, double Threshold, double RawScore, double NormalizedScore);
