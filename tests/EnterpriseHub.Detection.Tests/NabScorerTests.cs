using EnterpriseHub.Detection.Evaluation;
using Xunit;

namespace EnterpriseHub.Detection.Tests;

/// <summary>Hand-computed NAB cases: 20-row files, probation floor(0.15 * 20) = 3, one window rows 10..14 (W = 5, R = 14).</summary>
public sealed class NabScorerTests
{
    private static readonly LabelWindow[] Window = [new(10, 14)];

    private static bool[] DetectAt(params int[] rows)
    {
        var d = new bool[20];
        foreach (var r in rows)
        {
            d[r] = true;
        }

        return d;
    }

    [Fact]
    public void Probation_is_fifteen_percent_capped_at_750()
    {
        Assert.Equal(3, NabScorer.ProbationLength(20));
        Assert.Equal(600, NabScorer.ProbationLength(4000));
        Assert.Equal(750, NabScorer.ProbationLength(15903));
    }

    [Fact]
    public void A_file_evaluation_counts_detected_windows_and_scored_false_positives()
    {
        // Row 1 is probation; row 5 precedes the window (-0.11); row 16 follows it (0.11 S(2 / 4) = -0.093311); row 10 is
        // the window's earliest row (+1). Row 12 is a later detection in the same window and adds nothing.
        var score = NabScorer.Evaluate(DetectAt(1, 5, 10, 12, 16), Window, NabProfile.Standard);

        Assert.Equal(1 - 0.11 - 0.093311, score.RawScore, 6);
        Assert.Equal((1, 1, 2), (score.DetectedWindows, score.Windows, score.FalsePositives));
        Assert.Equal(score.RawScore, NabScorer.ScoreDetections(DetectAt(1, 5, 10, 12, 16), Window, NabProfile.Standard));
    }

    [Fact]
    public void A_missed_window_is_counted_as_not_detected()
    {
        var score = NabScorer.Evaluate(DetectAt(2, 16), Window, NabProfile.Standard);

        Assert.Equal(-1 - 0.093311, score.RawScore, 6);
        Assert.Equal((0, 1, 1), (score.DetectedWindows, score.Windows, score.FalsePositives));
    }

    [Fact]
    public void Earliest_detection_in_a_window_is_worth_tp()
    {
        // y = -(14 - 10 + 1) / 5 = -1 -> tp * S(-1) / S(-1) = 1; normalised 100 (1 + 1) / (1 + 1) = 100.
        var raw = NabScorer.ScoreDetections(DetectAt(10), Window, NabProfile.Standard);
        Assert.Equal(1.0, raw, 12);
        Assert.Equal(100.0, NabScorer.Normalize(raw, 1, NabProfile.Standard), 9);
    }

    [Fact]
    public void Detection_at_the_right_edge_is_worth_little()
    {
        // y = -1/5: S(-0.2) = 2 / (1 + e^-1) - 1 = 0.462117, S(-1) = 0.986614, ratio 0.468387.
        Assert.Equal(0.468387, NabScorer.ScoreDetections(DetectAt(14), Window, NabProfile.Standard), 6);
    }

    [Fact]
    public void Only_the_best_detection_of_a_window_counts()
    {
        Assert.Equal(1.0, NabScorer.ScoreDetections(DetectAt(10, 11, 12, 14), Window, NabProfile.Standard), 12);
    }

    [Fact]
    public void False_positive_before_any_window_costs_fp_and_a_missed_window_costs_fn()
    {
        // -0.11 (row 5, before the window) - 1 (missed window) = -1.11; reward_low_FN_rate: -0.11 - 2 = -2.11.
        Assert.Equal(-1.11, NabScorer.ScoreDetections(DetectAt(5), Window, NabProfile.Standard), 12);
        Assert.Equal(-1.22, NabScorer.ScoreDetections(DetectAt(5), Window, NabProfile.RewardLowFalsePositives), 12);
        Assert.Equal(-2.11, NabScorer.ScoreDetections(DetectAt(5), Window, NabProfile.RewardLowFalseNegatives), 12);
    }

    [Fact]
    public void False_positive_after_a_window_is_weighted_by_distance()
    {
        // Row 16: y = (16 - 14) / (5 - 1) = 0.5, S(0.5) = 2 / (1 + e^2.5) - 1 = -0.848283, times 0.11 = -0.093311;
        // plus the window's detection at row 10 (+1).
        Assert.Equal(1 - 0.093311, NabScorer.ScoreDetections(DetectAt(10, 16), Window, NabProfile.Standard), 6);

        // Right after the window the cost is near 0: row 15, y = 0.25, S = 2 / (1 + e^1.25) - 1 = -0.554600.
        Assert.Equal(1 - 0.11 * 0.554600, NabScorer.ScoreDetections(DetectAt(10, 15), Window, NabProfile.Standard), 6);
    }

    [Fact]
    public void Detections_in_probation_are_ignored()
    {
        Assert.Equal(-1.0, NabScorer.ScoreDetections(DetectAt(0, 1, 2), Window, NabProfile.Standard), 12);
    }

    [Fact]
    public void Scaled_sigmoid_is_minus_one_beyond_three()
    {
        Assert.Equal(-1.0, NabScorer.ScaledSigmoid(3.5));
        Assert.Equal(0.0, NabScorer.ScaledSigmoid(0), 12);
    }

    [Fact]
    public void Optimised_threshold_is_chosen_over_the_whole_corpus()
    {
        // File A: window rows 10..14; score 0.7 at row 10 (worth +1), 0.8 at row 5 (FP before window, -0.11).
        // File B: no windows; score 0.75 at row 8 (FP, -0.11).
        // T > 0.8: raw -1. T = 0.8: -1.11. T = 0.75: -1.22. T = 0.7: 1 - 0.22 = 0.78 (best).
        var a = new double[20];
        a[10] = 0.7;
        a[5] = 0.8;
        var b = new double[20];
        b[8] = 0.75;
        var result = NabScorer.OptimizeThreshold([new NabSeries(a, Window), new NabSeries(b, [])], NabProfile.Standard);
        Assert.Equal(0.7, result.Threshold);
        Assert.Equal(0.78, result.RawScore, 12);
        Assert.Equal(100 * (0.78 + 1) / 2, result.NormalizedScore, 9);
    }

    [Fact]
    public void When_every_threshold_loses_the_optimum_is_never_detecting()
    {
        // 2,000 rows (probation 300), window rows 1000..1004, all scores 0: detecting everything would add
        // 700 false positives before the window (-77) for one window (+1), so the best is T above every
        // score: raw -1, normalised 0.
        var result = NabScorer.OptimizeThreshold([new NabSeries(new double[2000], [new LabelWindow(1000, 1004)])], NabProfile.Standard);
        Assert.True(result.Threshold > 1);
        Assert.Equal(-1.0, result.RawScore, 12);
        Assert.Equal(0.0, result.NormalizedScore, 12);
    }

    [Fact]
    public void Window_metrics_count_windows_episodes_and_delay()
    {
        // Window detected at row 12 (delay 2 from its start); rows 16-18 form one false-alarm episode.
        var metrics = WindowMetrics.Compute([(DetectAt(12, 16, 17, 18), (IReadOnlyList<LabelWindow>)Window)]);
        Assert.Equal(1, metrics.DetectedWindows);
        Assert.Equal(1, metrics.FalseAlarmEpisodes);
        Assert.Equal(0.5, metrics.Precision);
        Assert.Equal(1.0, metrics.Recall);
        Assert.Equal(2.0, metrics.MedianDelayRows);
    }
}
