using EnterpriseHub.Detection;

namespace EnterpriseHub.Silo.Backtest;

/// <summary>What to backtest and where to put the results.</summary>
/// <param name="InputPath">A CSV file (timestamp,value) or a folder walked recursively for *.csv.</param>
/// <param name="LabelsPath">Optional NAB windows JSON; when given, the run is scored like NAB.</param>
/// <param name="OutputDirectory">Optional folder receiving per-file CSVs with anomaly_score and alert columns.</param>
/// <param name="Sensitivity">The engine's configured sensitivity.</param>
/// <param name="ContextLevels">Context novelty's discretisation levels (<see cref="DetectorOptions.ContextLevels"/>).</param>
public sealed record BacktestSettings(
    string InputPath,
    string? LabelsPath = null,
    string? OutputDirectory = null,
    Sensitivity Sensitivity = Sensitivity.Medium,
    int ContextLevels = DetectorOptions.DefaultContextLevels);
