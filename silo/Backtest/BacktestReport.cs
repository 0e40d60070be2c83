using System.Globalization;
using EnterpriseHub.Detection;
using EnterpriseHub.Detection.Ensemble;
using EnterpriseHub.Detection.Evaluation;

namespace EnterpriseHub.Silo.Backtest;

/// <summary>Prints the backtest summary and, with labels, the NAB scores.</summary>
internal static class BacktestReport
{
    public static async Task WriteAsync(
        TextWriter output, BacktestSettings settings, DetectorOptions detector, FileResult[] results, NabWindowsFile? labels, TimeSpan elapsed)
    {
        var inv = CultureInfo.InvariantCulture;
        long rows = 0;
        var alerts = 0;
        foreach (var r in results)
        {
            rows += r.Scores.Length;
            foreach (var a in r.Alerts)
            {
                alerts += a ? 1 : 0;
            }
        }

        await output.WriteLineAsync(string.Create(inv,
            $"backtest: {results.Length} files, {rows} rows, {alerts} alerts at {settings.AlertSetting}, persistence {settings.Persistence}{(settings.ContextLevels == DetectorOptions.DefaultContextLevels ? "" : $" with {settings.ContextLevels} context levels")}, {elapsed.TotalSeconds:0.00} s{(rows > 0 ? $" ({elapsed.TotalMilliseconds * 1e6 / rows:0} ns/row)" : "")}")).ConfigureAwait(false);
        await WriteForecastAsync(output, results).ConfigureAwait(false);
        if (labels is null)
        {
            return;
        }

        var corpus = new List<NabSeries>();
        var detections = new List<(bool[], IReadOnlyList<LabelWindow>)>();
        var owned = new List<(FileResult Result, IReadOnlyList<LabelWindow> Windows)>();
        var windowCount = 0;
        foreach (var r in results)
        {
            var windows = labels.WindowsFor(r.Series);
            if (windows is null)
            {
                await output.WriteLineAsync($"  (no labels for {r.Series.RelativePath}; not scored)").ConfigureAwait(false);
                continue;
            }

            corpus.Add(new NabSeries(r.Scores, windows));
            detections.Add((r.Alerts, windows));
            owned.Add((r, windows));
            windowCount += windows.Count;
        }

        await output.WriteLineAsync(string.Create(inv, $"NAB scoring: {corpus.Count} files, {windowCount} windows")).ConfigureAwait(false);
        await output.WriteLineAsync("  profile               optimised (threshold)   own alerts").ConfigureAwait(false);
        double standardOptimised = 0, standardOwn = 0, standardThreshold = 0;
        foreach (var profile in NabProfile.All)
        {
            var best = NabScorer.OptimizeThreshold(corpus, profile);
            double raw = 0;
            foreach (var (r, w) in owned)
            {
                raw += NabScorer.ScoreDetections(r.Alerts, w, profile);
            }

            var own = NabScorer.Normalize(raw, windowCount, profile);
            if (ReferenceEquals(profile, NabProfile.Standard))
            {
                standardOptimised = best.NormalizedScore;
                standardThreshold = best.Threshold;
                standardOwn = own;
            }

            await output.WriteLineAsync(string.Create(inv,
                $"  {profile.Name,-20}  {best.NormalizedScore,8:0.0} ({best.Threshold,7:0.0000})   {own,8:0.0}")).ConfigureAwait(false);
        }

        var metrics = WindowMetrics.Compute(detections);
        await output.WriteLineAsync(string.Create(inv,
            $"own alerts: windows detected {metrics.DetectedWindows}/{metrics.Windows}, false-alarm episodes {metrics.FalseAlarmEpisodes}, precision {metrics.Precision:0.000}, recall {metrics.Recall:0.000}, median delay {metrics.MedianDelayRows:0.#} rows from window start")).ConfigureAwait(false);
        if (settings.PerFile)
        {
            await WritePerFileAsync(output, owned, standardThreshold).ConfigureAwait(false);
        }

        if (settings.Evidence)
        {
            await WriteEvidenceAsync(output, owned, detector.AlertProbability).ConfigureAwait(false);
        }

        await output.WriteLineAsync(string.Create(inv, $"NAB standard={standardOptimised:0.0} own={standardOwn:0.0}")).ConfigureAwait(false);
    }

    /// <summary>
    /// The standard profile file by file, at the optimised threshold and for the engine's own alerts: the raw score
    /// (what NAB's per-file score tables list, so a file can be compared with a published detector's), the windows
    /// detected and the false-positive rows.
    /// </summary>
    private static async Task WritePerFileAsync(TextWriter output, List<(FileResult Result, IReadOnlyList<LabelWindow> Windows)> owned, double threshold)
    {
        var inv = CultureInfo.InvariantCulture;
        var width = owned.Count == 0 ? 0 : owned.Max(o => o.Result.Series.RelativePath.Length);
        await output.WriteLineAsync(string.Create(inv,
            $"per file, standard profile (raw score, windows detected, false-positive rows): optimised at {threshold:0.0000} | own alerts")).ConfigureAwait(false);
        foreach (var (r, windows) in owned.OrderBy(o => o.Result.Series.RelativePath, StringComparer.Ordinal))
        {
            var optimised = NabScorer.Evaluate(NabScorer.DetectionsAt(r.Scores, threshold), windows, NabProfile.Standard);
            var own = NabScorer.Evaluate(r.Alerts, windows, NabProfile.Standard);
            await output.WriteLineAsync(string.Create(inv,
                $"  {r.Series.RelativePath.PadRight(width)}  {Cells(optimised)} | {Cells(own)}")).ConfigureAwait(false);
        }

        static string Cells(NabFileScore s) => string.Create(CultureInfo.InvariantCulture,
            $"{s.RawScore,7:0.00} {s.DetectedWindows,2}/{s.Windows,-2} {s.FalsePositives,4} fp");
    }

    /// <summary>
    /// With <see cref="BacktestSettings.Evidence"/>: each window's strongest strong-test evidence (the smallest
    /// <see cref="AnomalyDetectorEnsemble.StrongestEvidence"/> of its rows) against the strongest of its file's scored
    /// rows outside every window, whether the own alerts found it, and a summary: how many windows out-evidence
    /// everything outside their file's windows (the most a per-file threshold could find without a false positive),
    /// and how far from the alert level the windows the own alerts missed are.
    /// </summary>
    private static async Task WriteEvidenceAsync(TextWriter output, List<(FileResult Result, IReadOnlyList<LabelWindow> Windows)> owned, double alertLevel)
    {
        var inv = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(inv,
            $"window evidence (strongest strong-test p inside | outside the file's windows after probation; alert level {alertLevel:0.#e0}):")).ConfigureAwait(false);
        var width = owned.Count == 0 ? 0 : owned.Max(o => o.Result.Series.RelativePath.Length) + 4;
        int windows = 0, beats = 0, missed = 0, none = 0, within10 = 0, within100 = 0;
        foreach (var (r, labelled) in owned.OrderBy(o => o.Result.Series.RelativePath, StringComparer.Ordinal))
        {
            // Scored rows outside every window: those NAB values as false positives (not probation, in no window).
            var evidence = r.Evidence!;
            var values = NabScorer.RowValues(evidence.Length, labelled, NabProfile.Standard, out var windowOf);
            var outside = 1.0;
            for (var i = 0; i < evidence.Length; i++)
            {
                if (windowOf[i] < 0 && !double.IsNaN(values[i]))
                {
                    outside = Math.Min(outside, evidence[i]);
                }
            }

            for (var k = 0; k < labelled.Count; k++)
            {
                var w = labelled[k];
                var inside = 1.0;
                var found = false;
                for (var i = w.Start; i <= w.End; i++)
                {
                    inside = Math.Min(inside, evidence[i]);
                    found |= r.Alerts[i];
                }

                windows++;
                beats += inside < 1 && inside < outside ? 1 : 0;
                if (!found)
                {
                    missed++;
                    none += inside >= 1 ? 1 : 0;
                    within10 += inside <= 10 * alertLevel ? 1 : 0;
                    within100 += inside <= 100 * alertLevel ? 1 : 0;
                }

                var label = string.Create(inv, $"{r.Series.RelativePath} #{k + 1}");
                await output.WriteLineAsync(string.Create(inv,
                    $"  {label.PadRight(width)}  {P(inside),8} | {P(outside),8}  {(found ? "found" : "missed")}")).ConfigureAwait(false);
            }
        }

        await output.WriteLineAsync(string.Create(inv,
            $"window evidence: {beats}/{windows} windows out-evidence everything outside their file's windows; of {missed} the own alerts missed, {none} hold no strong evidence, {within10} are within 10x of the alert level and {within100} within 100x")).ConfigureAwait(false);

        static string P(double p) => p >= 1 ? "none" : p.ToString("0.0e0", CultureInfo.InvariantCulture);
    }

    /// <summary>With <see cref="BacktestSettings.Forecast"/>: the forecaster's interval coverage over all forecasts and
    /// its relative error averaged over files, one line per horizon.</summary>
    private static async Task WriteForecastAsync(TextWriter output, FileResult[] results)
    {
        var files = results.Where(r => r.Forecast is not null).Select(r => r.Forecast!).ToList();
        if (files.Count == 0)
        {
            return;
        }

        var total = new ForecastAccuracy(BacktestSettings.ForecastHorizons, BacktestSettings.ForecastConfidences);
        foreach (var f in files)
        {
            total.Add(f);
        }

        var inv = CultureInfo.InvariantCulture;
        var covered = string.Concat(total.Confidences.Select(c => string.Create(inv, $"  {c * 100,3:0}% covered")));
        await output.WriteLineAsync(string.Create(inv,
            $"forecast: every {BacktestSettings.ForecastStride}th row after the first {BacktestSettings.ForecastWarmup} of each file; error: mean absolute error over that of repeating the last value, geometric mean over files")).ConfigureAwait(false);
        await output.WriteLineAsync($"  steps ahead  forecasts{covered}  error / naive").ConfigureAwait(false);
        for (var k = 0; k < total.Horizons.Count; k++)
        {
            var coverage = string.Concat(Enumerable.Range(0, total.Confidences.Count).Select(c => string.Create(inv, $"  {total.Coverage(k, c),12:0.000}")));
            await output.WriteLineAsync(string.Create(inv,
                $"  {total.Horizons[k],11}  {total.Forecasts(k),9}{coverage}  {ForecastAccuracy.GeometricMeanRelativeError(files, k),13:0.000}")).ConfigureAwait(false);
        }
    }
}
