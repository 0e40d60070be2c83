using System.Numerics;
using System.Runtime.InteropServices;

namespace EnterpriseHub.Detection.Baselines;

/// <summary>
/// Additive Holt-Winters exponential smoothing with Brutlag confidence bands, with the seasonal profile
/// folded into at most <see cref="MaxBuckets"/> phase buckets so that long periods stay compact.
/// </summary>
/// <remarks>
/// Level/trend/season recursions are Winters (1960) additive form:
/// <c>l = a (x - s) + (1 - a)(l + b)</c>, <c>b = beta (l - l') + (1 - beta) b</c>, <c>s = g (x - l) + (1 - g) s</c>.
/// Bands follow Brutlag (2000), "Aberrant behavior detection in time series for network monitoring":
/// a seasonal exponentially smoothed absolute deviation <c>d = g_d |x - yhat| + (1 - g_d) d</c>, band
/// <c>yhat +/- delta d</c>. A period of P samples is represented by B = min(P, maxBuckets) buckets; the
/// seasonal value at a phase is the linear interpolation of the two nearest bucket centres, and an update
/// is shared between them by the same weights. The smoothing constants are per <em>cycle</em>: a bucket
/// covering P/B samples receives g B / P per sample so that it adapts at the same rate whatever P is.
/// An update may bound the one-step error it learns from (<c>maxError</c> of <see cref="Update"/>): the sample is
/// replaced by the forecast plus the error clipped to that bound before the recursions run, the Huber-type cleaning
/// of robust Holt-Winters smoothing (Gelper, Fried and Croux, "Robust forecasting with exponential and Holt-Winters
/// smoothing", Journal of Forecasting 2010), so that one outlier moves level, season and deviation by at most a
/// bounded step instead of in proportion to its size.
/// </remarks>
public sealed class HoltWintersBaseline
{
    /// <summary>Largest number of seasonal buckets (float each, for season and deviation), and the default.</summary>
    public const int MaxBuckets = 128;

    /// <summary>
    /// Smallest second difference, as a share of the step between the two buckets, at which the step is an edge
    /// (<see cref="EdgeSpread"/>): a step has a second difference as large as itself, a slope one far below its steps.
    /// </summary>
    public const double EdgeShape = 0.75;

    /// <summary>
    /// Share of the step between the two buckets by which the season may turn back beyond them, on one side but not
    /// both, for the step to be an edge (<see cref="EdgeSpread"/>): a step turns back on neither side, a pulse one
    /// bucket wide on one, a zigzag on both.
    /// </summary>
    public const double EdgeReversal = 0.5;

    /// <summary>
    /// Smallest step between the two buckets of an edge, in Brutlag deviations at the sample's phase, at which a value
    /// there is taken to be at the nearer bucket's level when the model learns it (<see cref="Update"/>).
    /// </summary>
    /// <remarks>
    /// The buckets beside an edge have a spread of about 0 (their own step is flat, their neighbour's curvature makes
    /// them part of the edge), and there the nearer bucket is only the sign of the noise: learning each value into the
    /// bucket on its side pushed the two apart: in a week of 10-second business hours the night bucket next to the
    /// morning edge rose from -22.7 to -17.1 while its flat neighbour stayed. Twice the deviation is about 1.6 standard
    /// deviations of Gaussian noise, a step whose two levels the values can tell apart.
    /// </remarks>
    public const double EdgeJump = 2.0;

    private int _period;
    private int _maxBuckets;
    private readonly float[] _season;
    private readonly float[] _deviation;
    private double _alpha;
    private double _beta;
    private readonly double _gamma;
    private readonly double _gammaDeviation;
    private double _level;
    private double _trend;
    private long _updates;

    /// <summary>
    /// Creates a model for a period of <paramref name="period"/> samples (1 = no seasonality) folded into at most
    /// <paramref name="maxBuckets"/> phase buckets.
    /// </summary>
    public HoltWintersBaseline(int period, double alpha, double beta, double gamma, double gammaDeviation, int maxBuckets = MaxBuckets)
    {
        if (period < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "Period must be at least 1 sample.");
        }

        CheckBuckets(maxBuckets, nameof(maxBuckets));
        Check(alpha, nameof(alpha));
        Check(beta, nameof(beta));
        Check(gamma, nameof(gamma));
        Check(gammaDeviation, nameof(gammaDeviation));
        _period = period;
        _maxBuckets = maxBuckets;
        var buckets = Math.Min(period, maxBuckets);
        _season = new float[buckets];
        _deviation = new float[buckets];
        _alpha = alpha;
        _beta = beta;
        _gamma = gamma;
        _gammaDeviation = gammaDeviation;
    }

    /// <summary>Seasonal period in samples.</summary>
    public int Period => _period;

    /// <summary>Current level.</summary>
    public double Level => _level;

    /// <summary>Current trend per sample.</summary>
    public double Trend => _trend;

    /// <summary>Updates applied so far.</summary>
    public long Updates => _updates;

    /// <summary>Phase buckets the period is folded into: min(period, the model's largest bucket count).</summary>
    public int Buckets => _season.Length;

    /// <summary>Level smoothing factor; a forecaster may adapt it to the series (see <see cref="Forecasting.LocalLevelEstimator"/>).</summary>
    public double Alpha
    {
        get => _alpha;
        set
        {
            Check(value, nameof(Alpha));
            _alpha = value;
        }
    }

    /// <summary>Trend smoothing factor (of level changes: the trend moves by alpha x beta of each error).</summary>
    public double Beta
    {
        get => _beta;
        set
        {
            Check(value, nameof(Beta));
            _beta = value;
        }
    }

    /// <summary>Seasonal smoothing factor (per cycle).</summary>
    public double Gamma => _gamma;

    /// <summary>Throws unless <paramref name="maxBuckets"/> is a bucket count a model can have (2 to <see cref="MaxBuckets"/>).</summary>
    internal static void CheckBuckets(int maxBuckets, string name)
    {
        if (maxBuckets < 2 || maxBuckets > MaxBuckets)
        {
            throw new ArgumentOutOfRangeException(name, maxBuckets, $"Buckets must be between 2 and {MaxBuckets}.");
        }
    }

    /// <summary>The bucket count a snapshot stored: snapshots from before it was a parameter have 0 and were made with
    /// the default.</summary>
    internal static int StoredBuckets(int stored) => stored == 0 ? MaxBuckets : stored;

    private static void Check(double v, string name)
    {
        if (!(v >= 0 && v <= 1))
        {
            throw new ArgumentOutOfRangeException(name, v, "Smoothing factors must be in [0, 1].");
        }
    }

    private void Locate(long step, out int b0, out int b1, out double f)
    {
        var phase = step % _period;
        if (phase < 0)
        {
            phase += _period;
        }

        var buckets = _season.Length;
        if (buckets == _period)
        {
            b0 = (int)phase;
            b1 = b0;
            f = 0;
            return;
        }

        var u = (phase + 0.5) * buckets / _period - 0.5;
        var fl = Math.Floor(u);
        f = u - fl;
        b0 = (int)fl;
        if (b0 < 0)
        {
            b0 += buckets;
        }

        b1 = b0 + 1 == buckets ? 0 : b0 + 1;
    }

    /// <summary>The seasonal component at each bucket's centre.</summary>
    public ReadOnlySpan<float> Season => _season;

    /// <summary>Scales the season's height above <paramref name="floor"/> by <paramref name="factor"/> (its deviations,
    /// level and trend as they are): the days turned out to have <paramref name="factor"/> times the shape the season was
    /// seeded with (DayOfWeekGain).</summary>
    public void ScaleSeason(double floor, double factor)
    {
        for (var b = 0; b < _season.Length; b++)
        {
            _season[b] = (float)(floor + (_season[b] - floor) * factor);
        }
    }

    /// <summary>Seasonal component at a step.</summary>
    public double SeasonAt(long step)
    {
        Locate(step, out var b0, out var b1, out var f);
        return (1 - f) * _season[b0] + f * _season[b1];
    }

    /// <summary>
    /// Where the season has an edge sharper than a bucket at <paramref name="step"/>, the seasonal values of the two
    /// bucket centres it is interpolated between, as offsets from that interpolation (<paramref name="below"/> at most
    /// 0, <paramref name="above"/> at least 0); both 0 elsewhere. An edge is where either bucket's second difference,
    /// the error of linear interpolation through it, exceeds <paramref name="edgeBands"/> times the mean deviation and
    /// <see cref="EdgeShape"/> times the step between the two buckets.
    /// </summary>
    /// <remarks>
    /// <para>Between bucket centres the season is interpolated linearly, which is exact on a slope of any steepness
    /// but ramps across a step: business hours that start on the minute are expected to rise over a bucket's width
    /// (22.5 minutes of a day of 64 buckets), so every value on either side of the step departs from the ramp by up to
    /// the step's height, every cycle. At an edge a value may be at either bucket's level.</para>
    /// <para>The yardstick is the deviation over the whole cycle, not the phase's own: the ramp's errors inflate the
    /// deviation at the edge itself (to a quarter of a sawtooth's reset of 100 over noise of 2). The second
    /// difference, not the difference, marks an edge: a smooth daily cycle of amplitude 100 over 64 buckets has
    /// differences of up to 10 between neighbours but second differences of about 1. In its first days, though, the
    /// season learned from the period detector's block means is bumpy (second differences of up to 7 after ten days,
    /// 2 after thirty, against a mean deviation of 1); requiring the second difference to be nearly as large as the
    /// step itself, as at a step and not on a slope, narrows what such a bump widens from 15 to 8.</para>
    /// <para>A zigzag (buckets alternately high and low) has second differences twice its steps at every bucket, and
    /// was all edges: each value was measured from the nearer bucket, where it always was, so the season learned
    /// nothing there and the zigzag stayed. Seeds leave one where the blocks cannot see it (<see cref="Initialize"/>):
    /// minute business hours closed at weekends and starting on a Thursday afternoon in California took a 3-day period
    /// first and the day on day 17, seeded from blocks of 128 minutes against buckets of 30, which line up four ways a
    /// cycle and average an alternation of the buckets away: buckets were seeded 11, 34, 1, 43, -27 from midnight UTC
    /// and still were a week later, and weekday mornings alerted for the rest of eight weeks (86 alerts in five series
    /// from the fourth week, SeasonalEdgeTests). An edge is now a step or a pulse: the season may turn back beyond the
    /// pair on one side, by at least <see cref="EdgeReversal"/> of its step, but not on both (17 alerts). A zigzag over the night can
    /// still stay where the day departs there (<see cref="DayOfWeekGain.Departs"/>: against a zigzag the night's
    /// values regress on the shape with a slope of -1).</para>
    /// </remarks>
    public void EdgeSpread(long step, double edgeBands, out double below, out double above)
    {
        below = 0;
        above = 0;
        Locate(step, out var b0, out var b1, out var f);
        if (b1 == b0 || !double.IsFinite(edgeBands))
        {
            return;
        }

        var buckets = _season.Length;
        var before = _season[b0 == 0 ? buckets - 1 : b0 - 1];
        var after = _season[b1 + 1 == buckets ? 0 : b1 + 1];
        var curvature = Math.Max(
            Math.Abs(before - 2 * _season[b0] + _season[b1]),
            Math.Abs(_season[b0] - 2 * _season[b1] + after));
        var jump = Math.Abs(_season[b1] - _season[b0]);
        if (curvature < EdgeShape * jump || !(curvature > edgeBands * MeanDeviation()))
        {
            return;
        }

        // A season that turns back on both sides of the pair is a zigzag, not an edge (remarks).
        var rise = _season[b1] - _season[b0];
        var reversal = -EdgeReversal * rise * rise;
        if ((_season[b0] - before) * rise < reversal && (after - _season[b1]) * rise < reversal)
        {
            return;
        }

        var season = (1 - f) * _season[b0] + f * _season[b1];
        below = Math.Min(_season[b0], _season[b1]) - season;
        above = Math.Max(_season[b0], _season[b1]) - season;
    }

    /// <summary>
    /// A departure from the interpolated season measured from the nearer end of the <see cref="EdgeSpread"/> around it,
    /// [<paramref name="below"/>, <paramref name="above"/>] (0 inside it; the departure itself where there is no edge).
    /// </summary>
    public static double FromEdge(double departure, double below, double above) =>
        departure > above ? departure - above : departure < below ? departure - below : 0;

    /// <summary>Mean of the Brutlag deviation over the cycle.</summary>
    public double MeanDeviation()
    {
        // Vectorised (it runs for every sample near an edge); the same order of additions every time, so a restored
        // model sums to the same value.
        ReadOnlySpan<float> deviation = _deviation;
        var lanes = deviation.Length / Vector<float>.Count * Vector<float>.Count;
        var sums = Vector<float>.Zero;
        foreach (var v in MemoryMarshal.Cast<float, Vector<float>>(deviation[..lanes]))
        {
            sums += v;
        }

        var sum = Vector.Sum(sums);
        for (var i = lanes; i < deviation.Length; i++)
        {
            sum += deviation[i];
        }

        return sum / deviation.Length;
    }

    /// <summary>Brutlag deviation at a step.</summary>
    public double DeviationAt(long step)
    {
        Locate(step, out var b0, out var b1, out var f);
        return (1 - f) * _deviation[b0] + f * _deviation[b1];
    }

    /// <summary>Moves the level by <paramref name="amount"/>, leaving trend and season as they are.</summary>
    public void Shift(double amount)
    {
        InputGuard.RequireFinite(amount, nameof(amount));
        _level += amount;
    }

    /// <summary>One-step-ahead prediction for <paramref name="step"/> given the last update was <paramref name="horizon"/> steps before it.</summary>
    public double Predict(long step, int horizon = 1) => _level + horizon * _trend + SeasonAt(step);

    /// <summary>
    /// Switches to a new period when it needs the same number of buckets, and returns false otherwise. The model is
    /// then as if newly created (call <see cref="Initialize"/> next): a period refinement reuses the buckets instead
    /// of allocating a new model, which keeps the per-series footprint constant.
    /// </summary>
    public bool TryChangePeriod(int period) => TryChangePeriod(period, _maxBuckets);

    /// <summary>
    /// Switches to a new period of at most <paramref name="maxBuckets"/> buckets when that is the number it has
    /// (<see cref="TryChangePeriod(int)"/>); a model whose maximum was a day's half hours can thus take a period of
    /// the full maximum only as a new model.
    /// </summary>
    public bool TryChangePeriod(int period, int maxBuckets)
    {
        CheckBuckets(maxBuckets, nameof(maxBuckets));
        if (period < 1 || Math.Min(period, maxBuckets) != _season.Length)
        {
            return false;
        }

        _maxBuckets = maxBuckets;
        _period = period;
        _level = 0;
        _trend = 0;
        _updates = 0;
        return true;
    }

    /// <summary>
    /// Seeds level, season, trend and deviations from a block-mean history ending at <paramref name="lastStep"/>; with a
    /// <paramref name="trend"/>, the blocks are taken less that trend before the season is learned from them (a series
    /// filling at 0.01 a minute otherwise put a sawtooth of 14 into a daily season), and the level is the last block's,
    /// carried from its centre to <paramref name="lastStep"/>. With <paramref name="deviation"/> null the model is seeded
    /// again for the period it has (a longer history, a new estimate of it): the deviations stay as learned, and so does
    /// whatever of the season the blocks cannot tell apart. The blocks are taken relative to <paramref name="origin"/>
    /// (<see cref="PeriodDetector.Origin"/>), which only the level adds back.
    /// </summary>
    /// <remarks>
    /// <para>Each block's mean is first given to the bucket its centre falls in. Blocks cut across bucket boundaries, so
    /// a block that straddles a sharp edge is a mixture of both sides and made the bucket before the edge take part of
    /// the next one: business hours that start at 09:00 (20 at night, 80 by day) were seeded at −17 instead of −22 for
    /// the last night bucket at ten seconds (blocks of 21 minutes, buckets of 22.5), and the season, learning errors
    /// clipped to three deviations, took weeks to correct it. So the buckets are then solved for by least squares, each
    /// block the mean of the buckets it overlaps weighted by the overlap (<see cref="Unmix"/>), which the blocks' changing
    /// offsets against the buckets from cycle to cycle determine. Where they do not (blocks longer than a bucket that
    /// line up the same way every cycle: 64 samples at 30 seconds, 45 to a day), the buckets keep the seed they were
    /// drawn towards: the centres' means for a new period, the season as learned when seeding again, so that a seed from
    /// a coarser, longer history renews the broad shape without smearing the edges the model had learned.</para>
    /// </remarks>
    public void Initialize(ReadOnlySpan<float> blocks, int resolution, long lastStep, double? deviation, double trend = 0, double origin = 0)
    {
        var buckets = _season.Length;
        Span<double> sum = stackalloc double[buckets];
        Span<int> count = stackalloc int[buckets];
        // Seeding again for the same period, the season as learned is the prior of the least squares (Unmix).
        Span<float> learned = deviation is null ? stackalloc float[buckets] : default;
        _season.AsSpan(0, learned.Length).CopyTo(learned);
        var n = blocks.Length;

        // Use whole cycles only, so the season is not biased by a partial one.
        var perCycle = Math.Max(1, _period / resolution);
        var used = Math.Max(perCycle, n / perCycle * perCycle);
        used = Math.Min(used, n);
        double total = 0;
        for (var j = n - used; j < n; j++)
        {
            // Centre of block j in raw steps.
            var centre = lastStep - (long)((n - j - 0.5) * resolution);
            var phase = centre % _period;
            if (phase < 0)
            {
                phase += _period;
            }

            var b = (int)(phase * buckets / _period);
            // Detrended by the given trend, so that a rise across the history is not taken for a rise within each cycle.
            var value = blocks[j] - trend * (centre - lastStep);
            sum[b] += value;
            count[b]++;
            total += value;
        }

        var mean = total / used;
        var filled = 0;
        for (var b = 0; b < buckets; b++)
        {
            if (count[b] > 0)
            {
                sum[b] = sum[b] / count[b] - mean;
                filled++;
            }
        }

        for (var b = 0; b < buckets; b++)
        {
            if (count[b] > 0 || filled == 0)
            {
                _season[b] = count[b] > 0 ? (float)sum[b] : 0f;
                continue;
            }

            // Empty bucket (history coarser than buckets): interpolate between the nearest filled ones.
            int lo = b, hi = b, dl = 0, dh = 0;
            while (count[lo] == 0)
            {
                lo = lo == 0 ? buckets - 1 : lo - 1;
                dl++;
            }

            while (count[hi] == 0)
            {
                hi = hi + 1 == buckets ? 0 : hi + 1;
                dh++;
            }

            _season[b] = (float)((sum[lo] * dh + sum[hi] * dl) / (dl + dh));
        }

        if (used > 0 && buckets < _period)
        {
            Unmix(blocks[(n - used)..], resolution, lastStep, trend, mean, deviation is null ? learned : _season);
        }

        if (deviation is { } d)
        {
            _deviation.AsSpan().Fill((float)d);
        }

        _level = n > 0 ? origin + blocks[n - 1] + trend * 0.5 * resolution - SeasonAt(lastStep) : 0;
        _trend = trend;
        _updates = Math.Max(_updates, 1);
    }

    /// <summary>
    /// Solves for the buckets by least squares: block j, covering [p_j, p_j + resolution) of the cycle, is taken as
    /// sum_b a_jb s_b, a_jb its share in bucket b, after subtracting the <paramref name="trend"/> and the history's
    /// <paramref name="mean"/>; a ridge of a hundredth of a bucket's mean weight draws each bucket towards
    /// <paramref name="prior"/>, which keeps whatever the blocks cannot tell apart (detail within blocks that line up
    /// the same way every cycle). The normal equations are solved by Cholesky decomposition.
    /// </summary>
    private void Unmix(ReadOnlySpan<float> blocks, int resolution, long lastStep, double trend, double mean, ReadOnlySpan<float> prior)
    {
        var buckets = _season.Length;
        var width = (double)_period / buckets;
        var normal = System.Buffers.ArrayPool<double>.Shared.Rent(buckets * buckets);
        try
        {
            var a = normal.AsSpan(0, buckets * buckets);
            a.Clear();
            Span<double> right = stackalloc double[buckets];
            Span<double> share = stackalloc double[buckets];
            Span<int> touched = stackalloc int[buckets];
            var n = blocks.Length;
            for (var j = 0; j < n; j++)
            {
                // Block j covers steps first .. first + resolution - 1, and step k the phase interval [k, k + 1).
                var first = lastStep - (long)(n - j) * resolution + 1;
                var phase = (double)(first % _period);
                if (phase < 0)
                {
                    phase += _period;
                }

                var centre = lastStep - (n - j - 0.5) * resolution;
                var y = blocks[j] - trend * (centre - lastStep) - mean;
                var k = 0;
                for (double from = phase, end = phase + resolution; from < end;)
                {
                    // A boundary (cell + 1) x width divided by width can round to just below cell + 1 when the width is
                    // not a power-of-two share of the period (289 samples in 48 buckets): that cell is the next one,
                    // or the walk would not move.
                    var cell = Math.Floor(from / width);
                    if ((cell + 1) * width <= from)
                    {
                        cell++;
                    }

                    var to = Math.Min((cell + 1) * width, end);
                    var b = (int)(cell % buckets);
                    if (share[b] == 0)
                    {
                        touched[k++] = b;
                    }

                    share[b] += (to - from) / resolution;
                    from = to;
                }

                for (var u = 0; u < k; u++)
                {
                    var bu = touched[u];
                    right[bu] += share[bu] * y;
                    for (var v = 0; v < k; v++)
                    {
                        a[bu * buckets + touched[v]] += share[bu] * share[touched[v]];
                    }
                }

                for (var u = 0; u < k; u++)
                {
                    share[touched[u]] = 0;
                }
            }

            double trace = 0;
            for (var b = 0; b < buckets; b++)
            {
                trace += a[b * buckets + b];
            }

            var ridge = 0.01 * trace / buckets;
            for (var b = 0; b < buckets; b++)
            {
                a[b * buckets + b] += ridge;
                right[b] += ridge * prior[b];
            }

            // Cholesky: a = L L^T, L stored in the lower triangle.
            for (var i = 0; i < buckets; i++)
            {
                for (var c = 0; c <= i; c++)
                {
                    var sum = a[i * buckets + c];
                    for (var m = 0; m < c; m++)
                    {
                        sum -= a[i * buckets + m] * a[c * buckets + m];
                    }

                    a[i * buckets + c] = i == c ? Math.Sqrt(sum) : sum / a[c * buckets + c];
                }
            }

            for (var i = 0; i < buckets; i++)
            {
                var sum = right[i];
                for (var m = 0; m < i; m++)
                {
                    sum -= a[i * buckets + m] * right[m];
                }

                right[i] = sum / a[i * buckets + i];
            }

            for (var i = buckets - 1; i >= 0; i--)
            {
                var sum = right[i];
                for (var m = i + 1; m < buckets; m++)
                {
                    sum -= a[m * buckets + i] * right[m];
                }

                right[i] = sum / a[i * buckets + i];
            }

            for (var b = 0; b < buckets; b++)
            {
                _season[b] = (float)right[b];
            }
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(normal);
        }
    }

    /// <summary>
    /// Applies the sample observed at <paramref name="step"/>, <paramref name="elapsed"/> steps after the previous one,
    /// learning from its one-step error clipped to +/- <paramref name="maxError"/> (unbounded by default: the classic
    /// recursions). At an edge sharper than a bucket the caller passes the step's <see cref="EdgeSpread"/>,
    /// [<paramref name="edgeBelow"/>, <paramref name="edgeAbove"/>] (none by default), and the value is taken to be at
    /// the nearer of the two buckets' levels: the level learns the value's distance from that level, and that bucket
    /// alone learns the value (where the step is at least <see cref="EdgeJump"/> deviations; on a smaller spread the
    /// level learns the distance from the spread, <see cref="FromEdge"/>, and the season the interpolation's error).
    /// Without <paramref name="learnShape"/> only the level and trend learn: the season and deviations are the
    /// ordinary days' (DayOfWeekGain).
    /// </summary>
    /// <remarks>
    /// <para>The interpolation ramps across such an edge, so every value on either side of it is an error of up to
    /// the edge's height, every cycle: a daily sawtooth (a counter reset at midnight) pulled the level down by several
    /// units after each reset, and the values that followed were judged against an expectation below them.</para>
    /// <para>Measured from the spread instead (0 anywhere between the two levels), the level learnt only the values
    /// beyond it, the day's noise above the upper level and the night's below the lower one: after each edge of
    /// 10-second business hours (20 +- 1.5 at night, 80 +- 5 from 09:00 to 18:00) it stood 1.5 to 2 units high. Learning
    /// the interpolation's error into both buckets, the season fitted a ramp to a step, overshooting it by 2.7 units
    /// a week after seeding (the morning bucket at 40.2 against 37.5), and each morning's values were judged against an
    /// expectation 2 to 3 units above them.</para>
    /// </remarks>
    public void Update(long step, double value, int elapsed = 1, double maxError = double.PositiveInfinity, double edgeBelow = 0, double edgeAbove = 0, bool learnShape = true)
    {
        InputGuard.RequireFinite(value, nameof(value));
        if (!(maxError >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxError), maxError, "The error bound must be zero or more.");
        }

        if (_updates == 0)
        {
            _level = value;
            _updates = 1;
            return;
        }

        elapsed = Math.Max(1, elapsed);
        Locate(step, out var b0, out var b1, out var f);
        var season = (1 - f) * _season[b0] + f * _season[b1];
        var deviation = (1 - f) * _deviation[b0] + f * _deviation[b1];
        var forecast = _level + elapsed * _trend + season;
        var error = value - forecast;
        var nearer = -1;
        var fromNearer = 0.0;
        if (b1 != b0 && edgeAbove - edgeBelow > EdgeJump * deviation)
        {
            // The value is at the nearer bucket's level: its distance from that level is the error the level and
            // that bucket learn (clipped as the error is).
            var above = error - edgeBelow > edgeAbove - error;
            nearer = above == (_season[b1] >= _season[b0]) ? b1 : b0;
            fromNearer = Math.Clamp(error - (above ? edgeAbove : edgeBelow), -maxError, maxError);
        }

        if (Math.Abs(error) > maxError)
        {
            error = Math.CopySign(maxError, error);
            value = forecast + error;
        }

        var levelValue = forecast + (nearer >= 0 ? fromNearer : FromEdge(error, edgeBelow, edgeAbove));

        var previousLevel = _level;
        _level = _alpha * (levelValue - season) + (1 - _alpha) * (_level + elapsed * _trend);
        _trend = _beta * (_level - previousLevel) / elapsed + (1 - _beta) * _trend;

        var perSample = (double)_season.Length / _period;
        var g = Math.Min(1.0, _gamma * perSample);
        var gd = Math.Min(1.0, _gammaDeviation * perSample);
        // At an edge the nearer bucket learns the value's distance from its own level (levelValue is the forecast
        // plus that distance).
        var seasonalError = (nearer >= 0 ? levelValue : value) - _level - season;
        var absError = Math.Abs(error) - deviation;
        if (_period == 1)
        {
            // Without seasonality the single bucket would only compete with the level.
            g = 0;
        }

        if (!learnShape)
        {
            _updates++;
            return;
        }

        if (nearer >= 0)
        {
            _season[nearer] += (float)(g * seasonalError);
        }
        else
        {
            _season[b0] += (float)(g * (1 - f) * seasonalError);
            if (b1 != b0)
            {
                _season[b1] += (float)(g * f * seasonalError);
            }
        }

        _deviation[b0] += (float)(gd * (1 - f) * absError);
        if (b1 != b0)
        {
            _deviation[b1] += (float)(gd * f * absError);
        }

        _updates++;
    }

    /// <summary>Captures the state.</summary>
    public HoltWintersState Snapshot() => new()
    {
        Period = _period,
        Alpha = _alpha,
        Beta = _beta,
        Gamma = _gamma,
        GammaDeviation = _gammaDeviation,
        Level = _level,
        Trend = _trend,
        Updates = _updates,
        MaxBuckets = _maxBuckets,
        Season = (float[])_season.Clone(),
        Deviation = (float[])_deviation.Clone(),
    };

    /// <summary>Recreates a model from a snapshot.</summary>
    public static HoltWintersBaseline Restore(HoltWintersState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var m = new HoltWintersBaseline(state.Period, state.Alpha, state.Beta, state.Gamma, state.GammaDeviation, StoredBuckets(state.MaxBuckets))
        {
            _level = state.Level,
            _trend = state.Trend,
            _updates = state.Updates,
        };
        state.Season.CopyTo(m._season, 0);
        state.Deviation.CopyTo(m._deviation, 0);
        return m;
    }
}

/// <summary>Serializable state of a <see cref="HoltWintersBaseline"/>.</summary>
public sealed class HoltWintersState
{
    /// <summary>Period in samples.</summary>
    public int Period { get; init; }

    /// <summary>Level smoothing.</summary>
    public double Alpha { get; init; }

    /// <summary>Trend smoothing.</summary>
    public double Beta { get; init; }

    /// <summary>Seasonal smoothing per cycle.</summary>
    public double Gamma { get; init; }

    /// <summary>Deviation smoothing per cycle.</summary>
    public double GammaDeviation { get; init; }

    /// <summary>Level.</summary>
    public double Level { get; init; }

    /// <summary>Trend per sample.</summary>
    public double Trend { get; init; }

    /// <summary>Updates applied.</summary>
    public long Updates { get; init; }

    /// <summary>Largest number of buckets (0 in snapshots written before it was stored: the default, 128).</summary>
    public int MaxBuckets { get; init; }

    /// <summary>Seasonal buckets.</summary>
    public float[] Season { get; init; } = [];

    /// <summary>Deviation buckets.</summary>
    public float[] Deviation { get; init; } = [];
}
