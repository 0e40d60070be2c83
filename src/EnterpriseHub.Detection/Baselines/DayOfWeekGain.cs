namespace EnterpriseHub.Detection.Baselines;

/// <summary>
/// How much of a daily series' shape each day of the week has: a gain g per day, so that the day is expected at the
/// daily model's expectation plus g (season - the season's floor, its lowest tenth). A weekend of closed business hours
/// has g = -1 (its daytime is its night), a day of double traffic g = 1, an ordinary day 0. Days are cut at the
/// season's quietest phase, so a working day is one day in any time zone.
/// </summary>
/// <remarks>
/// <para>A daily model averages the days of the week, and a weekend without business hours is to it a missing day:
/// its level follows the empty morning within minutes and at 18:00 the season's drop takes the expectation far below
/// the night. With sharp business hours (20 at night, 80 from 09:00 to 18:00) closed at weekends, five scratch-harness
/// series of eight weeks raised 30 weekend alerts at a minute, 128 at 30 seconds and 141 at 15, and the weekly
/// expectation, which would know the weekend, was never used: the daily shape it builds on is learned over the
/// weekends too. A weekly period of its own would need a week in the model's 64 buckets, 2.6 hours each.</para>
/// <para>At the end of each day its gain is estimated by least squares, the values' departures from the daily season
/// regressed on the season with an intercept (Learn), and the day of the week's gain becomes the median of itself and
/// its last two estimates: a weekend is learned after two, and neither a holiday nor one working Saturday is (with the
/// smaller of two estimates that agreed in sign, a working Saturday cost the two empty Saturdays after it an alert
/// each). A day's gain is taken
/// relative to the median day's (the daily model's fast level leaves its shape smaller than the days' swing, so
/// ordinary days measure about +0.2 in sharp business hours and up to +0.9 in sparse tweet counts) and only when it is
/// at least <see cref="MinGain"/>: the ordinary days are the daily model's own, so its shape and the gains cannot
/// drift against each other along the scale they share (taking every gain, the weekdays of Twitter_volume_PFE drifted
/// from +0.4 to +1.3 in two weeks). On a day with a gain the daily model learns its level alone, from the values less
/// the gain's part (learning its season so amplified the season's own errors by 1 / (1 - |g|)), so the weekends no
/// longer damp its season; its edge spread scales by 1 + g; and the residual tail judges but does not learn
/// (ResidualTailDetector), so the cycle's one tail is not taught the weekend's quiet daytime, against which the
/// weekdays' business hours then looked noisy (Monday-morning alerts). The weekly expectation keeps the daily shape
/// without the gain (with it, the profile the first weeks learned and the gain counted the weekend twice).</para>
/// <para>Days are cut at the season's quietest phase, found again each day but moved only when the season there is no
/// longer within <see cref="QuietShare"/> of its floor; each day keeps its label when it moves. Cut at UTC midnight,
/// business hours in California (17:00 to 02:00 UTC) put two hours of Friday into Saturday.</para>
/// <para>Kept in 44 bytes, since every series has one: gains and estimates in steps of 1/64 in a byte each, the median
/// day's gain and the day's departure (<see cref="Departs"/>) in the two bytes of padding before the day's count and
/// four sums and the season's floor as floats, the boundary in quarter hours, the day, its label shift and its gain in
/// a byte each.</para>
/// </remarks>
public struct DayOfWeekGain
{
    /// <summary>
    /// Smallest gain, in magnitude and relative to the median day's, that a day is taken to have: smaller ones are the
    /// daily model's ordinary days. A day with a gain is judged by the residual tail without being learned.
    /// </summary>
    public const double MinGain = 0.5;

    /// <summary>Gains and estimates are kept in steps of this, a byte each (at most 127 steps either way).</summary>
    public const double Resolution = 1.0 / 64;

    /// <summary>Points of the cycle looked at for its quietest phase.</summary>
    public const int QuietPoints = 64;

    /// <summary>
    /// The day's boundary stays where it is while the season there is within this share of the season's range of
    /// its floor: a flat night has many quietest points, and a boundary that moved among them would cut days twice.
    /// </summary>
    public const double QuietShare = 0.25;

    /// <summary>
    /// The season's floor, above which a gain scales the shape, is this quantile of its buckets rather than their
    /// minimum: a daily model whose level follows within minutes undershoots for an hour after a falling edge (buckets
    /// after 18:00 at -27 against a night of -19 in sharp business hours), and above that minimum the whole night was
    /// shape, so a weekend's gain of -1 expected its night 8 below where it was (two to three weekend alerts in the
    /// last weeks of five series at a minute, none with the quantile).
    /// </summary>
    public const double FloorShare = 0.1;

    /// <summary>A median day with less than this share of the shape (1 + its gain) is no reference, and no day has a gain.</summary>
    public const double MinReference = 0.25;

    /// <summary>
    /// Standard errors from 0 at which a day's estimate counts (it is 0 otherwise): a weak daily shape under noise of
    /// its own size (an hourly price whose detector found a day) measured gains of +2 on ordinary days. The standard
    /// error is the noise over the root of the day's summed squared shape, the noise 1.25 mean deviations of the
    /// daily model (a normal's standard deviation); the day's residuals are correlated, so their effective number
    /// is smaller and the margin wide.
    /// </summary>
    public const double Significance = 4;

    private const double DeviationSigma = 1.25;

    /// <summary>The least of a day, in milliseconds, over which it is judged to depart (<see cref="Departs"/>): an hour.</summary>
    public const double DepartureMinMs = 3_600_000;

    /// <summary>The fewest samples of a day over which it is judged to depart (<see cref="Departs"/>).</summary>
    public const int DepartureMinSamples = 12;

    /// <summary>Share of a whole day's squared shape a day must have been sampled over for its gain to be estimated.</summary>
    public const double Coverage = 0.5;

    /// <summary>Quarter hours a day must have departed in (<see cref="Departs"/>) and yet end ordinary for the next day to
    /// be held back from departing: an hour (remarks of <see cref="Departs"/>).</summary>
    public const int HeldAfterQuarters = 4;

    private const long DayMs = 86_400_000;
    private const double QuarterMs = 900_000;
    private const byte DepartedQuarters = 0x7F;
    private const byte Held = 0x80;
    private const int OffsetUnits = 96;
    private const long OffsetMs = DayMs / OffsetUnits;

    private DayBytes _gains;
    private DayBytes _estimates;
    // The median day's gain, found when a day begins (declared here, it takes the padding before the floats).
    private sbyte _median;
    // The quarter hours the current day has departed in (DepartedQuarters, saturating), and Held: declared here, the
    // padding again.
    private byte _departure;
    private float _floor;
    private float _count;
    private float _shapes;
    private float _departures;
    private float _shapeSquares;
    private float _shapeDepartures;
    private byte _offset;
    private byte _day;
    private byte _shift;
    private sbyte _current;

    /// <summary>The day of the week, 0 to 6 (days counted from the Unix epoch, cut at the quietest phase), and -1 before the
    /// first sample.</summary>
    public readonly int Day => _day - 1;

    /// <summary>
    /// The gain of the current day relative to the median day's, when that is at least <see cref="MinGain"/>, and 0
    /// otherwise (and before the first sample). The ordinary days are the daily model's own, so that its shape and the
    /// gains cannot drift against each other along the scale they share.
    /// </summary>
    public readonly double Current => _current * Resolution;

    /// <summary>Whether the residual tail learns the current day: an ordinary day, whose <see cref="Current"/> gain is 0.</summary>
    public readonly bool Learns => _current == 0;

    /// <summary>The time of day, in milliseconds after UTC midnight, at which days begin.</summary>
    public readonly long BoundaryMs => _offset * OffsetMs;

    /// <summary>
    /// Starts the sample at <paramref name="timestampMs"/>, at <paramref name="step"/> of <paramref name="model"/>'s
    /// cycle, where its seasonal component is <paramref name="season"/> (the caller has it from its expectation): when
    /// it is on a new day, the day before is learned, the quietest phase and the season's floor are found again, and
    /// a median day with a gain of its own scales the season (<see cref="ScaleToTheMedianDay"/>), never taller than
    /// <paramref name="range"/>, the values' whole range so far (unbounded by default). Returns the season above its
    /// floor, what the gain multiplies.
    /// </summary>
    public double Begin(long timestampMs, HoltWintersBaseline model, long step, double season, double range = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (_day == 0)
        {
            FindQuietest(timestampMs, model, step, keep: false);
            _day = (byte)(DayAt(timestampMs) + 1);
        }
        else if (DayAt(timestampMs) + 1 != _day)
        {
            Finish(model);
            FindQuietest(timestampMs, model, step, keep: true);
            _day = (byte)(DayAt(timestampMs) + 1);
            _median = MedianGain();
            var scale = ScaleToTheMedianDay(model, range);
            _current = Relative(_day - 1);
            return (season - _floor) * scale;
        }

        return season - _floor;
    }

    /// <summary>
    /// Learns <paramref name="value"/>, observed where the season above its floor was <paramref name="shape"/> (as
    /// <see cref="Begin"/> returned it): its departure from the season, regressed on the shape with an intercept, so
    /// that no level has to be known. Against the daily model's level the gains were off by whatever the level was
    /// off: its fast level follows an empty business day down and, learning clipped errors, climbs back for hours
    /// after the day's edge (a Sunday in California measured -0.25 from a level taken 45 minutes after Saturday's
    /// close); the slow level drifts over an empty weekend day (five-minute Sundays measured -0.75). For the same
    /// reason the value may be given less any constant (the ensemble takes its series' first value from it), which
    /// keeps the day's single-precision sums to its own variation however far from zero the values lie.
    /// </summary>
    public void Learn(double value, double shape)
    {
        InputGuard.RequireFinite(value, nameof(value));
        var departure = value - _floor - shape;
        _count++;
        _shapes += (float)shape;
        _departures += (float)departure;
        _shapeSquares += (float)(shape * shape);
        _shapeDepartures += (float)(shape * departure);
    }

    /// <summary>
    /// The day's gain becomes the median of itself and the day's last two estimates, this one and last week's, an
    /// estimate within <see cref="Significance"/> standard errors of 0 counting as 0; a day with less than
    /// <see cref="Coverage"/> of a whole day's squared shape (a series' first hours, a long gap, the hours a moved
    /// boundary adds to a day already learned) is not estimated.
    /// </summary>
    private void Finish(HoltWintersBaseline model)
    {
        var held = false;
        var whole = 0.0;
        foreach (var season in model.Season)
        {
            whole += (season - _floor) * (season - _floor);
        }

        whole *= (double)model.Period / model.Season.Length;
        if (_shapeSquares >= Coverage * whole && Slope(out var estimate, out var spread))
        {
            if (!Significant(estimate, spread, model))
            {
                estimate = 0;
            }

            Span<sbyte> estimates = _estimates;
            Span<sbyte> gains = _gains;
            var day = _day - 1;
            var e = Quantise(estimate);
            held = (_departure & DepartedQuarters) >= HeldAfterQuarters && RelativeToMedian(e * Resolution) == 0;
            var last = estimates[day];
            var gain = gains[day];
            gains[day] = Median(e, last, gain);
            estimates[day] = e;
        }

        _count = 0;
        _shapes = 0;
        _departures = 0;
        _shapeSquares = 0;
        _shapeDepartures = 0;
        _departure = held ? Held : (byte)0;
    }

    /// <summary>
    /// Day <paramref name="day"/>'s gain relative to the median day's, as (1 + gain) / (1 + median) - 1, when that is at
    /// least <see cref="MinGain"/>, else 0. Every gain is measured against the daily model's season, which the model's
    /// fast level leaves smaller than the days' swing: ordinary days measured about +0.2 in sharp business hours and up
    /// to +0.9 in sparse tweet counts, and were taken for days busier than the model.
    /// </summary>
    private readonly sbyte Relative(int day)
    {
        ReadOnlySpan<sbyte> gains = _gains;
        return Quantise(RelativeToMedian(gains[day] * Resolution));
    }

    /// <summary><paramref name="gain"/> relative to the median day's, (1 + gain) / (1 + median) - 1, when the median day
    /// is a reference (<see cref="MinReference"/>) and that is at least <see cref="MinGain"/>; else 0.</summary>
    private readonly double RelativeToMedian(double gain)
    {
        var median = _median * Resolution;
        var relative = (1 + gain) / (1 + median) - 1;
        return 1 + median >= MinReference && Math.Abs(relative) >= MinGain ? relative : 0;
    }

    /// <summary>The current day's estimate so far, the slope of its departures from the season regressed on the shape
    /// (<see cref="Learn"/>), and the spread of the shape it was regressed on; false when there is none.</summary>
    private readonly bool Slope(out double estimate, out double spread)
    {
        spread = _shapeSquares - (double)_shapes * _shapes / Math.Max(_count, 1);
        estimate = spread > 0 ? (_shapeDepartures - (double)_shapes * _departures / _count) / spread : 0;
        return spread > 0;
    }

    /// <summary>Whether <paramref name="estimate"/> is at least <see cref="Significance"/> standard errors from 0: the
    /// noise, <paramref name="model"/>'s mean deviation as a standard deviation, over the root of the shape's spread.</summary>
    private static bool Significant(double estimate, double spread, HoltWintersBaseline model) =>
        Math.Abs(estimate) >= Significance * DeviationSigma * model.MeanDeviation() / Math.Sqrt(spread);

    /// <summary>
    /// Whether the current day, an ordinary one (no <see cref="Current"/> gain), departs from the ordinary days as far
    /// as it has gone: its estimate so far is significant (<see cref="Significance"/> standard errors, from
    /// <paramref name="model"/>'s deviation) and, relative to the median day's gain, at least <see cref="MinGain"/>,
    /// over at least <see cref="DepartureMinSamples"/> samples and <see cref="DepartureMinMs"/> of them at
    /// <paramref name="stepMs"/> apart, unless the day is held back (remarks). Such a day teaches the daily model its
    /// level alone, as a day with a gain does. Called once a sample, it counts the quarter hours the day departs in.
    /// </summary>
    /// <remarks>
    /// <para>A weekend is given a gain after two (<see cref="Finish"/>); until then each closed weekend day taught the
    /// daily season its empty business hours, clipped to three deviations a sample: in minute business hours the
    /// first two weekends took a morning bucket from 38 to 23, and the weekdays restored it at about half a unit a
    /// day, 40 again only after eight weeks. Meanwhile the fast level climbed through each weekday morning against
    /// the shrunken season and the expectation lagged the values by 2.5 to 3 for two hours after opening, where most
    /// weekday false alerts were (117 of 193 in the 230-series harness of <see cref="SeasonalBaseline.Buckets"/>).
    /// Not taught by such days the season keeps its shape: weekday false alerts 193 -> 131, second-weekend alerts
    /// 84 -> 1, holidays found 218 -> 220, later weekends 10 as before. The residual tail still learns such a day
    /// (teaching it nothing as well, the second weekend alerted in 197 series and the weekdays in 306). Judged over
    /// fewer samples, the estimate's standard error, which takes the residuals as independent, is too small early in
    /// a day: over 3 or 6 samples (an hour of hourly data is one) NAB's own alerts lost a window of
    /// exchange-4_cpc_results at medium (60.6 -> 59.2); over 12 to 100 they did not.</para>
    /// <para>A departure held back. The estimate is measured against the season itself, so where the season is wrong
    /// every day departs there and never teaches it: minute business hours closed at weekends that began on a
    /// Wednesday afternoon in California were seeded with +12 for 09:00 to 11:00 against a day of +37, each weekday
    /// morning departed, and the mornings alerted from the sixth week (43 alerts in five series from the fourth,
    /// SeasonalEdgeTests); a zigzag over the night departs the same way (its values regress on its shape with a slope of
    /// -1). A day that departed in at least <see cref="HeldAfterQuarters"/> quarter hours and yet ends ordinary departed
    /// from the season, not from the ordinary days, and the next day is held back from departing, so it teaches the
    /// season (6 alerts). The quarter hours are counted, not the day's first departure taken: every ordinary day departs
    /// for a few minutes before 09:00, where the interpolation already rises towards the day, and holding on that (the
    /// first rule tried) let the first weekends teach the season again (230-series harness: weekday false alerts 131 ->
    /// 164, second-weekend alerts 2 -> 23).</para>
    /// </remarks>
    public bool Departs(HoltWintersBaseline model, double stepMs)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (_current != 0 || (_departure & Held) != 0 || _count < DepartureMinSamples || !(_count * stepMs >= DepartureMinMs) || !Slope(out var estimate, out var spread))
        {
            return false;
        }

        // The magnitude first: an ordinary day fails it, every sample, without the model's mean deviation.
        if (RelativeToMedian(estimate) == 0 || !Significant(estimate, spread, model))
        {
            return false;
        }

        // A departing sample that begins a quarter hour of the day counts it (remarks: a departure held back).
        if ((long)(_count * stepMs / QuarterMs) != (long)((_count - 1) * stepMs / QuarterMs) && (_departure & DepartedQuarters) < DepartedQuarters)
        {
            _departure++;
        }

        return true;
    }

    /// <summary>
    /// When the median day has a gain of its own (at least <see cref="MinGain"/>: the days are taller than the season),
    /// scales <paramref name="model"/>'s season above its floor by 1 + that gain and takes every gain other than 0 and
    /// every estimate relative to it, so the median day is ordinary again; returns the scale (1 when the median day is
    /// ordinary). The season is never scaled taller than <paramref name="range"/>, the values' whole range: days that
    /// keep measuring a gain against a season that never holds their swing cannot scale it without end.
    /// </summary>
    /// <remarks>
    /// A season seeded over days that are not the ordinary days has the wrong height for them: business hours that began
    /// on a Thursday took the day on the Saturday, from two open days and a closed one, at half the weekdays' swing.
    /// Every weekday then measured a gain of +1, relative to the median day 0, so the weekdays were ordinary and taught
    /// the season, but the daily model's fast level carried the other half through each business day (its errors
    /// came only at the edges, where the level lags), and the season grew by a bucket's edge a week: the mornings
    /// alerted for five weeks. The median day's gain says by how much the season is off for the ordinary days, and
    /// taken into the season the level is left with nothing to carry. Scratch harness, business hours closed at weekends
    /// from 21 start times, alerts from the fourth week in five series each: every minute 144 -> 95, every 15 seconds
    /// 252 -> 158 (the Thursday start 97 -> 3), every 10 seconds 512 -> 291, the holidays found as before (66, 76, 67);
    /// starting on a Monday (the 230-series harness, every NAB file) the median day is ordinary and nothing changes.
    /// A season taller than the median day is left to learn: scaled down too, Twitter_volume_PFE's season was scaled by
    /// 0.27 and later by 2.98, the days left ordinary at 0 then measuring +2 against it.
    /// </remarks>
    private double ScaleToTheMedianDay(HoltWintersBaseline model, double range)
    {
        var median = _median * Resolution;
        if (median < MinGain)
        {
            return 1;
        }

        var scale = 1 + median;
        var height = 0.0;
        foreach (var season in model.Season)
        {
            height = Math.Max(height, season - _floor);
        }

        if (height * scale > range)
        {
            scale = range / height;
        }

        if (!(scale > 1))
        {
            return 1;
        }

        model.ScaleSeason(_floor, scale);
        Span<sbyte> gains = _gains;
        Span<sbyte> estimates = _estimates;
        for (var day = 0; day < 7; day++)
        {
            // A gain of 0 is a day not yet learned as often as not (a gain is the median of three estimates), and one
            // that is the season's is the ordinary days' until its own estimates say otherwise.
            if (gains[day] != 0)
            {
                gains[day] = Quantise((1 + gains[day] * Resolution) / scale - 1);
            }

            estimates[day] = Quantise((1 + estimates[day] * Resolution) / scale - 1);
        }

        _median = Quantise((1 + median) / scale - 1);
        return scale;
    }

    /// <summary>The median of the seven days' gains, in steps of <see cref="Resolution"/>.</summary>
    private readonly sbyte MedianGain()
    {
        ReadOnlySpan<sbyte> gains = _gains;
        Span<sbyte> sorted = stackalloc sbyte[7];
        gains.CopyTo(sorted);
        sorted.Sort();
        return sorted[3];
    }

    private static sbyte Median(sbyte a, sbyte b, sbyte c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));

    /// <summary>
    /// Finds the season's floor (<see cref="FloorShare"/>) and, unless <paramref name="keep"/> and the boundary is still within
    /// <see cref="QuietShare"/> of the season's range of it, moves the boundary to the quietest of
    /// <see cref="QuietPoints"/> phases. Each day keeps its day of the week: the day that begins at the new boundary is
    /// the one that began at the old boundary nearest to it.
    /// </summary>
    private void FindQuietest(long timestampMs, HoltWintersBaseline model, long step, bool keep)
    {
        Span<float> sorted = stackalloc float[model.Season.Length];
        model.Season.CopyTo(sorted);
        sorted.Sort();
        double floor = sorted[(int)(FloorShare * (sorted.Length - 1))], max = sorted[^1];

        _floor = (float)floor;
        var period = model.Period;
        if (keep)
        {
            // The season at the current boundary, the next time of day it comes round.
            var ahead = Modulo(BoundaryMs - timestampMs, DayMs);
            if (model.SeasonAt(step + ahead * period / DayMs) - floor <= QuietShare * (max - floor))
            {
                return;
            }
        }

        var quietest = double.PositiveInfinity;
        var at = 0L;
        for (var k = 0; k < QuietPoints; k++)
        {
            var season = model.SeasonAt(step + (long)k * period / QuietPoints);
            if (season < quietest)
            {
                quietest = season;
                at = k * DayMs / QuietPoints;
            }
        }

        var offset = (byte)((Modulo(timestampMs + at, DayMs) + OffsetMs / 2) / OffsetMs % OffsetUnits);
        if (!keep)
        {
            _offset = offset;
            return;
        }

        // The old day that began at the last boundary, and the new day that begins nearest it, take the same label.
        var start = timestampMs - Modulo(timestampMs - BoundaryMs, DayMs);
        var label = DayAt(start);
        var moved = Modulo(offset * OffsetMs - BoundaryMs + DayMs / 2, DayMs) - DayMs / 2;
        var raw = FloorDivide(start + moved - offset * OffsetMs, DayMs);
        _offset = offset;
        _shift = (byte)Modulo(label - raw, 7);
    }

    /// <summary>Day of the week (0 to 6) of <paramref name="timestampMs"/>, days beginning at the boundary. A gap of whole
    /// weeks leaves it the same, and the day goes on: its samples are the same day of the week's.</summary>
    private readonly int DayAt(long timestampMs) =>
        (int)Modulo(FloorDivide(timestampMs - BoundaryMs, DayMs) + _shift, 7);

    private static long Modulo(long x, long m) => ((x % m) + m) % m;

    private static long FloorDivide(long x, long m) => (x - Modulo(x, m)) / m;

    private static sbyte Quantise(double gain) => (sbyte)Math.Clamp(Math.Round(gain / Resolution), -127, 127);

    /// <summary>Captures the state.</summary>
    public readonly DayOfWeekGainState Snapshot()
    {
        ReadOnlySpan<sbyte> gains = _gains;
        ReadOnlySpan<sbyte> estimates = _estimates;
        var state = new DayOfWeekGainState
        {
            Floor = _floor,
            Count = _count,
            Shapes = _shapes,
            Departures = _departures,
            ShapeSquares = _shapeSquares,
            ShapeDepartures = _shapeDepartures,
            BoundaryQuarterHours = _offset,
            LabelShift = _shift,
            Day = Day,
            Departure = _departure,
        };
        for (var i = 0; i < 7; i++)
        {
            state.Gains[i] = gains[i] * Resolution;
            state.Estimates[i] = estimates[i] * Resolution;
        }

        return state;
    }

    /// <summary>Recreates the gains from a snapshot.</summary>
    public static DayOfWeekGain Restore(DayOfWeekGainState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Gains.Length != 7 || state.Estimates.Length != 7)
        {
            throw new ArgumentException($"Day-of-week gain snapshot has {state.Gains.Length} gains and {state.Estimates.Length} estimates (expected 7 each).", nameof(state));
        }

        if (state.Day is < -1 or > 6 || state.LabelShift is < 0 or > 6 || state.BoundaryQuarterHours is < 0 or >= OffsetUnits)
        {
            throw new ArgumentException(
                $"Day-of-week gain snapshot has day {state.Day} (expected -1 to 6), label shift {state.LabelShift} (0 to 6) and boundary {state.BoundaryQuarterHours} (0 to {OffsetUnits - 1}).",
                nameof(state));
        }

        if (state.Departure is < 0 or > byte.MaxValue)
        {
            throw new ArgumentException($"Day-of-week gain snapshot has departure {state.Departure} (expected 0 to {byte.MaxValue}).", nameof(state));
        }

        var gain = new DayOfWeekGain
        {
            _floor = state.Floor,
            _count = state.Count,
            _shapes = state.Shapes,
            _departures = state.Departures,
            _shapeSquares = state.ShapeSquares,
            _shapeDepartures = state.ShapeDepartures,
            _offset = (byte)state.BoundaryQuarterHours,
            _shift = (byte)state.LabelShift,
            _day = (byte)(state.Day + 1),
            _departure = (byte)state.Departure,
        };
        Span<sbyte> gains = gain._gains;
        Span<sbyte> estimates = gain._estimates;
        for (var i = 0; i < 7; i++)
        {
            gains[i] = Quantise(state.Gains[i]);
            estimates[i] = Quantise(state.Estimates[i]);
        }

        gain._median = gain.MedianGain();
        gain._current = state.Day < 0 ? (sbyte)0 : gain.Relative(state.Day);
        return gain;
    }
}

[System.Runtime.CompilerServices.InlineArray(7)]
internal struct DayBytes
{
    private sbyte _first;
}

/// <summary>Serializable state of a <see cref="DayOfWeekGain"/>.</summary>
public sealed class DayOfWeekGainState
{
    /// <summary>Gain of each day of the week (0 to 6: days since the Unix epoch, cut at the boundary, plus the label
    /// shift, modulo 7), in steps of <see cref="DayOfWeekGain.Resolution"/>.</summary>
    public double[] Gains { get; init; } = new double[7];

    /// <summary>Each day of the week's gain estimate the last time it was seen.</summary>
    public double[] Estimates { get; init; } = new double[7];

    /// <summary>The season's floor (<see cref="DayOfWeekGain.FloorShare"/>) when the current day began.</summary>
    public float Floor { get; init; }

    /// <summary>The current day's samples.</summary>
    public float Count { get; init; }

    /// <summary>The current day's sum of shapes.</summary>
    public float Shapes { get; init; }

    /// <summary>The current day's sum of departures from the season.</summary>
    public float Departures { get; init; }

    /// <summary>The current day's sum of squared shapes.</summary>
    public float ShapeSquares { get; init; }

    /// <summary>The current day's sum of shape times departure.</summary>
    public float ShapeDepartures { get; init; }

    /// <summary>The time of day days begin at, in quarter hours after UTC midnight (0 to 95).</summary>
    public int BoundaryQuarterHours { get; init; }

    /// <summary>Added to the days since the Unix epoch before the modulo 7, so that a day keeps its label when the
    /// boundary moves (0 to 6).</summary>
    public int LabelShift { get; init; }

    /// <summary>The current day of the week (0 to 6), or -1 before the first sample.</summary>
    public int Day { get; init; }

    /// <summary>The quarter hours the current day has departed in (low seven bits) and whether it is held back from
    /// departing (128); 0 in snapshots written before it was stored.</summary>
    public int Departure { get; init; }
}
