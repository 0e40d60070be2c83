using EnterpriseHub.Detection.Baselines;
using Xunit;

namespace EnterpriseHub.Detection.Tests;

/// <summary>
/// The day of the week's gain on a daily shape (<see cref="DayOfWeekGain"/>), learned against a seeded daily model of
/// minute data whose step is the minute since Monday <see cref="SeriesFactory.Start"/> (00:00 UTC).
/// </summary>
public sealed class DayOfWeekGainTests
{
    private const int PerDay = 1440;
    private const double Step = DayOfWeekGain.Resolution;
    private static readonly long StartMs = SeriesFactory.Start.ToUnixTimeMilliseconds();

    /// <summary>Business hours, 80 from 09:00 to 18:00 in a zone <paramref name="zoneHours"/> from UTC and 20 otherwise,
    /// on the local days <paramref name="openDay"/> allows.</summary>
    private static double Business(long minute, int zoneHours, Func<int, bool> openDay) =>
        SeriesFactory.IsOpen(minute, zoneHours, openDay) ? 80 : 20;

    private static bool Weekday(int day) => day % 7 < 5;

    /// <summary>A daily model seeded from three days of <paramref name="shape"/> (minute to value) in blocks of 16.</summary>
    private static HoltWintersBaseline Model(Func<long, double> shape)
    {
        const int resolution = 16;
        const int blocks = 3 * PerDay / resolution;
        var history = new float[blocks];
        for (var j = 0; j < blocks; j++)
        {
            var sum = 0.0;
            for (var k = 1 + j * resolution; k <= (j + 1) * resolution; k++)
            {
                sum += shape(k);
            }

            history[j] = (float)(sum / resolution);
        }

        var model = new HoltWintersBaseline(PerDay, 0.05, 0, 0.2, 0.1, maxBuckets: 64);
        model.Initialize(history, resolution, (long)blocks * resolution, 1);
        return model;
    }

    /// <summary>
    /// Feeds minutes [<paramref name="from"/>, <paramref name="to"/>) of <paramref name="values"/> and returns the label
    /// the gain gave each local day at its noon and the gain it used there.
    /// </summary>
    private static Dictionary<long, (int Label, double Gain)> Feed(ref DayOfWeekGain gain, HoltWintersBaseline model, long from, long to, Func<long, double> values, int zoneHours = 0, double range = double.PositiveInfinity)
    {
        var days = new Dictionary<long, (int, double)>();
        for (var i = from; i < to; i++)
        {
            var shape = gain.Begin(StartMs + i * 60_000, model, i, model.SeasonAt(i), range);
            gain.Learn(values(i), shape);
            var local = i + zoneHours * 60L;
            if (local % PerDay == 720)
            {
                days[local / PerDay] = (gain.Day, gain.Current);
            }
        }

        return days;
    }

    /// <summary>
    /// A day without a gain that is empty where the ordinary days are busy departs once it has an hour and twelve
    /// samples of business hours behind it (the day begins at the quiet night, 19:15 here); a day as busy as they are
    /// does not, nor one judged over fewer samples, nor a day that already has its gain.
    /// </summary>
    [Fact]
    public void A_day_departs_from_the_ordinary_days_once_its_estimate_is_clear()
    {
        var model = Model(i => Business(i, 0, _ => true));
        bool DepartsAt(Func<long, double> values, long until, double stepMs = 60_000)
        {
            var gain = new DayOfWeekGain();
            Feed(ref gain, model, 4 * PerDay, until, values);
            return gain.Departs(model, stepMs);
        }

        // Saturday (day 5) closed: at 08:00 only the night has been seen (no shape to regress on), at 10:00 an hour.
        Assert.False(DepartsAt(i => Business(i, 0, Weekday), 5 * PerDay + 480));
        Assert.True(DepartsAt(i => Business(i, 0, Weekday), 5 * PerDay + 600));
        // The same day open, and the closed one judged as if its 900 samples spanned under an hour.
        Assert.False(DepartsAt(i => Business(i, 0, _ => true), 5 * PerDay + 600));
        Assert.False(DepartsAt(i => Business(i, 0, Weekday), 5 * PerDay + 600, stepMs: 3_000));

        // After two closed weekends Saturday has its gain, and a day with a gain does not depart (it is expected).
        var learned = new DayOfWeekGain();
        Feed(ref learned, model, 0, 19 * PerDay + 600, i => Business(i, 0, Weekday));
        Assert.True(learned.Current < 0);
        Assert.False(learned.Departs(model, 60_000));
    }

    /// <summary>
    /// A day that departs for an hour or more and yet ends ordinary (Saturday here, closed until 11:00 and open after)
    /// departed from a season that was wrong, not from the ordinary days, and the next day is held back from
    /// departing: a closed Sunday then teaches the season as an ordinary day would. A day that departs for minutes
    /// (closed until 09:10) holds nothing back, and the hold lasts a day.
    /// </summary>
    [Theory]
    [InlineData(120, false)]
    [InlineData(10, true)]
    public void A_day_that_departed_for_an_hour_but_ended_ordinary_holds_the_next_day_back(int closedMinutes, bool sundayDeparts)
    {
        var model = Model(i => Business(i, 0, _ => true));
        var gain = new DayOfWeekGain();
        double Values(long i)
        {
            var day = i / PerDay;
            var minute = i % PerDay;
            return day == 5 && minute < 540 + closedMinutes ? 20 : Business(i, 0, d => d < 6);
        }

        bool DepartsAt(ref DayOfWeekGain gain, long from, long until)
        {
            var departs = false;
            for (var i = from; i < until; i++)
            {
                var shape = gain.Begin(StartMs + i * 60_000, model, i, model.SeasonAt(i));
                departs = gain.Departs(model, 60_000);
                gain.Learn(Values(i), shape);
            }

            return departs;
        }

        // Sunday 08:30: Saturday has been learned (days begin at 08:15 here, the quietest phase of a season seeded
        // from every day open), and Sunday is held back or not.
        Assert.False(DepartsAt(ref gain, 4 * PerDay, 6 * PerDay + 510));
        Assert.Equal((3, sundayDeparts ? 0 : 128), (gain.Day, gain.Snapshot().Departure)); // Sunday is day 3 from the epoch's Thursday
        Assert.Equal(sundayDeparts, DepartsAt(ref gain, 6 * PerDay + 510, 6 * PerDay + 600));

        // Sunday ended departing (closed all day), so Monday is not held back: closed until 10:00 it departs.
        Assert.True(DepartsAt(ref gain, 6 * PerDay + 600, 7 * PerDay + 600));
    }

    /// <summary>
    /// A season seeded at half the weekdays' swing (business hours at 50 against 80): on the second Thursday three
    /// weekdays have a gain of +1; once it ends four have, the median day's, so on Friday the season is scaled by 2 above its floor and every gain taken
    /// relative to it: the weekdays ordinary, the weekend's estimates still -1, and Friday, with one estimate and no gain
    /// yet, ordinary as it was. A season seeded at the weekdays' swing is left as it is.
    /// </summary>
    [Fact]
    public void A_median_day_with_a_gain_of_its_own_scales_the_season_to_it()
    {
        double Values(long i) => Business(i, 0, Weekday);
        static double Swing(HoltWintersBaseline model) => model.SeasonAt(12 * 60) - model.SeasonAt(3 * 60);

        var half = Model(i => SeriesFactory.IsOpen(i, 0, _ => true) ? 50 : 20);
        var seeded = Swing(half);
        var gain = new DayOfWeekGain();
        var days = Feed(ref gain, half, 0, 10 * PerDay + 720, Values);
        Assert.Equal(seeded, Swing(half));
        int monday = days[0].Label, wednesday = days[2].Label, thursday = days[3].Label, friday = days[4].Label, saturday = days[5].Label, sunday = days[6].Label;
        var state = gain.Snapshot();
        Assert.InRange(state.Gains[wednesday], 1 - 2 * Step, 1 + 2 * Step);
        Assert.Equal((0, 0), (state.Gains[thursday], state.Gains[friday]));

        Feed(ref gain, half, 10 * PerDay + 720, 11 * PerDay + 720, Values);
        Assert.InRange(Swing(half), (2 - 2 * Step) * seeded, (2 + 2 * Step) * seeded);
        state = gain.Snapshot();
        Assert.All(new[] { monday, thursday, friday }, day => Assert.InRange(state.Gains[day], -2 * Step, 2 * Step));
        Assert.All(new[] { saturday, sunday }, day => Assert.InRange(state.Estimates[day], -1 - 2 * Step, -1 + 2 * Step));
        Assert.InRange(state.Estimates[thursday], -2 * Step, 2 * Step);
        Assert.Equal((friday, true), (gain.Day, gain.Learns));

        // The second weekend is learned as -1 against the scaled season, and the weekdays stay ordinary: no second scaling.
        Feed(ref gain, half, 11 * PerDay + 720, 21 * PerDay + 720, Values);
        Assert.InRange(Swing(half), (2 - 2 * Step) * seeded, (2 + 2 * Step) * seeded);
        state = gain.Snapshot();
        Assert.All(new[] { saturday, sunday }, day => Assert.InRange(state.Gains[day], -1 - 2 * Step, -1 + 2 * Step));
        Assert.All(new[] { monday, thursday, friday }, day => Assert.InRange(state.Gains[day], -2 * Step, 2 * Step));

        var whole = Model(i => Business(i, 0, _ => true));
        var wholeSwing = Swing(whole);
        var other = new DayOfWeekGain();
        Feed(ref other, whole, 0, 21 * PerDay, Values);
        Assert.Equal(wholeSwing, Swing(whole));
    }

    /// <summary>
    /// The same half season with the values' range said to be 45, one and a half times its height: it is scaled to
    /// the range, not by 2, and the weekdays keep what is left of their gain (+1/3, too little to count), so it is not
    /// scaled again. With a range of 30, its own height, it is not scaled at all.
    /// </summary>
    [Fact]
    public void The_season_is_never_scaled_taller_than_the_values_range()
    {
        double Values(long i) => Business(i, 0, Weekday);
        static double Height(HoltWintersBaseline model) => model.Season.ToArray().Max() - model.Season.ToArray().Order().ElementAt((int)(DayOfWeekGain.FloorShare * (model.Season.Length - 1)));

        var half = Model(i => SeriesFactory.IsOpen(i, 0, _ => true) ? 50 : 20);
        var seeded = Height(half);
        var gain = new DayOfWeekGain();
        var days = Feed(ref gain, half, 0, 21 * PerDay + 720, Values, range: 1.5 * seeded);
        Assert.Equal(1.5 * seeded, Height(half), 3);
        var state = gain.Snapshot();
        Assert.InRange(state.Gains[days[0].Label], 1 / 3.0 - 2 * Step, 1 / 3.0 + 2 * Step);
        Assert.InRange(gain.Current, -Step, Step);

        var capped = Model(i => SeriesFactory.IsOpen(i, 0, _ => true) ? 50 : 20);
        var atRange = new DayOfWeekGain();
        Feed(ref atRange, capped, 0, 21 * PerDay, Values, range: seeded);
        Assert.Equal(seeded, Height(capped));
    }

    [Fact]
    public void Learns_an_empty_weekend_after_two_and_neither_a_holiday_nor_one_working_saturday()
    {
        // Closed at weekends and on Wednesday of the first week (day 2), open on Saturday of the third (day 19).
        double Values(long i) => Business(i, 0, d => d == 19 || (Weekday(d) && d != 2));
        var model = Model(i => Business(i, 0, _ => true));
        var gain = new DayOfWeekGain();

        // After one week every day has one estimate and no gain; Saturday's and Wednesday's estimates are -1.
        var days = Feed(ref gain, model, 0, 7 * PerDay + 720, Values);
        int monday = days[0].Label, wednesday = days[2].Label, saturday = days[5].Label, sunday = days[6].Label;
        Assert.Equal(7, days.Values.Select(d => d.Label).Distinct().Count());
        var state = gain.Snapshot();
        Assert.All(state.Gains, g => Assert.Equal(0, g));
        Assert.InRange(state.Estimates[saturday], -1 - 2 * Step, -1 + 2 * Step);
        Assert.InRange(state.Estimates[wednesday], -1 - 2 * Step, -1 + 2 * Step);
        Assert.InRange(state.Estimates[monday], -Step, Step);

        // After two the weekend is learned; the holiday, seen once, is not.
        Feed(ref gain, model, 7 * PerDay + 720, 14 * PerDay + 720, Values);
        state = gain.Snapshot();
        Assert.InRange(state.Gains[saturday], -1 - 2 * Step, -1 + 2 * Step);
        Assert.InRange(state.Gains[sunday], -1 - 2 * Step, -1 + 2 * Step);
        Assert.InRange(state.Gains[wednesday], -Step, Step);
        Assert.InRange(state.Gains[monday], -Step, Step);

        // One working Saturday is not learned either: the next Saturday is still expected empty, and its residuals
        // are judged without being learned.
        Feed(ref gain, model, 14 * PerDay + 720, 26 * PerDay + 720, Values);
        state = gain.Snapshot();
        Assert.InRange(state.Estimates[saturday], -Step, Step);
        Assert.Equal(saturday, gain.Day);
        Assert.InRange(gain.Current, -1 - 2 * Step, -1 + 2 * Step);
        Assert.False(gain.Learns);
        Feed(ref gain, model, 26 * PerDay + 720, 28 * PerDay + 720, Values);
        Assert.Equal((monday, true), (gain.Day, gain.Learns));
        Assert.InRange(gain.Current, -Step, Step);
    }

    /// <summary>
    /// Days are cut at the season's quietest phase, not at UTC midnight: in Alaska (UTC-9) the working day is 18:00 to
    /// 03:00 UTC, and a cut at midnight would put three hours of Friday into Saturday (a Saturday gain of -2/3, a Friday
    /// one of -1/3). In Tokyo (UTC+9) it is 00:00 to 09:00 UTC. (The zones keep the edges on the model's bucket
    /// boundaries, 22.5 minutes apart: a seeded season rings beside an edge between them, and its dip is the quietest
    /// phase.)
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(-9)]
    [InlineData(9)]
    public void Days_are_cut_at_the_quietest_phase_so_a_working_day_is_one_day_in_any_zone(int zoneHours)
    {
        double Values(long i) => Business(i, zoneHours, Weekday);
        var model = Model(i => Business(i, zoneHours, _ => true));
        var gain = new DayOfWeekGain();
        var days = Feed(ref gain, model, 0, 21 * PerDay, Values, zoneHours);

        Assert.Equal(20, Business(gain.BoundaryMs / 60_000, zoneHours, _ => true));
        var state = gain.Snapshot();
        Assert.InRange(state.Gains[days[12].Label], -1 - 2 * Step, -1 + 2 * Step);
        Assert.InRange(state.Gains[days[13].Label], -1 - 2 * Step, -1 + 2 * Step);
        Assert.InRange(state.Gains[days[11].Label], -Step, Step);
        Assert.InRange(state.Gains[days[14].Label], -Step, Step);
    }

    /// <summary>
    /// When the season changes so that the boundary is no longer quiet, it moves, and every day keeps its day of the
    /// week: the day that begins at the new boundary is the one that began at the old boundary nearest it. The first
    /// model is quietest from 03:00 to 03:45 (10, the night 20); the second from 21:00 to 21:45, with 50 from 02:15 to
    /// 04:30. The Saturday after the move is given the gain learned for Saturdays before it.
    /// </summary>
    [Fact]
    public void A_boundary_that_is_no_longer_quiet_moves_and_every_day_keeps_its_label()
    {
        static double First(long i, Func<int, bool> open) =>
            i % PerDay is >= 180 and < 225 ? 10 : Business(i, 0, open);
        static double Second(long i, Func<int, bool> open) =>
            i % PerDay is >= 1260 and < 1305 ? 10 : i % PerDay is >= 135 and < 270 ? 50 : Business(i, 0, open);
        var gain = new DayOfWeekGain();
        var first = Model(i => First(i, _ => true));
        var before = Feed(ref gain, first, 0, 14 * PerDay + 721, i => First(i, Weekday));
        Assert.InRange(gain.BoundaryMs, 3 * 3_600_000L, 3 * 3_600_000L + 2_700_000);
        var saturdays = gain.Snapshot().Gains[before[12].Label];
        Assert.InRange(saturdays, -1 - 2 * Step, -DayOfWeekGain.MinGain);

        var second = Model(i => Second(i, _ => true));
        var after = Feed(ref gain, second, 14 * PerDay + 721, 21 * PerDay, i => Second(i, Weekday));
        Assert.InRange(gain.BoundaryMs, 21 * 3_600_000L, 21 * 3_600_000L + 2_700_000);
        for (var day = 15; day < 21; day++)
        {
            Assert.Equal(before[day - 7].Label, after[day].Label);
        }

        Assert.Equal((saturdays, 0.0), (after[19].Gain, after[15].Gain));
    }

    /// <summary>
    /// A day sampled over less than half its squared shape is not estimated: a series that starts on a closed Saturday
    /// at 16:00 has two of its nine empty business hours (a fifth of the shape), one that starts at 10:00 eight.
    /// </summary>
    [Theory]
    [InlineData(16, 0.0)]
    [InlineData(10, -1.0)]
    public void A_day_sampled_over_less_than_half_its_shape_is_not_estimated(int startHour, double saturdayEstimate)
    {
        var model = Model(i => Business(i, 0, _ => true));
        var gain = new DayOfWeekGain();
        var days = Feed(ref gain, model, 5 * PerDay + startHour * 60, 6 * PerDay + 721, i => Business(i, 0, Weekday));
        var saturday = (days[6].Label + 6) % 7;
        Assert.InRange(gain.Snapshot().Estimates[saturday], saturdayEstimate - 2 * Step, saturdayEstimate + 2 * Step);
    }

    [Fact]
    public void A_restored_gain_continues_exactly_and_a_malformed_snapshot_is_refused()
    {
        var model = Model(i => Business(i, 0, _ => true));
        var gain = new DayOfWeekGain();
        Feed(ref gain, model, 0, 15 * PerDay + 100, i => Business(i, 0, Weekday));
        var restored = DayOfWeekGain.Restore(gain.Snapshot());
        Feed(ref gain, model, 15 * PerDay + 100, 17 * PerDay, i => Business(i, 0, Weekday));
        Feed(ref restored, model, 15 * PerDay + 100, 17 * PerDay, i => Business(i, 0, Weekday));
        Assert.Equivalent(gain.Snapshot(), restored.Snapshot(), strict: true);

        var error = Assert.Throws<ArgumentException>(() => DayOfWeekGain.Restore(new DayOfWeekGainState { Gains = new double[6] }));
        Assert.Contains("6 gains", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => DayOfWeekGain.Restore(new DayOfWeekGainState { Day = 7 }));
        Assert.Contains("day 7", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => DayOfWeekGain.Restore(new DayOfWeekGainState { BoundaryQuarterHours = 96 }));
        Assert.Contains("boundary 96", error.Message, StringComparison.Ordinal);
    }
}
