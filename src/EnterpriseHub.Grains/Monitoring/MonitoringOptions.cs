using EnterpriseHub.Detection;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Grains.Monitoring;

/// <summary>Settings of the monitoring pipeline (section <c>Monitoring</c>).</summary>
public sealed class MonitoringOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Monitoring";

    /// <summary>Default <see cref="RecentPoints"/>: 40 points (40 minutes of minute data, over three hours of 5-minute
    /// data), 0.8 KB per series; memory per series is the budget that decides how many series a silo holds.</summary>
    public const int DefaultRecentPoints = 40;

    /// <summary>Default <see cref="CheckpointInterval"/>.</summary>
    public static readonly TimeSpan DefaultCheckpointInterval = TimeSpan.FromMinutes(5);

    /// <summary>Default <see cref="PredictionHorizon"/>.</summary>
    public static readonly TimeSpan DefaultPredictionHorizon = TimeSpan.FromHours(2);

    /// <summary>Default <see cref="AnomalyResolveAfter"/>.</summary>
    public static readonly TimeSpan DefaultAnomalyResolveAfter = TimeSpan.FromMinutes(5);

    /// <summary>Default <see cref="AlertRefreshInterval"/>.</summary>
    public static readonly TimeSpan DefaultAlertRefreshInterval = TimeSpan.FromMinutes(1);

    /// <summary>Default <see cref="UtilisationThresholdPercent"/>.</summary>
    public const double DefaultUtilisationThresholdPercent = 95;

    /// <summary>Anomaly sensitivity of every series.</summary>
    public Sensitivity Sensitivity { get; set; } = Sensitivity.Medium;

    /// <summary>Tail probability at which one sample alerts, in place of <see cref="Sensitivity"/>'s level
    /// (<see cref="DetectorOptions.AlertLevel"/>); 0, the default, keeps the sensitivity's.</summary>
    public double AlertLevel { get; set; }

    /// <summary>Tail probability at which novelty (records, context novelty) alerts when looser than the alert level
    /// (<see cref="DetectorOptions.NoveltyAlertLevel"/>); 0, the default, alerts on novelty at the alert level. For
    /// alerts that are read rather than paged: it costs alerts on clean series (README).</summary>
    public double NoveltyAlertLevel { get; set; }

    /// <summary>The k of the anomaly ensemble's k-of-n persistence rule (<see cref="DetectorOptions.PersistenceHits"/>):
    /// k of the last <see cref="PersistenceWindow"/> samples unusual alert though none does alone; 1 turns it off.</summary>
    public int PersistenceHits { get; set; } = DetectorOptions.DefaultPersistenceHits;

    /// <summary>The n of the persistence rule, in samples (<see cref="DetectorOptions.PersistenceWindow"/>).</summary>
    public int PersistenceWindow { get; set; } = DetectorOptions.DefaultPersistenceWindow;

    /// <summary>The detector options of every series: a series restored from storage decides with these, and keeps the
    /// state-shaping ones it was created with (<see cref="Detection.Ensemble.AnomalyDetectorEnsemble.Restore(Detection.Ensemble.DetectorSnapshot, DetectorOptions)"/>).</summary>
    public DetectorOptions ToDetectorOptions() =>
        new() { Sensitivity = Sensitivity, AlertLevel = AlertLevel, NoveltyAlertLevel = NoveltyAlertLevel, PersistenceHits = PersistenceHits, PersistenceWindow = PersistenceWindow };

    /// <summary>How many recent points each series keeps for charts.</summary>
    public int RecentPoints { get; set; } = DefaultRecentPoints;

    /// <summary>How often a series with new samples writes its state.</summary>
    public TimeSpan CheckpointInterval { get; set; } = DefaultCheckpointInterval;

    /// <summary>How far ahead predictive alerts look.</summary>
    public TimeSpan PredictionHorizon { get; set; } = DefaultPredictionHorizon;

    /// <summary>Samples the least-squares trend of predictive alerts is fitted on (at most 256).</summary>
    public int PredictionWindowSamples { get; set; } = 20;

    /// <summary>How long a prediction must hold before its alert fires (the <c>for</c> of predictive alerts).</summary>
    public TimeSpan PredictionFor { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a predictive alert keeps firing after the prediction stops holding.</summary>
    public TimeSpan PredictionKeepFiringFor { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Confidence of the prediction intervals of predictive alerts; a crossing must be at least this
    /// likely within the horizon to raise one.</summary>
    public double PredictionConfidence { get; set; } = 0.8;

    /// <summary>An anomaly alert resolves after this long without anomalous samples.</summary>
    public TimeSpan AnomalyResolveAfter { get; set; } = DefaultAnomalyResolveAfter;

    /// <summary>Firing alerts are re-sent this often so the alert router knows they still hold.</summary>
    public TimeSpan AlertRefreshInterval { get; set; } = DefaultAlertRefreshInterval;

    /// <summary>Utilisation metrics (names ending in <c>_percent</c> or <c>_utilization</c>) get a predictive
    /// threshold at this level when no rule or SLO names one; 0 turns that off.</summary>
    public double UtilisationThresholdPercent { get; set; } = DefaultUtilisationThresholdPercent;

    /// <summary>Default <see cref="CounterSuffixes"/>: the OpenMetrics counter suffix, which the OTLP mapping gives
    /// cumulative monotonic sums too.</summary>
    public static readonly IReadOnlyList<string> DefaultCounterSuffixes = ["_total"];

    /// <summary>Whether counters (metric names ending in one of <see cref="CounterSuffixes"/>) are monitored as their
    /// per-second rate, as Prometheus' <c>rate()</c> reads them, rather than as the running count.</summary>
    public bool CountersAsRates { get; set; } = true;

    /// <summary>Metric name endings that mark a cumulative counter; null for <see cref="DefaultCounterSuffixes"/>. A
    /// source that sends only Prometheus histograms and summaries cumulatively may add <c>_count</c> and <c>_sum</c>
    /// (OTLP histograms sent with delta temporality carry per-interval counts under those names).</summary>
    public string[]? CounterSuffixes { get; set; }

    /// <summary>Whether <paramref name="metric"/> is monitored as a counter's per-second rate.</summary>
    public bool IsCounter(string metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        if (!CountersAsRates)
        {
            return false;
        }

        foreach (var suffix in CounterSuffixes ?? DefaultCounterSuffixes)
        {
            if (metric.EndsWith(suffix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A YAML file with service catalog entries (see infra/catalog.yml); empty for none.</summary>
    public string? CatalogFile { get; set; }

    /// <summary>Recommended actions per metric kind, overriding the built-in defaults.</summary>
    public Dictionary<string, List<string>> RecommendedActions { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>Rejects monitoring settings that cannot work.</summary>
public sealed class MonitoringOptionsValidator : IValidateOptions<MonitoringOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MonitoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new SettingFailures();
        const string S = MonitoringOptions.SectionName;
        failures.Require(options.RecentPoints is >= 2 and <= 10_000, $"{S}:RecentPoints must be between 2 and 10000, not {options.RecentPoints}.");
        failures.Require(options.CheckpointInterval > TimeSpan.Zero, $"{S}:CheckpointInterval must be positive, not {options.CheckpointInterval}.");
        failures.Require(options.PredictionHorizon > TimeSpan.Zero, $"{S}:PredictionHorizon must be positive, not {options.PredictionHorizon}.");
        failures.Require(options.PredictionWindowSamples is >= 6 and <= 256,
            $"{S}:PredictionWindowSamples must be between 6 and 256, not {options.PredictionWindowSamples}.");
        failures.Require(options.PredictionConfidence is > 0 and < 1, $"{S}:PredictionConfidence must be in (0, 1), not {options.PredictionConfidence}.");
        failures.Require(options.AnomalyResolveAfter > TimeSpan.Zero, $"{S}:AnomalyResolveAfter must be positive, not {options.AnomalyResolveAfter}.");
        failures.Require(options.AlertRefreshInterval > TimeSpan.Zero, $"{S}:AlertRefreshInterval must be positive, not {options.AlertRefreshInterval}.");
        failures.Require(DetectorOptions.IsAlertLevel(options.AlertLevel),
            $"{S}:AlertLevel must be 0 (the sensitivity's) or {DetectorOptions.AlertLevelRange}, not {options.AlertLevel}.");
        failures.Require(DetectorOptions.IsAlertLevel(options.NoveltyAlertLevel),
            $"{S}:NoveltyAlertLevel must be 0 (the alert level's) or {DetectorOptions.AlertLevelRange}, not {options.NoveltyAlertLevel}.");
        failures.Require(options.PersistenceWindow is >= 1 and <= DetectorOptions.MaxPersistenceWindow,
            $"{S}:PersistenceWindow must be between 1 and {DetectorOptions.MaxPersistenceWindow}, not {options.PersistenceWindow}.");
        failures.Require(options.PersistenceWindow is < 1 or > DetectorOptions.MaxPersistenceWindow || (options.PersistenceHits >= 1 && options.PersistenceHits <= options.PersistenceWindow),
            $"{S}:PersistenceHits must be between 1 and {S}:PersistenceWindow ({options.PersistenceWindow}), not {options.PersistenceHits}.");
        failures.Require(options.CounterSuffixes is null || options.CounterSuffixes.All(x => !string.IsNullOrWhiteSpace(x)),
            $"{S}:CounterSuffixes must not hold an empty suffix (every metric would be a counter).");
        return failures.Result;
    }
}
