namespace EnterpriseHub.Detection.Evaluation;

/// <summary>One file's NAB result for a set of detections, as NAB's per-file score tables report it.</summary>
/// <param name="RawScore">The file's raw score: its windows' best detections, its false positives, -fn per missed window.</param>
/// <param name="DetectedWindows">Windows with at least one scored detection.</param>
/// <param name="Windows">Windows in the file.</param>
/// <param name="FalsePositives">Scored rows (after probation) outside every window that are detections.</param>
public sealed record NabFileScore(double RawScore, int DetectedWindows, int Windows, int FalsePositives);
