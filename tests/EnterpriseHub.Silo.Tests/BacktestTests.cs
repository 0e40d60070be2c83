using System.Globalization;
using EnterpriseHub.Detection;
using EnterpriseHub.Silo.Backtest;
using Xunit;

namespace EnterpriseHub.Silo.Tests;

public sealed class BacktestTests
{
    /// <summary>
    /// Writes shift.csv: 1,600 minutes of unit Gaussian noise around 100, two samples 4 above it at rows 1500 and
    /// 1501, and a NAB windows file labelling rows 1490 to 1520.
    /// </summary>
    private static (string Data, string Labels) WriteShiftSeries(TempDirectory dir)
    {
        var data = Directory.CreateDirectory(Path.Combine(dir.Path, "data")).FullName;
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        string At(int i) => start.AddMinutes(i).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var random = new Random(7);
        using (var csv = new StreamWriter(Path.Combine(data, "shift.csv")))
        {
            csv.Write("timestamp,value\n");
            for (var i = 0; i < 1600; i++)
            {
                var gaussian = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                csv.Write(string.Create(CultureInfo.InvariantCulture, $"{At(i)},{100 + gaussian + (i is 1500 or 1501 ? 4.0 : 0):R}\n"));
            }
        }

        var labels = Path.Combine(dir.Path, "windows.json");
        File.WriteAllText(labels, $$"""{ "shift.csv": [["{{At(1490)}}.000000", "{{At(1520)}}.000000"]] }""");
        return (data, labels);
    }

    /// <summary>Backtests the shift series with labels and the given settings; the exit code and the printed lines.</summary>
    private static async Task<(int ExitCode, string[] Lines)> RunShiftAsync(Func<string, string, BacktestSettings> settings)
    {
        using var dir = new TempDirectory();
        var (data, labels) = WriteShiftSeries(dir);
        var output = new StringWriter();
        var exitCode = await BacktestRunner.RunAsync(settings(data, labels), output, CancellationToken.None);
        return (exitCode, output.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task A_file_with_a_header_and_no_rows_is_counted_without_a_time_per_row()
    {
        using var dir = new TempDirectory();
        var data = Path.Combine(dir.Path, "empty.csv");
        File.WriteAllText(data, "timestamp,value\n");
        var output = new StringWriter();

        var exitCode = await BacktestRunner.RunAsync(
            new BacktestSettings(data),
            output,
            CancellationToken.None);

        var line = output.ToString().ReplaceLineEndings("\n").TrimEnd('\n');
        Assert.Equal(0, exitCode);
        Assert.Matches(@"^backtest: 1 files, 0 rows, 0 alerts at sensitivity medium, persistence 2/3, \d+\.\d\d s$", line);
    }

    [Theory]
    [InlineData("2/3", 1, "1/1")]
    [InlineData("1/1", 0, "0/1")]
    public async Task Persistence_decides_whether_a_two_sample_shift_alerts(string persistence, int alerts, string windowsDetected)
    {
        using var dir = new TempDirectory();
        var (data, labels) = WriteShiftSeries(dir);
        var output = new StringWriter();
        var outDir = Path.Combine(dir.Path, "out");

        var exitCode = await BacktestRunner.RunAsync(
            new BacktestSettings(data, labels, outDir, Sensitivity.Medium, DetectorOptions.DefaultContextLevels, persistence),
            output,
            CancellationToken.None);

        Assert.Equal(0, exitCode);
        var lines = output.ToString().Split('\n');
        Assert.StartsWith($"backtest: 1 files, 1600 rows, {alerts} alerts at sensitivity medium, persistence {persistence}, ", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith($"own alerts: windows detected {windowsDetected}, false-alarm episodes 0,", StringComparison.Ordinal));
        var alerted = File.ReadLines(Path.Combine(outDir, "shift.csv")).Skip(1)
            .Select((row, i) => (row, i)).Where(r => r.row.EndsWith(",1", StringComparison.Ordinal)).Select(r => r.i);
        Assert.Equal(alerts == 1 ? [1501] : [], alerted);
    }

    [Theory]
    [InlineData(1e-5, 1, "1/1")]
    [InlineData(1e-8, 0, "0/1")]
    public async Task An_alert_level_takes_the_place_of_the_sensitivity(double level, int alerts, string windowsDetected)
    {
        // The two-sample shift alerts by persistence at medium's 1e-5; at 1e-8 its per-sample level is too strict.
        var (exitCode, lines) = await RunShiftAsync((data, labels) => new BacktestSettings(data, labels, Sensitivity: Sensitivity.Low, AlertLevel: level));

        Assert.Equal(0, exitCode);
        Assert.StartsWith(FormattableString.Invariant($"backtest: 1 files, 1600 rows, {alerts} alerts at alert level {level:0e0}, persistence 2/3, "), lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith($"own alerts: windows detected {windowsDetected}, false-alarm episodes 0,", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1e-9)]
    public async Task An_alert_level_outside_the_scores_range_is_refused(double level)
    {
        var (exitCode, lines) = await RunShiftAsync((data, labels) => new BacktestSettings(data, labels, AlertLevel: level));

        Assert.Equal(1, exitCode);
        Assert.Equal([FormattableString.Invariant($"backtest: --alert-level must be a tail probability between 1e-8 and 0.1, not {level}.")], lines);
    }

    [Fact]
    public async Task A_novelty_alert_level_alerts_on_the_record_that_only_scored()
    {
        // Without persistence the first shifted row, 1500, scores above zero without alerting: a record of the noise.
        // Novelty at 1e-2 alerts on it (10 rows into the window) and, as the README's trade says, on a weaker record
        // of the noise outside the window too; the header names the setting.
        var (exitCode, lines) = await RunShiftAsync((data, labels) => new BacktestSettings(data, labels, Persistence: "1/1", NoveltyAlertLevel: 1e-2));
        var (_, strict) = await RunShiftAsync((data, labels) => new BacktestSettings(data, labels, Persistence: "1/1"));

        Assert.Equal(0, exitCode);
        Assert.StartsWith("backtest: 1 files, 1600 rows, 2 alerts at sensitivity medium (novelty at 1e-2), persistence 1/1, ", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("own alerts: windows detected 1/1, false-alarm episodes 1, precision 0.500, recall 1.000, median delay 10 rows", StringComparison.Ordinal));
        Assert.StartsWith("backtest: 1 files, 1600 rows, 0 alerts at sensitivity medium, persistence 1/1, ", strict[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1e-3)]
    public async Task A_novelty_alert_level_outside_the_scores_range_is_refused(double level)
    {
        var (exitCode, lines) = await RunShiftAsync((data, labels) => new BacktestSettings(data, labels, NoveltyAlertLevel: level));

        Assert.Equal(1, exitCode);
        Assert.Equal([FormattableString.Invariant($"backtest: --novelty-alert-level must be a tail probability between 1e-8 and 0.1, not {level}.")], lines);
    }

    [Fact]
    public async Task Per_file_prints_each_files_standard_result_before_the_last_line()
    {
        var (exitCode, lines) = await RunShiftAsync((data, labels) => new BacktestSettings(data, labels, PerFile: true));

        Assert.Equal(0, exitCode);
        Assert.StartsWith("per file, standard profile (raw score, windows detected, false-positive rows): optimised at ", lines[^3], StringComparison.Ordinal);

        // Optimised: the first shifted row, 1500, scores above zero without alerting and is the best detection of the window
        // 1490..1520 (W = 31): y = -21 / 31, S(y) / S(-1) = 0.9473. Own alerts: row 1501, y = -20 / 31, 0.9362. No false positive.
        Assert.Equal("  shift.csv     0.95  1/1     0 fp |    0.94  1/1     0 fp", lines[^2]);
        Assert.StartsWith("NAB standard=", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_per_file_no_file_lines_are_printed()
    {
        var (_, lines) = await RunShiftAsync((data, labels) => new BacktestSettings(data, labels));

        Assert.DoesNotContain(lines, l => l.StartsWith("per file", StringComparison.Ordinal) || l.StartsWith("  shift.csv", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("forecast", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Forecast_prints_coverage_and_relative_error_per_horizon_before_the_nab_scores()
    {
        var (exitCode, lines) = await RunShiftAsync((data, labels) => new BacktestSettings(data, labels, Forecast: true));

        Assert.Equal(0, exitCode);
        Assert.StartsWith("forecast: every 5th row after the first 500 of each file; ", lines[1], StringComparison.Ordinal);
        Assert.Equal("  steps ahead  forecasts   80% covered   95% covered  error / naive", lines[2]);

        // Origins are rows 500, 505, ..., 1595 of 1,600; a horizon counts those whose row h ahead exists.
        int[] expected = [220, 219, 216, 201];
        for (var k = 0; k < 4; k++)
        {
            var cells = lines[3 + k].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(BacktestSettings.ForecastHorizons[k], int.Parse(cells[0], CultureInfo.InvariantCulture));
            Assert.Equal(expected[k], int.Parse(cells[1], CultureInfo.InvariantCulture));
            var covered80 = double.Parse(cells[2], CultureInfo.InvariantCulture);
            var covered95 = double.Parse(cells[3], CultureInfo.InvariantCulture);
            // About 220 forecasts of one series: a loose check. The intervals are calibrated, not conservative, since
            // their multipliers are the errors' own quantiles; here the 95% ones hold 91.8% one step ahead and 89.5% six
            // steps ahead (their calibration is tested over 10,000 forecasts in the detection library's tests).
            Assert.InRange(covered80, 0.7, covered95);
            Assert.InRange(covered95, 0.88, 1.0);

            // Unit noise around a level: a step or six ahead the smoothed level errs by about N(0, 1), the last value
            // by N(0, 2) (measured 0.744 and 0.734); further ahead the noise in the trend adds up (0.826, 1.031).
            var relativeError = double.Parse(cells[4], CultureInfo.InvariantCulture);
            Assert.InRange(relativeError, 0.6, k < 2 ? 0.85 : 1.2);
        }

        Assert.StartsWith("NAB scoring: 1 files, 1 windows", lines[7], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2/3", "found", "of 0 the own alerts missed, 0 hold no strong evidence, 0 are within 10x of the alert level and 0 within 100x")]
    [InlineData("1/1", "missed", "of 1 the own alerts missed, 0 hold no strong evidence, 0 are within 10x of the alert level and 1 within 100x")]
    public async Task Evidence_prints_each_windows_strongest_evidence_against_the_rest_of_its_file(string persistence, string verdict, string missed)
    {
        var (exitCode, lines) = await RunShiftAsync((data, labels) => new BacktestSettings(data, labels, Persistence: persistence, Evidence: true));

        Assert.Equal(0, exitCode);
        Assert.Equal("window evidence (strongest strong-test p inside | outside the file's windows after probation; alert level 1e-5):", lines[^4]);

        // The window's strongest evidence is the ensemble's own at its strongest row, the shift's second sample, and
        // it beats every row of the file outside the window after the 240 rows of probation.
        using var dir = new TempDirectory();
        var (data, _) = WriteShiftSeries(dir);
        var rows = File.ReadLines(Path.Combine(data, "shift.csv")).Skip(1)
            .Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
        Assert.True(BacktestSettings.TryParsePersistence(persistence, out var hits, out var window));
        var ensemble = new Detection.Ensemble.AnomalyDetectorEnsemble(new DetectorOptions { PersistenceHits = hits, PersistenceWindow = window });
        var evidence = rows.Select((v, i) => { ensemble.Update(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i), v); return ensemble.StrongestEvidence; }).ToArray();
        var inside = evidence[1490..1521].Min();
        var outside = evidence[240..1490].Concat(evidence[1521..]).Min();
        Assert.True(inside < outside && inside > 1e-5 && inside <= 1e-3, $"inside {inside}, outside {outside}");
        Assert.Equal(
            string.Create(CultureInfo.InvariantCulture, $"  {"shift.csv #1",-13}  {inside,8:0.0e0} | {outside,8:0.0e0}  {verdict}"),
            lines[^3]);
        Assert.Equal($"window evidence: 1/1 windows out-evidence everything outside their file's windows; {missed}", lines[^2]);
    }

    [Theory]
    [InlineData("3/2")]
    [InlineData("0/3")]
    [InlineData("2/17")]
    [InlineData("2")]
    [InlineData("two/three")]
    public async Task A_persistence_that_is_not_k_of_n_is_refused_by_name(string persistence)
    {
        using var dir = new TempDirectory();
        var (data, _) = WriteShiftSeries(dir);
        var output = new StringWriter();

        var exitCode = await BacktestRunner.RunAsync(new BacktestSettings(data, Persistence: persistence), output, CancellationToken.None);

        Assert.Equal(1, exitCode);
        Assert.Equal($"backtest: --persistence must be k/n with 1 <= k <= n <= 16, not '{persistence}'.\n", output.ToString().ReplaceLineEndings("\n"));
    }
}
