using EnterpriseHub.Detection;

namespace EnterpriseHub.Silo.Backtest;

/// <summary>What to backtest and where to put the results.</summary>
/// <param name="InputPath">A CSV file (timestamp,value) or a folder walked recursively for *.csv.</param>
/// <param name="LabelsPath">Optional NAB windows JSON; when given, the run is scored like NAB.</param>
/// <param name="OutputDirectory">Optional folder receiving per-file CSVs with anomaly_score and alert columns.</param>
/// <param name="Sensitivity">The engine's configured sensitivity.</param>
/// <param name="AlertLevel">Tail probability at which the engine alerts instead of the sensitivity's
/// (<see cref="DetectorOptions.AlertLevel"/>); 0 for the sensitivity's.</param>
/// <param name="ContextLevels">Context novelty's discretisation levels (<see cref="DetectorOptions.ContextLevels"/>).</param>
/// <param name="Persistence">The k-of-n persistence rule as "k/n" (<see cref="DetectorOptions.PersistenceHits"/> of
/// <see cref="DetectorOptions.PersistenceWindow"/>); "1/1" turns it off.</param>
/// <param name="PerFile">With labels, also print each file's standard-profile result (raw score, windows detected,
/// false positives) at the optimised threshold and for the engine's own alerts.</param>
/// <param name="Forecast">Also run the seasonal forecaster over each file and print its interval coverage and its
/// error relative to the naive forecast at <see cref="ForecastHorizons"/>.</param>
/// <param name="Evidence">With labels, also print each window's strongest strong-test evidence against the strongest
/// outside its file's windows, and how far the windows the own alerts missed are from the alert level.</param>
/// <param name="NoveltyAlertLevel">Tail probability at which novelty alerts when looser than the alert level
/// (<see cref="DetectorOptions.NoveltyAlertLevel"/>); 0 for the alert level.</param>
public sealed record BacktestSettings(
    string InputPath,
    string? LabelsPath = null,
    string? OutputDirectory = null,
    Sensitivity Sensitivity = Sensitivity.Medium,
    int ContextLevels = DetectorOptions.DefaultContextLevels,
    string Persistence = BacktestSettings.DefaultPersistence,
    bool PerFile = false,
    bool Forecast = false,
    bool Evidence = false,
    double AlertLevel = 0,
    double NoveltyAlertLevel = 0)
{
    /// <summary>The alert decision in force, as the header line and the evidence report name it: the sensitivity, or
    /// the alert level when one is set, and the novelty alert level when one is.</summary>
    public string AlertSetting => (AlertLevel != 0
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"alert level {AlertLevel:0.###e0}")
        : $"sensitivity {Sensitivity.ToString().ToLowerInvariant()}")
        + (NoveltyAlertLevel != 0
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" (novelty at {NoveltyAlertLevel:0.###e0})")
            : "");

    /// <summary>Steps ahead at which <see cref="Forecast"/> scores the forecaster (one step to a day of 15-minute data).</summary>
    public static readonly IReadOnlyList<int> ForecastHorizons = [1, 6, 24, 96];

    /// <summary>Confidences of the prediction intervals whose coverage <see cref="Forecast"/> reports.</summary>
    public static readonly IReadOnlyList<double> ForecastConfidences = [0.8, 0.95];

    /// <summary>Rows each file's forecaster learns from before it is scored.</summary>
    public const int ForecastWarmup = 500;

    /// <summary>The forecaster is scored at every this many rows after the warm-up.</summary>
    public const int ForecastStride = 5;

    /// <summary>The engine's default persistence rule in the "k/n" form of <see cref="Persistence"/>.</summary>
    public const string DefaultPersistence = "2/3";

    /// <summary>Reads "k/n" into the rule's hits and window; false unless 1 &lt;= k &lt;= n &lt;= the longest window.</summary>
    public static bool TryParsePersistence(string text, out int hits, out int window)
    {
        hits = 0;
        window = 0;
        var parts = text.Split('/');
        return parts.Length == 2
            && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out hits)
            && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out window)
            && hits >= 1 && hits <= window && window <= DetectorOptions.MaxPersistenceWindow;
    }
}
