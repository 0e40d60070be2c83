namespace EnterpriseHub.Detection.Evaluation;

/// <summary>One scored file of a NAB corpus: a score per row and the file's windows in row order.</summary>
/// <param name="Scores">Anomaly score of every row, in [0, 1].</param>
/// <param name="Windows">Labelled windows, sorted and non-overlapping.</param>
public sealed record NabSeries(double[] Scores, IReadOnlyList<LabelWindow> Windows);
