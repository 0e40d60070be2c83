namespace EnterpriseHub.Detection.Baselines;

/// <summary>
/// Finds the dominant seasonal period of a stream, in samples at the stream's own resolution, with a
/// fixed-size multi-resolution history (so daily seasonality in minute data, 1,440 samples, costs the same
/// memory as hourly seasonality in hourly data).
/// </summary>
/// <remarks>
/// The history holds <see cref="Capacity"/> block means of <c>Resolution</c> raw samples each. When it is
/// full the autocorrelation function of the linearly detrended history is examined (Box and Jenkins:
/// a seasonal period shows as a local maximum of the ACF at the period's lag), then adjacent blocks are
/// merged pairwise and the resolution doubles, so the horizon doubles with constant memory. The period
/// chosen is the shortest lag whose ACF peak is within 80% of the highest peak: multiples of the true
/// period peak almost as high and must not win. Block averaging also suppresses noise by sqrt(resolution),
/// which is what makes long periods in noisy data detectable.
/// Coarse blocks alias a period they cut into fractions: 288 samples are 4.5 blocks of 64, whose means realign only
/// every 9 blocks, so the ACF peaked at 576 and, at 128 samples a block, at 1,152, and the detected period of a daily
/// cycle in five-minute data doubled after 16,384 samples and again after 32,768 (24 in hourly data went to 48, 96
/// and 192; 60 in minute data to 415, a beat of cycle and blocks). So where the known period spans fewer than
/// <see cref="MinPeriodBlocks"/> blocks (at six or more the lag nearest it keeps cos(pi / 6) = 0.87 of its peak, above
/// the 80% rule), another period replaces it only if it is not the period at which the blocks realign (the smallest
/// whole number of blocks spanning whole cycles) and its autocorrelation closes more than half the gap between the
/// known period's strength and 1: a longer cycle of its own (a day over an hourly or half-hourly cycle) does, the known
/// period seen through the blocks does not. The strength test alone let a clear cycle go: averaging over coarser
/// blocks removes noise, so the realigned lag of a daily sine (amplitude 3 over unit noise) reached 1.00 against a
/// strength of 0.99, and 15 of 20 such series took 576 for their period. Stopping the doubling instead kept the period
/// but hid such longer cycles.
/// <para>The realigned lag is the known period seen through the blocks however many blocks the period spans. The six
/// blocks above are enough for a smooth cycle, not for a narrow one: an hourly job's one-minute spike is 7.5 blocks of
/// 8 minutes, the blocks that hold it alternate between two phases, and the autocorrelation peaks at 15 blocks. The
/// hourly period in minute data became 120 after 2,048 samples, 240 after 4,096 and 480 after 8,192; the expectation,
/// 64 buckets over 480 minutes, then smeared each spike away, the residual tail learned them as its noise, and a
/// job that did not run raised nothing (0 of 20 series; 20 of 20 now, on the minute). So a candidate at the realigned
/// lag never replaces a known period, and a period counts as whole blocks only within <see cref="MaxAlignment"/> of a
/// block (by the old tolerance alone, 0.1 + 2 m / resolution, 30 minutes were 7.5 blocks of 4 "whole", and a half-hourly
/// job became hourly). Every period test, the NAB development subset, the clean and count series and the weekly series
/// give the same figures; the forecasts change on art_increase_spike_density only, whose spikes every 100 samples
/// the ensemble had taken for a period of 200 (now 100) and the forecaster for one it forecast 6 steps ahead with
/// eight times the error of repeating the last value (now exact).</para>
/// <para>A known period that is the clock's, an hour, a day or a week (<see cref="CalendarPeriod"/>), is held the same
/// way: another replaces it only if its autocorrelation closes more than half the gap between the known period's
/// strength and 1. At the largest blocks the history is a window that moves on (11.4 days of minutes), and business
/// hours closed at weekends with a Thursday holiday in it had an autocorrelation of 0.39 at a day and 0.60 at four
/// days: the day (strength 0.58) gave way to 5,760 samples at day 28.4 for eleven days, in every series, and a
/// season of four days' buckets alerted on the Monday evening and Wednesday morning after (end to end through the
/// silo's JSON ingestion; with the day kept, the holiday is found and the only other alert is on the second weekend).
/// On the NAB development subset the own alerts at medium and high are the same (optimised 80.0 -> 80.1 at medium),
/// and low finds a window of Twitter_volume_CRM more with three false-alarm episodes fewer (CRM, FB, IBM: own 44.5 ->
/// 46.3); the clean and count series, the hourly job, the weekly and business-day series give the same figures.</para>
/// <para>A peak must also rest on more than a few pairs of blocks: one pair may carry at most <see cref="MaxPairShare"/>
/// of the covariance at its lag. In the first 256 samples of an error counter, 0 but for two bursts 79 samples
/// apart, the autocorrelation at 79 is 0.69 and a peak, all of it from that pair, and the rule above then kept the
/// period for good: 4 of 12 series of bursts with a daily rhythm held periods of 32 to 162 after five days, the others
/// a day. A cycle spreads its covariance over every pair. On the NAB development subset (five-grid mean of optimised /
/// own at medium, 76.40 / 46.74 without the rule) a share of 0.05 gives 77.76 / 50.40, 0.1 77.84 / 50.48, 0.2 78.02 /
/// 50.60, 0.25 77.86 / 49.96, 0.35 77.48 / 49.78 and 0.5 74.68 / 47.04; a quarter (no fewer than four pairs' worth)
/// is taken from the middle of the plateau.</para>
/// </remarks>
public sealed class PeriodDetector
{
    /// <summary>Number of block means kept.</summary>
    public const int Capacity = 256;

    private const int MinLag = 3;
    private const double MinAutocorrelation = 0.4;
    private const double MinProminence = 0.4;
    /// <summary>Largest share of the covariance at a peak's lag that one pair of blocks may carry (see remarks).</summary>
    public const double MaxPairShare = 0.25;

    /// <summary>
    /// Where the history shows no period, it is looked at again with its values clipped to this many robust standard
    /// deviations (1.4826 MAD) of its median.
    /// </summary>
    /// <remarks>
    /// <para>Spikes at random times, ten times the level in 2% of samples, outweigh a cycle's covariance: over 20 series
    /// of six weeks of half-hourly traffic with such spikes, the daily period was found in 0 (in 14 with spikes in 0.5%
    /// of samples). With a second look at the clipped history, in 19 and 18. The first look stays: a cycle made of
    /// spikes (a nightly job, NAB's art_increase_spike_density) is found as before, and the second look is skipped
    /// where more than <see cref="MaxOutlierShare"/> of the values would be clipped, since the bursts of a sparse series
    /// are its signal (on rogue_agent_key_updown, key events in 11% of minutes, clipping found a period in them and
    /// lost both windows).</para>
    /// <para>On the NAB development subset (five-grid mean of optimised / own) medium goes from 78.00 / 53.32 to 79.64
    /// / 53.22, high from 77.38 / 58.32 to 79.12 / 58.32 and low from 76.96 / 41.60 to 78.68 / 41.60: all of it a window
    /// of exchange-4, found at the optimised threshold once its period is (and a false positive more on
    /// Twitter_volume_FB). 2 to 8 deviations give 79.62 to 79.84 at medium; at 5 the spiky series find their period in
    /// 15 of 20, at 3 in 19. Forecast error over the naive
    /// forecast at 1, 6, 24 and 96 steps: 0.781, 0.779, 0.731, 0.817 -> 0.781, 0.774, 0.730, 0.806.</para>
    /// </remarks>
    public const double OutlierDeviations = 3;

    /// <summary>
    /// Largest distance from a whole number of blocks, in blocks, at which m cycles of a known period are taken to
    /// span whole blocks (where the block means realign; see remarks).
    /// </summary>
    public const double MaxAlignment = 0.2;

    /// <summary>Largest share of the history that the second look may clip (see <see cref="OutlierDeviations"/>).</summary>
    public const double MaxOutlierShare = 0.05;

    /// <summary>
    /// Bartlett standard errors a season's autocorrelation must exceed where a caller asks for the test (see
    /// <see cref="Significance"/>): the one-sided 95% point, as in the seasonality test of Hyndman's forecast package.
    /// The detection ensemble's seasonal baseline and the forecaster both take it (README, "Seasons a random walk finds
    /// by chance").
    /// </summary>
    public const double SeasonalitySignificance = 1.645;

    /// <summary>
    /// Time the history must be able to span whatever the sampling interval (<see cref="SpanAtInterval"/>): two and a half
    /// days, so that its longest lag (half the history) reaches past a day and a daily cycle shows two and a half times.
    /// </summary>
    /// <remarks>
    /// <para>With blocks of at most 64 samples, as the detection ensemble creates its detector, the history held 16,384
    /// samples: 1.9 days at 10 seconds and 0.95 at 5, whose longest lag is shorter than a day, so a daily cycle sampled
    /// every 10 or 5 seconds was never taken (README, "Daily cycles sampled every few seconds"). Sampled every 13.2
    /// seconds or more, 256 blocks of 64 span 2.5 days and nothing changes; at 15 seconds a day is taken over 2.8 days of
    /// blocks of 64, mostly at the look after 4.3 days. Growing the blocks until the history spans 3.5 days took them to
    /// 128 samples at 15 seconds too, and their coarser profile, and periods refined from them, raised 36 false alerts
    /// instead of 16 on smooth business days (10 series, 11 days).</para>
    /// <para>A history grown past the size the detector was created with is also looked at when three-quarters full,
    /// while no period is known, so that looks come as often as they did at the size it was created with.</para>
    /// </remarks>
    public static readonly TimeSpan MinHistorySpan = TimeSpan.FromDays(2.5);

    // MinHistorySpan in milliseconds, read on every sample.
    private static readonly double s_minHistoryMs = MinHistorySpan.TotalMilliseconds;

    /// <summary>
    /// Largest relative distance from an hour, a day or a week at which a period is taken as that (<see cref="CalendarPeriod"/>).
    /// </summary>
    /// <remarks>
    /// The estimates of a day are off by up to about 1%: a daily sine (amplitude 10, noise 5) sampled every 15 seconds, in
    /// blocks of 64, was found 0.2% to 1.4% short of it, more than half a block, and with half a block as the bound 8 of
    /// 20 such series kept a period that drifts up to 20 minutes a day (all 20 take the day with 2%). A cycle of 65
    /// minutes (8% off) is not an hour, nor one of 24.5 hours a day.
    /// </remarks>
    public const double CalendarTolerance = 0.02;

    private const double DayMs = 86_400_000;

    // An hour, a day and a week in milliseconds: the calendar periods (CalendarPeriod).
    private static readonly double[] s_calendarMs = [3_600_000, DayMs, 7 * DayMs];

    // Most raw samples one block may hold.
    private const int MaxBlockSamples = 4096;

    // Bound on the stored distance of an estimate from its calendar period (see _calendarOffset).
    private const int MaxCalendarOffset = 16_384;

    // Blocks at which a history grown for its interval is looked at before it is full (see MinHistorySpan).
    private const int PartialLook = Capacity * 3 / 4;

    // Fewest blocks a known period must span for the detector to see it at the current resolution.
    private const int MinPeriodBlocks = 2 * MinLag;

    private readonly short _maxResolution;
    private short _spanResolution;
    private readonly double _significance;
    private readonly float[] _blocks = new float[Capacity];
    // What the blocks are held relative to (Origin), in double so that floats keep the history's own variation
    // however far from zero the values lie. (The strength and the resolutions are held in floats and shorts, which
    // hold them exactly, so that the origin takes no room: a series' state has a budget of 4 KB.)
    private double _origin;
    private int _count;
    private int _resolution = 1;
    private double _accumulator;
    private int _accumulated;
    private int _period;
    private float _strength;
    private long _samples;
    private bool _compactPending;
    private int _filled;
    // The estimate less the period taken for it (CalendarPeriod): at most 2% of the longest period the history can show
    // (128.5 blocks of 4,096 samples), so within MaxCalendarOffset.
    private short _calendarOffset;

    /// <summary>
    /// Creates a detector whose block size may grow to <paramref name="maxResolution"/> (a power of two). With a positive
    /// <paramref name="significance"/>, a period is taken only where its autocorrelation exceeds that many of Bartlett's
    /// standard errors (see <see cref="Significance"/>).
    /// </summary>
    public PeriodDetector(int maxResolution = 64, double significance = 0)
    {
        if (maxResolution < 1 || maxResolution > MaxBlockSamples || (maxResolution & (maxResolution - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxResolution), maxResolution, "Maximum resolution must be a power of two between 1 and 4096.");
        }

        if (!(significance >= 0) || !double.IsFinite(significance))
        {
            throw new ArgumentOutOfRangeException(nameof(significance), significance, "Significance must be a finite number of standard errors, 0 or more.");
        }

        _maxResolution = (short)maxResolution;
        _significance = significance;
    }

    /// <summary>
    /// Standard errors by which the autocorrelation r at a period of L blocks must exceed 0 for the period to be taken,
    /// 0 when there is no such test. The standard error is Bartlett's, sqrt((1 + 2 (r_1^2 + ... + r_(L-1)^2)) / n) over
    /// the n blocks of the history: the autocorrelation at a lag varies by that much when the series is correlated
    /// only up to the lags before it (Box and Jenkins; the seasonality test of Hyndman's forecast package takes 1.645).
    /// A random walk's detrended history swings once or twice across it, which shows as an autocorrelation peak near
    /// half its length; its short-lag autocorrelations are near 1, so the test asks far more of such a peak than of
    /// a cycle over noise. Strong cycles need about four repetitions in the history to pass. The r are the detector's
    /// own, scaled by n / (n - lag) so that long lags are not penalised, which makes the test looser at long lags than
    /// Bartlett's formula for the plain estimator; that one wants about seven repetitions of a strong cycle (README).
    /// </summary>
    public double Significance => _significance;

    /// <summary>Detected period in samples, or 0 when none has been found.</summary>
    public int Period => _period;

    /// <summary>Autocorrelation at the detected period (0 to 1).</summary>
    public double Strength => _strength;

    /// <summary>Raw samples per block in the current history.</summary>
    public int Resolution => _resolution;

    /// <summary>Samples seen.</summary>
    public long Samples => _samples;

    /// <summary>
    /// Largest number of raw samples a block may hold: the size the detector was created with, or more where
    /// <see cref="SpanAtInterval"/> grew it.
    /// </summary>
    public int MaxResolution => Math.Max(_maxResolution, _spanResolution);

    /// <summary>
    /// Lets the blocks grow until the history spans <see cref="MinHistorySpan"/> at a sampling interval of
    /// <paramref name="intervalMs"/> milliseconds, up to 4,096 samples a block; never shrinks them, and does nothing
    /// for an interval that is not positive.
    /// </summary>
    public void SpanAtInterval(double intervalMs)
    {
        var resolution = MaxResolution;
        if (!(intervalMs > 0) || resolution * intervalMs * Capacity >= s_minHistoryMs)
        {
            return;
        }

        while (resolution < MaxBlockSamples && resolution * intervalMs * Capacity < s_minHistoryMs)
        {
            resolution *= 2;
        }

        _spanResolution = (short)resolution;
    }

    /// <summary>
    /// <paramref name="period"/>, or the whole number of samples in an hour, a day or a week at <paramref name="stepMs"/>
    /// milliseconds a sample where the period is within <see cref="CalendarTolerance"/> of it; the period itself when
    /// <paramref name="stepMs"/> is not positive.
    /// </summary>
    /// <remarks>
    /// <para>The autocorrelation peak is found on block means and interpolated between blocks, so a period is known to
    /// about a quarter of a block, and in noise to about 1% (<see cref="CalendarTolerance"/>): a day sampled every minute was found as 1,441 to 1,444 samples in blocks of 16, and
    /// one sampled every ten seconds as 8,634 to 8,649 in blocks of 128, a different one at each look. A seasonal model
    /// that is a few samples a day off drifts by that much each day (at 1,444 samples a minute's day, 12 minutes in
    /// three), and each new estimate seeded the model afresh. The cycles of operations data are the clock's: where the
    /// estimate agrees with an hour, a day or a week to within 2%, that is taken. The step duration is the
    /// clock's mean over its whole history, not its running interval, which jittered timestamps move by a few percent: a
    /// day computed from that would be off by more than the estimate.</para>
    /// <para>A new estimate of the same calendar period still counts as a change (<see cref="Update(double, int, double)"/>)
    /// while the history grows: the seasonal baseline seeds its season again from the longer history the estimate came
    /// from, as it did when each estimate was a period of its own. Without that, a weekday as quiet as a Sunday in
    /// five-minute weekly traffic was found in 71 of 100 series instead of 84 (the season seeded at 3.6 days from 3.6 days
    /// of history, not again at 7.1 from a week). Once the blocks are at their largest, the history only moves on, and an
    /// estimate from it is no better than the season learned: seeded again at each such look, minute traffic with quieter
    /// weekends alerted on the Sunday after the look at day 34 in 25 of 40 series, whose weekly profile had been learned
    /// against the season as it was.</para>
    /// </remarks>
    public static int CalendarPeriod(int period, double stepMs)
    {
        var whole = NearestCalendar(period, stepMs, CalendarTolerance);
        return whole > 0 ? whole : period;
    }

    /// <summary>Whether <paramref name="period"/> is a day in whole steps of <paramref name="stepMs"/>.</summary>
    internal static bool IsDay(int period, double stepMs) => stepMs > 0 && Math.Round(DayMs / stepMs) == period;

    /// <summary>Whether <paramref name="period"/> is an hour, a day or a week of steps of <paramref name="stepMs"/>.</summary>
    private static bool IsCalendar(int period, double stepMs) => NearestCalendar(period, stepMs, 0) > 0;

    /// <summary>The hour, day or week, in whole steps of <paramref name="stepMs"/>, that <paramref name="period"/> is
    /// within <paramref name="tolerance"/> (a share of it) of; 0 when it is none.</summary>
    private static int NearestCalendar(int period, double stepMs, double tolerance)
    {
        if (!(stepMs > 0))
        {
            return 0;
        }

        foreach (var unit in s_calendarMs)
        {
            var whole = Math.Round(unit / stepMs);
            if (whole >= 2 && whole <= int.MaxValue && Math.Abs(period - whole) <= tolerance * whole)
            {
                return (int)whole;
            }
        }

        return 0;
    }

    /// <summary>Block means currently held, oldest first, less <see cref="Origin"/>.</summary>
    public ReadOnlySpan<float> History => _blocks.AsSpan(0, _count);

    /// <summary>
    /// What <see cref="History"/> is relative to: the series' first sample, for good (the day-of-week gains take their
    /// departures from it too). Held as floats themselves, block means of values far from zero would keep little but
    /// their offset: at a billion a float's step is 64.
    /// </summary>
    public double Origin => _origin;

    /// <summary>
    /// Adds a sample that came <paramref name="elapsed"/> samples after the previous one; the missing ones (at most a
    /// history's worth) are filled by holding the value, so the history stays aligned with time. Flat runs are no
    /// data, though: while more than half the history is filled in, no period is looked for. Returns true when this
    /// caused a new or changed period, or a new estimate of a calendar period. With <paramref name="stepMs"/>, the
    /// sampling clock's mean step in milliseconds, periods near an hour, a day or a week are taken as one
    /// (<see cref="CalendarPeriod"/>).
    /// </summary>
    public bool Update(double value, int elapsed, double stepMs = 0)
    {
        var changed = false;
        var missing = Math.Min(Math.Max(elapsed, 1), Capacity * _resolution) - 1;
        for (var i = 0; i < missing; i++)
        {
            _filled++;
            changed |= Add(value, stepMs);
        }

        return Add(value, stepMs) | changed;
    }

    /// <summary>Adds one sample. Returns true when this sample caused a new or changed period.</summary>
    public bool Update(double value) => Add(value, 0);

    private bool Add(double value, double stepMs)
    {
        if (_compactPending)
        {
            Compact();
        }

        if (_samples == 0)
        {
            _origin = value;
        }

        _samples++;
        _accumulator += value;
        _accumulated++;
        if (_accumulated < _resolution)
        {
            return false;
        }

        _blocks[_count++] = (float)(_accumulator / _accumulated - _origin);
        _accumulator = 0;
        _accumulated = 0;
        var before = _period;
        var offset = _calendarOffset;
        if (_count < Capacity)
        {
            // Blocks grown for the interval are also looked at three-quarters full, while no period is known
            // (see MinHistorySpan).
            if (_count == PartialLook && _period == 0 && _resolution > _maxResolution && 2L * _filled <= (long)_count * _resolution)
            {
                Detect(stepMs);
            }

            return _period != before;
        }

        if (2L * _filled <= (long)Capacity * _resolution)
        {
            Detect(stepMs);
        }

        // Compaction waits for the next sample so that a caller reacting to a new period still sees the
        // history at the resolution the period was found in.
        _compactPending = true;

        // A new estimate of the same calendar period counts while the history still grows, from a longer one than the
        // last estimate's (CalendarPeriod).
        return _period != before || (_resolution < MaxResolution && _calendarOffset != offset);
    }

    private void Compact()
    {
        _compactPending = false;
        if (_resolution < MaxResolution)
        {
            for (var i = 0; i < Capacity / 2; i++)
            {
                _blocks[i] = 0.5f * (_blocks[2 * i] + _blocks[2 * i + 1]);
            }

            _resolution *= 2;
        }
        else
        {
            // The oldest half of the history goes, and with it about half of what was filled in.
            Array.Copy(_blocks, Capacity / 2, _blocks, 0, Capacity / 2);
            _filled /= 2;
        }

        _count = Capacity / 2;
    }

    /// <summary>
    /// Clips <paramref name="x"/> to its median +- <see cref="OutlierDeviations"/> robust standard deviations (1.4826 MAD)
    /// and rescales it to mean 0 and a sum of squares of its length. Returns false, leaving it as it is, when there is
    /// no bulk to clip to: the MAD is 0, or more than <see cref="MaxOutlierShare"/> of the values lie beyond the limit
    /// (bursts of a sparse series are its signal, not outliers).
    /// </summary>
    private static bool Winsorise(Span<float> x)
    {
        Span<float> sorted = stackalloc float[x.Length];
        x.CopyTo(sorted);
        sorted.Sort();
        var median = sorted[sorted.Length / 2];
        for (var i = 0; i < sorted.Length; i++)
        {
            sorted[i] = Math.Abs(x[i] - median);
        }

        sorted.Sort();
        var mad = sorted[sorted.Length / 2];
        if (!(mad > 0))
        {
            return false;
        }

        var limit = OutlierDeviations * 1.4826 * mad;
        var beyond = 0;
        foreach (var v in x)
        {
            beyond += Math.Abs(v - median) > limit ? 1 : 0;
        }

        if (beyond > MaxOutlierShare * x.Length)
        {
            return false;
        }

        double sum = 0;
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)Math.Clamp(x[i], median - limit, median + limit);
            sum += x[i];
        }

        var mean = sum / x.Length;
        double squares = 0;
        for (var i = 0; i < x.Length; i++)
        {
            squares += (x[i] - mean) * (x[i] - mean);
        }

        var unit = squares > 0 ? 1 / Math.Sqrt(squares / x.Length) : 0;
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)((x[i] - mean) * unit);
        }

        return true;
    }

    private void Detect(double stepMs)
    {
        var n = _count;
        Span<float> x = stackalloc float[n];

        // Least-squares line through the history; removing it keeps a trend from masquerading as seasonality.
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (var i = 0; i < n; i++)
        {
            sx += i;
            sy += _blocks[i];
            sxx += (double)i * i;
            sxy += i * (double)_blocks[i];
        }

        var slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        var intercept = (sy - slope * sx) / n;
        double variance = 0;
        for (var i = 0; i < n; i++)
        {
            var d = _blocks[i] - (intercept + slope * i);
            variance += d * d;
        }

        // No variation beyond the blocks' own rounding (relative, so that a series of tiny values is still a series).
        if (!(variance > 1e-12 * sy * sy / n))
        {
            return;
        }

        // The detrended blocks in units of their standard deviation, so that products of floats neither underflow
        // (values of 1e-30) nor overflow (1e30); their sum of squares is then n.
        var unit = 1 / Math.Sqrt(variance / n);
        for (var i = 0; i < n; i++)
        {
            x[i] = (float)((_blocks[i] - (intercept + slope * i)) * unit);
        }

        // Outliers at random times (spikes of ten times the level in 2% of samples) drown a cycle's autocorrelation;
        // where the history shows none, it is looked for again with them clipped (see OutlierDeviations).
        if (!Search(x, stepMs) && Winsorise(x))
        {
            Search(x, stepMs);
        }
    }

    /// <summary>Looks for a period in the normalised, detrended history <paramref name="x"/>; false when no lag has a
    /// prominent autocorrelation peak of at least <see cref="MinAutocorrelation"/> that is significant.</summary>
    private bool Search(Span<float> x, double stepMs)
    {
        var n = x.Length;
        var maxLag = n / 2;
        Span<float> acf = stackalloc float[maxLag + 2];
        for (var lag = 1; lag <= maxLag + 1; lag++)
        {
            double s = 0;
            for (var i = lag; i < n; i++)
            {
                s += x[i] * x[i - lag];
            }

            // Scaled by n/(n-lag) so that long lags, with fewer pairs, are not penalised.
            acf[lag] = (float)(s / (n - lag));
        }

        // A seasonal peak must also be prominent: rise at least MinProminence above the lowest ACF value
        // before it. Autocorrelated but aperiodic series (random walks, slow drifts) have smooth ACFs whose
        // small bumps would otherwise pass for periods.
        Span<bool> peak = stackalloc bool[maxLag + 1];
        var trough = acf[1];
        var best = 0f;
        for (var lag = 2; lag <= maxLag; lag++)
        {
            trough = Math.Min(trough, acf[lag]);
            if (lag >= MinLag && acf[lag] > acf[lag - 1] && acf[lag] >= acf[lag + 1] && acf[lag] - trough >= MinProminence
                && !RestsOnFewPairs(x, lag))
            {
                peak[lag] = true;
                best = Math.Max(best, acf[lag]);
            }
        }

        if (best < MinAutocorrelation)
        {
            return false;
        }

        for (var lag = MinLag; lag <= maxLag; lag++)
        {
            if (peak[lag] && acf[lag] >= 0.8f * best)
            {
                // Parabolic interpolation of the peak gives sub-block precision at coarse resolutions.
                double y0 = acf[lag - 1], y1 = acf[lag], y2 = acf[lag + 1];
                var denom = y0 - 2 * y1 + y2;
                var offset = denom < 0 ? 0.5 * (y0 - y2) / denom : 0;
                var estimate = (int)Math.Round((lag + offset) * _resolution);
                var period = CalendarPeriod(estimate, stepMs);
                if (_significance > 0 && acf[lag] < _significance * BartlettStandardError(acf, lag, n))
                {
                    return false;
                }

                // Where the blocks cut the known period into too few of them to show it, or the known period is the
                // clock's, only a clearly stronger cycle replaces it (see remarks).
                if (_period > 0 && Math.Abs(period - _period) > _resolution
                    && (IsBlockAlias(period)
                        || (_period < MinPeriodBlocks * _resolution || IsCalendar(_period, stepMs)) && acf[lag] <= _strength + 0.5 * (1 - _strength)))
                {
                    return true;
                }

                // A period found at a coarser resolution replaces the current one only if it is at least
                // nearly as strong: short cycles (e.g. hourly) should not be lost to weak long ones.
                if (_period == 0 || acf[lag] >= 0.9 * _strength || Math.Abs(period - _period) <= _resolution)
                {
                    _period = period;
                    _calendarOffset = (short)(estimate - period);
                    _strength = acf[lag];
                }

                return true;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether a single pair of blocks carries more than <see cref="MaxPairShare"/> of the covariance at
    /// <paramref name="lag"/>: then the peak is two bursts that happen to lie that far apart, not a cycle.
    /// </summary>
    private static bool RestsOnFewPairs(ReadOnlySpan<float> x, int lag)
    {
        double sum = 0, largest = 0;
        for (var i = lag; i < x.Length; i++)
        {
            var product = (double)x[i] * x[i - lag];
            sum += product;
            largest = Math.Max(largest, product);
        }

        return largest > MaxPairShare * sum;
    }

    private static double BartlettStandardError(ReadOnlySpan<float> acf, int lag, int n)
    {
        double sum = 0;
        for (var k = 1; k < lag; k++)
        {
            sum += acf[k] * acf[k];
        }

        return Math.Sqrt((1 + 2 * sum) / n);
    }

    /// <summary>
    /// Whether <paramref name="candidate"/> is the known period seen through the blocks: block means of a cycle of P
    /// samples repeat every m P / resolution blocks for the smallest m that makes this a whole number (within what the
    /// estimate of P allows), and such a period is that cycle, not a longer one.
    /// </summary>
    private bool IsBlockAlias(int candidate)
    {
        for (var m = 1; m * _period <= Capacity / 2 * _resolution; m++)
        {
            var blocks = m * (double)_period / _resolution;
            if (Math.Abs(blocks - Math.Round(blocks)) <= Math.Min(MaxAlignment, 0.1 + 2.0 * m / _resolution))
            {
                return m > 1 && Math.Abs(candidate - m * _period) <= _resolution;
            }
        }

        return false;
    }

    /// <summary>Captures the state.</summary>
    public PeriodDetectorState Snapshot() => new()
    {
        MaxResolution = _maxResolution,
        SpanResolution = _spanResolution,
        Significance = _significance,
        Blocks = _blocks.AsSpan(0, _count).ToArray(),
        Origin = _origin,
        Resolution = _resolution,
        Accumulator = _accumulator,
        Accumulated = _accumulated,
        Period = _period,
        Strength = _strength,
        Samples = _samples,
        CompactPending = _compactPending,
        Filled = _filled,
        CalendarOffset = _calendarOffset,
    };

    /// <summary>
    /// Recreates a detector that tests its periods: at the snapshot's significance, or at
    /// <see cref="SeasonalitySignificance"/> for a snapshot written before the test (0), keeping any period it holds.
    /// </summary>
    public static PeriodDetector RestoreTested(PeriodDetectorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Restore(state, state.Significance > 0 ? null : SeasonalitySignificance);
    }

    /// <summary>
    /// Recreates a detector from a snapshot, testing periods at <paramref name="significance"/> when given, else at the
    /// snapshot's.
    /// </summary>
    public static PeriodDetector Restore(PeriodDetectorState state, double? significance = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.SpanResolution is < 0 or > MaxBlockSamples || (state.SpanResolution & (state.SpanResolution - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(state), state.SpanResolution, "SpanResolution must be 0 or a power of two up to 4096.");
        }

        if (Math.Abs(state.CalendarOffset) > MaxCalendarOffset)
        {
            throw new ArgumentOutOfRangeException(nameof(state), state.CalendarOffset, "CalendarOffset must be within 16,384 samples of the period.");
        }

        var d = new PeriodDetector(state.MaxResolution, significance ?? state.Significance)
        {
            _count = state.Blocks.Length,
            _origin = state.Origin,
            _resolution = state.Resolution,
            _accumulator = state.Accumulator,
            _accumulated = state.Accumulated,
            _period = state.Period,
            _strength = (float)state.Strength,
            _samples = state.Samples,
            _compactPending = state.CompactPending,
            _filled = state.Filled,
            _spanResolution = (short)state.SpanResolution,
            _calendarOffset = (short)state.CalendarOffset,
        };
        state.Blocks.CopyTo(d._blocks, 0);
        return d;
    }
}

/// <summary>Serializable state of a <see cref="PeriodDetector"/>.</summary>
public sealed class PeriodDetectorState
{
    /// <summary>Largest block size the detector was created with.</summary>
    public int MaxResolution { get; init; }

    /// <summary>Standard errors a period's autocorrelation must exceed (0, also in snapshots written before it existed: no test).</summary>
    public double Significance { get; init; }

    /// <summary>Block means less <see cref="Origin"/>, oldest first.</summary>
    public float[] Blocks { get; init; } = [];

    /// <summary>What the blocks are relative to (0 in snapshots written before blocks were held relative).</summary>
    public double Origin { get; init; }

    /// <summary>Raw samples per block.</summary>
    public int Resolution { get; init; }

    /// <summary>Sum of the samples in the block being filled.</summary>
    public double Accumulator { get; init; }

    /// <summary>Samples in the block being filled.</summary>
    public int Accumulated { get; init; }

    /// <summary>Detected period (0 = none).</summary>
    public int Period { get; init; }

    /// <summary>ACF at the detected period.</summary>
    public double Strength { get; init; }

    /// <summary>Samples seen.</summary>
    public long Samples { get; init; }

    /// <summary>Whether the full history is still to be halved.</summary>
    public bool CompactPending { get; init; }

    /// <summary>Samples of the history that filled gaps (0 in snapshots written before it was counted).</summary>
    public int Filled { get; init; }

    /// <summary>Largest block size grown for the sampling interval, beyond <see cref="MaxResolution"/> (0: none, also in
    /// snapshots written before blocks could grow).</summary>
    public int SpanResolution { get; init; }

    /// <summary>The last estimate less the calendar period taken for it (0 where none was, and in snapshots written
    /// before it was kept).</summary>
    public int CalendarOffset { get; init; }
}
