namespace EnterpriseHub.Detection.Evaluation;

/// <summary>
/// The Numenta Anomaly Benchmark scoring rules (Lavin and Ahmad, 2015, NAB v1.1) as pure functions over
/// per-row detections, scores and labelled windows.
/// </summary>
/// <remarks>
/// Rules, as in the corpus README: the first P = min(floor(0.15 N), 750) rows are probation and not scored;
/// with the scaled sigmoid S(y) = 2 / (1 + e^(5y)) - 1 (and -1 for y &gt; 3), a detection at row i inside a
/// window of width W ending at R is worth tp S(y) / S(-1) with y = -(R - i + 1) / W, and each window counts
/// only its best detection, or -fn when it has none; a detection outside every window is worth
/// fp S((i - R) / (W - 1)) relative to the nearest preceding window, or -fp before the first window.
/// </remarks>
public static class NabScorer
{
    /// <summary>Rows at the start of a file that are not scored: min(floor(0.15 N), 750).</summary>
    public static int ProbationLength(int rows) => Math.Min((int)Math.Floor(0.15 * rows), 750);

    /// <summary>NAB's scaled sigmoid S(y) = 2 / (1 + e^(5y)) - 1, and -1 for y &gt; 3.</summary>
    public static double ScaledSigmoid(double y) => y > 3 ? -1.0 : 2.0 / (1.0 + Math.Exp(5.0 * y)) - 1.0;

    /// <summary>
    /// Per-row value of a detection, or <see cref="double.NaN"/> for probation rows; <paramref name="windowOf"/>
    /// receives the window index of rows inside a window and -1 for the others.
    /// </summary>
    public static double[] RowValues(int rows, IReadOnlyList<LabelWindow> windows, NabProfile profile, out int[] windowOf)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(profile);
        var values = new double[rows];
        windowOf = new int[rows];
        var probation = ProbationLength(rows);
        var tpScale = profile.TruePositive / ScaledSigmoid(-1.0);
        var w = 0;
        var previous = -1;
        for (var i = 0; i < rows; i++)
        {
            while (w < windows.Count && windows[w].End < i)
            {
                previous = w;
                w++;
            }

            var inside = w < windows.Count && windows[w].Contains(i);
            windowOf[i] = inside ? w : -1;
            if (i < probation)
            {
                values[i] = double.NaN;
            }
            else if (inside)
            {
                var win = windows[w];
                values[i] = tpScale * ScaledSigmoid(-(double)(win.End - i + 1) / win.Width);
            }
            else if (previous >= 0)
            {
                var win = windows[previous];
                values[i] = profile.FalsePositive * ScaledSigmoid((double)(i - win.End) / Math.Max(win.Width - 1, 1));
            }
            else
            {
                values[i] = -profile.FalsePositive;
            }
        }

        return values;
    }

    /// <summary>Raw NAB score of one file's detections.</summary>
    public static double ScoreDetections(ReadOnlySpan<bool> detections, IReadOnlyList<LabelWindow> windows, NabProfile profile) =>
        Evaluate(detections, windows, profile).RawScore;

    /// <summary>One file's raw score with the windows it detected and its false-positive rows.</summary>
    public static NabFileScore Evaluate(ReadOnlySpan<bool> detections, IReadOnlyList<LabelWindow> windows, NabProfile profile)
    {
        var values = RowValues(detections.Length, windows, profile, out var windowOf);
        var best = new double[windows.Count];
        Array.Fill(best, double.NegativeInfinity);
        double total = 0;
        var falsePositives = 0;
        for (var i = 0; i < detections.Length; i++)
        {
            if (!detections[i] || double.IsNaN(values[i]))
            {
                continue;
            }

            if (windowOf[i] >= 0)
            {
                best[windowOf[i]] = Math.Max(best[windowOf[i]], values[i]);
            }
            else
            {
                total += values[i];
                falsePositives++;
            }
        }

        var detected = 0;
        foreach (var b in best)
        {
            var missed = double.IsNegativeInfinity(b);
            total += missed ? -profile.FalseNegative : b;
            detected += missed ? 0 : 1;
        }

        return new NabFileScore(total, detected, windows.Count, falsePositives);
    }

    /// <summary>Detections of <paramref name="scores"/> at threshold <paramref name="threshold"/> (score &gt;= T).</summary>
    public static bool[] DetectionsAt(ReadOnlySpan<double> scores, double threshold)
    {
        var detections = new bool[scores.Length];
        for (var i = 0; i < scores.Length; i++)
        {
            detections[i] = scores[i] >= threshold;
        }

        return detections;
    }

    /// <summary>Raw NAB score of one file at threshold <paramref name="threshold"/> (detection when score &gt;= T).</summary>
    public static double ScoreAtThreshold(ReadOnlySpan<double> scores, IReadOnlyList<LabelWindow> windows, NabProfile profile, double threshold) =>
        ScoreDetections(DetectionsAt(scores, threshold), windows, profile);

    /// <summary>Normalised score 100 (raw - null) / (perfect - null), with perfect = tp windows and null = -fn windows.</summary>
    public static double Normalize(double raw, int windowCount, NabProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var perfect = profile.TruePositive * windowCount;
        var none = -profile.FalseNegative * windowCount;
        return perfect - none <= 0 ? 0 : 100.0 * (raw - none) / (perfect - none);
    }

    /// <summary>
    /// Finds the one threshold over the whole corpus that maximises the summed raw score: every distinct score
    /// is a candidate; rows are added in descending score order and the total is updated incrementally
    /// (a false-positive row adds its value, a window row can only raise its window's best detection).
    /// </summary>
    public static NabThresholdResult OptimizeThreshold(IReadOnlyList<NabSeries> corpus, NabProfile profile)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(profile);
        var rowCount = 0;
        var windowCount = 0;
        foreach (var s in corpus)
        {
            rowCount += s.Scores.Length;
            windowCount += s.Windows.Count;
        }

        var keys = new double[rowCount];
        var value = new double[rowCount];
        var window = new int[rowCount];
        var windowBase = 0;
        var n = 0;
        foreach (var s in corpus)
        {
            var values = RowValues(s.Scores.Length, s.Windows, profile, out var windowOf);
            for (var i = 0; i < s.Scores.Length; i++)
            {
                if (double.IsNaN(values[i]))
                {
                    continue;
                }

                keys[n] = -s.Scores[i];
                value[n] = values[i];
                window[n] = windowOf[i] < 0 ? -1 : windowBase + windowOf[i];
                n++;
            }

            windowBase += s.Windows.Count;
        }

        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order, 0, n);
        var best = new double[windowCount];
        Array.Fill(best, double.NegativeInfinity);
        var total = -profile.FalseNegative * windowCount;
        var bestTotal = total;
        var bestThreshold = 1.0 + 1e-9;
        for (var k = 0; k < n;)
        {
            var threshold = -keys[k];
            while (k < n && -keys[k] == threshold)
            {
                var r = order[k];
                var w = window[r];
                if (w < 0)
                {
                    total += value[r];
                }
                else if (value[r] > best[w])
                {
                    total += double.IsNegativeInfinity(best[w]) ? value[r] + profile.FalseNegative : value[r] - best[w];
                    best[w] = value[r];
                }

                k++;
            }

            if (total > bestTotal)
            {
                bestTotal = total;
                bestThreshold = threshold;
            }
        }

        return new NabThresholdResult(profile, bestThreshold, bestTotal, Normalize(bestTotal, windowCount, profile));
    }
}
