using System.Diagnostics;
using System.Globalization;
using EnterpriseHub.Detection;
using EnterpriseHub.Detection.Detectors;
using EnterpriseHub.Detection.Ensemble;
using EnterpriseHub.Detection.Evaluation;
using Spectre.Console;

namespace EnterpriseHub.Silo.Backtest;

/// <summary>
/// Runs the default detector over NAB-format CSVs exactly as a metric grain would: a fresh
/// <see cref="AnomalyDetectorEnsemble"/> per file, fed one row at a time, one parameter set for all files.
/// </summary>
public static class BacktestRunner
{
    /// <summary>Runs the backtest; returns the process exit code (0 success, 1 bad input, 2 nothing to do).</summary>
    public static async Task<int> RunAsync(BacktestSettings settings, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        if (settings.ContextLevels is < ContextNoveltyDetector.MinLevels or > ContextNoveltyDetector.MaxLevels)
        {
            await output.WriteLineAsync(
                $"backtest: --context-levels must be between {ContextNoveltyDetector.MinLevels} and {ContextNoveltyDetector.MaxLevels}, not {settings.ContextLevels}.").ConfigureAwait(false);
            return 1;
        }

        if (!BacktestSettings.TryParsePersistence(settings.Persistence, out var hits, out var window))
        {
            await output.WriteLineAsync(
                $"backtest: --persistence must be k/n with 1 <= k <= n <= {DetectorOptions.MaxPersistenceWindow}, not '{settings.Persistence}'.").ConfigureAwait(false);
            return 1;
        }

        if (!DetectorOptions.IsAlertLevel(settings.AlertLevel))
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"backtest: --alert-level must be {DetectorOptions.AlertLevelRange}, not {settings.AlertLevel}.")).ConfigureAwait(false);
            return 1;
        }

        if (!DetectorOptions.IsAlertLevel(settings.NoveltyAlertLevel))
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"backtest: --novelty-alert-level must be {DetectorOptions.AlertLevelRange}, not {settings.NoveltyAlertLevel}.")).ConfigureAwait(false);
            return 1;
        }

        var detector = new DetectorOptions
        {
            Sensitivity = settings.Sensitivity,
            AlertLevel = settings.AlertLevel,
            NoveltyAlertLevel = settings.NoveltyAlertLevel,
            ContextLevels = settings.ContextLevels,
            PersistenceHits = hits,
            PersistenceWindow = window,
        };

        var files = FindInputs(settings.InputPath);
        if (files.Count == 0)
        {
            await output.WriteLineAsync($"backtest: no CSV files found at '{settings.InputPath}'.").ConfigureAwait(false);
            return 2;
        }

        NabWindowsFile? labels = null;
        try
        {
            if (settings.LabelsPath is not null)
            {
                labels = NabWindowsFile.Read(settings.LabelsPath);
            }
        }
        catch (Exception ex) when (ex is IOException or FormatException or System.Text.Json.JsonException or UnauthorizedAccessException)
        {
            await output.WriteLineAsync($"backtest: cannot read labels: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        var results = new FileResult[files.Count];
        var watch = Stopwatch.StartNew();
        try
        {
            if (!Console.IsOutputRedirected)
            {
                await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .StartAsync(async ctx =>
                    {
                        var task = ctx.AddTask("backtest", maxValue: files.Count);
                        await RunAllAsync(files, settings, detector, results, () => task.Increment(1), ct).ConfigureAwait(false);
                    }).ConfigureAwait(false);
            }
            else
            {
                await RunAllAsync(files, settings, detector, results, static () => { }, ct).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            await output.WriteLineAsync($"backtest: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        watch.Stop();
        await BacktestReport.WriteAsync(output, settings, detector, results, labels, watch.Elapsed).ConfigureAwait(false);
        return 0;
    }

    private static Task RunAllAsync(
        List<(string Path, string Relative)> files,
        BacktestSettings settings,
        DetectorOptions detector,
        FileResult[] results,
        Action progress,
        CancellationToken ct)
    {
        var options = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount };
        return Parallel.ForEachAsync(Enumerable.Range(0, files.Count), options, (i, token) =>
        {
            var (path, relative) = files[i];
            var series = SeriesCsv.Read(path, relative);
            results[i] = Run(series, detector, token, settings.Evidence) with { Forecast = settings.Forecast ? MeasureForecast(series) : null };
            if (settings.OutputDirectory is not null)
            {
                series.Write(Path.Combine(settings.OutputDirectory, relative), results[i].Scores, results[i].Alerts);
            }

            progress();
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>Feeds one series, row by row, to a fresh ensemble; with <paramref name="evidence"/> it also keeps every
    /// row's <see cref="AnomalyDetectorEnsemble.StrongestEvidence"/>.</summary>
    internal static FileResult Run(SeriesCsv series, DetectorOptions detector, CancellationToken ct, bool evidence = false)
    {
        var ensemble = new AnomalyDetectorEnsemble(detector);
        var n = series.Values.Length;
        var scores = new double[n];
        var alerts = new bool[n];
        var strongest = evidence ? new double[n] : null;
        for (var i = 0; i < n; i++)
        {
            if ((i & 4095) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            var r = ensemble.Update(series.TimestampsMs[i], series.Values[i]);
            scores[i] = r.Score;
            alerts[i] = r.IsAnomaly;
            if (strongest is not null)
            {
                strongest[i] = ensemble.StrongestEvidence;
            }
        }

        return new FileResult(series, scores, alerts) { Evidence = strongest };
    }

    /// <summary>Scores a fresh forecaster fed the series row by row (<see cref="BacktestSettings.Forecast"/>).</summary>
    internal static ForecastAccuracy MeasureForecast(SeriesCsv series)
    {
        var accuracy = new ForecastAccuracy(BacktestSettings.ForecastHorizons, BacktestSettings.ForecastConfidences);
        accuracy.Measure(series.TimestampsMs, series.Values, BacktestSettings.ForecastWarmup, BacktestSettings.ForecastStride);
        return accuracy;
    }

    private static List<(string Path, string Relative)> FindInputs(string input)
    {
        var list = new List<(string, string)>();
        if (File.Exists(input))
        {
            list.Add((input, Path.GetFileName(input)));
        }
        else if (Directory.Exists(input))
        {
            foreach (var file in Directory.EnumerateFiles(input, "*.csv", SearchOption.AllDirectories))
            {
                list.Add((file, Path.GetRelativePath(input, file).Replace('\\', '/')));
            }

            list.Sort((a, b) => string.CompareOrdinal(a.Item2, b.Item2));
        }

        return list;
    }
}

/// <summary>Scores and alerts of one backtested series, and each row's strongest strong-test evidence when asked for.</summary>
internal sealed record FileResult(SeriesCsv Series, double[] Scores, bool[] Alerts, ForecastAccuracy? Forecast = null)
{
    /// <summary><see cref="AnomalyDetectorEnsemble.StrongestEvidence"/> of every row (<see cref="BacktestSettings.Evidence"/>).</summary>
    public double[]? Evidence { get; init; }
}
