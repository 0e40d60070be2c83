using EnterpriseHub.Detection.Ensemble;
using Xunit;

namespace EnterpriseHub.Detection.Tests;

/// <summary>Seasons with edges sharper than a bucket (<see cref="AnomalyDetectorEnsemble.EdgeBands"/>).</summary>
public sealed class SeasonalEdgeTests
{
    private const int PerDay = 1440;

    /// <summary>
    /// A daily sawtooth in minute data, as a counter that is reset at midnight: 0 to 100 over the day, noise 2. On
    /// <paramref name="missedReset"/>, if any, the midnight reset does not happen and the count goes on to 200.
    /// </summary>
    private static double[] Sawtooth(int seed, int days, int missedReset = -1)
    {
        var random = new Random(seed);
        return
        [
            .. Enumerable.Range(0, days * PerDay).Select(i =>
            {
                var minute = i % PerDay;
                var position = i / PerDay == missedReset ? minute + PerDay : minute;
                return 100.0 * position / PerDay + 2 * SeriesFactory.Gaussian(random);
            }),
        ];
    }

    private static List<int> Alerts(double[] values)
    {
        var ensemble = new AnomalyDetectorEnsemble();
        var alerts = new List<int>();
        for (var i = 0; i < values.Length; i++)
        {
            if (ensemble.Update(SeriesFactory.At(i), values[i]).IsAnomaly)
            {
                alerts.Add(i);
            }
        }

        return alerts;
    }

    [Fact]
    public void A_daily_reset_raises_no_alert_once_the_day_is_known()
    {
        // The interpolation between bucket centres ramps across the reset, and the level, learning from that ramp,
        // fell after each one: these series alerted just after midnight on most days (values near 0 against an
        // expectation near 50), 41 times in all. What is left is the noise's own tail (4.9 deviations near the top).
        var total = 0;
        for (var seed = 1; seed <= 10; seed++)
        {
            var known = Alerts(Sawtooth(seed, 8)).Where(i => i >= 3 * PerDay).ToList();
            Assert.DoesNotContain(known, i => i % PerDay < 60);
            total += known.Count;
        }

        Assert.InRange(total, 0, 3);
    }

    [Fact]
    public void A_reset_that_does_not_happen_is_found_within_half_an_hour()
    {
        // At the reset the value may be at either bucket's level, so a value of 100 just after midnight is no
        // departure: the missed reset is found once the expectation has left the edge.
        for (var seed = 1; seed <= 10; seed++)
        {
            var alerts = Alerts(Sawtooth(seed, 8, missedReset: 6)).Where(i => i >= 6 * PerDay).ToList();
            Assert.NotEmpty(alerts);
            Assert.InRange(alerts[0], 6 * PerDay, 6 * PerDay + 30);
        }
    }

    [Fact]
    public void An_hourly_job_that_does_not_run_is_found_on_the_minute_in_most_series_and_nothing_else_alerts()
    {
        // Minute data, 10 with noise 1 and 50 for the minute at the top of every hour; on day 6 the 10:00 run is
        // missing. The expectation holds each minute of the hour only while the hourly period is kept: it became 480
        // minutes as the period detector's blocks grew, and this was found in none of these series. Then in 6: in the
        // others (p 1e-5 to 2e-5 for a departure of 45 scales) the residual tail still remembered the season's first
        // hours, learned from two-minute blocks, when the spikes were 10 to 20 off, with its shape at the bound, 0.5.
        // Its 1% quantile was exceeded by none of 2,000 samples, so it is refitted on its recent peaks
        // (PeaksOverThreshold.CheckSamples) and the missed run is found in all ten (p 1e-8 to 7e-6).
        // Besides: one alert in the 10 series, on a value 4.6 deviations below its minute's expectation.
        int found = 0, others = 0;
        for (var seed = 1; seed <= 10; seed++)
        {
            var random = new Random(seed);
            var missed = 6 * PerDay + 600;
            var values = Enumerable.Range(0, 8 * PerDay)
                .Select(i => 10 + SeriesFactory.Gaussian(random) + (i % 60 == 0 && i != missed ? 40 : 0))
                .ToArray();
            var alerts = Alerts(values).Where(i => i >= PerDay).ToList();

            found += alerts.Count(i => i == missed);
            others += alerts.Count(i => i != missed);
        }

        Assert.Equal(10, found);
        Assert.InRange(others, 0, 1);
    }

    [Theory]
    [InlineData(false, 5, 7)]
    [InlineData(true, 10, 3)]
    public void Business_hours_every_ten_seconds_alert_on_the_day_that_never_starts_and_seldom_otherwise(bool smooth, int series, int mostFalse)
    {
        // Twelve days sampled every 10 seconds (8,640 to a day), 20 +- 1.5 at night and from 09:00 to 18:00 either 80 +- 5
        // (sharp edges) or a hump of 60 +- 5 over the night; day 10 stays at night. The residual tail's memories, 1,024
        // residuals, were under three hours: its threshold followed the night down, and each morning was a burst of
        // exceedances for the cluster test (sharp: 35 false alerts in the 5 series; smooth: the quiet
        // day 10 found in only 2 of 10, the tail having learned it as it came). Stretched to the cycle, the tail is the
        // whole day's at every phase (ResidualTailDetector, memories over a cycle). The evening of day 10 is the night it
        // has been all day: the sharp series alerted there too, once the weekly expectation (which does not follow the
        // day down) had been given up for the daily model (which does; WeeklyExpectation, bounded errors). The smooth
        // series' false alerts were 15 with a day of 64 buckets and 17 with 48 (SeasonalBaseline.Buckets). With the level
        // smoothed per minute rather than per 10-second sample (SeasonalBaseline.LevelStepMs) the smooth series raise 14
        // and the sharp ones 14 instead of 11: over these twelve days, every one open, the slower level leans on a
        // season still being learned. Deciding at a sixth of a minute's per-sample level (DecisionLevels: a minute's
        // levels), the sharp series raise 4 and the smooth ones none.
        const int perDay = 8_640;
        int found = 0, falseAlerts = 0, evening = 0;
        for (var seed = 0; seed < series; seed++)
        {
            var random = new Random(seed);
            var ensemble = new AnomalyDetectorEnsemble();
            var onHoliday = false;
            for (var i = 0; i < 12 * perDay; i++)
            {
                var day = i / perDay;
                var fraction = (double)(i % perDay) / perDay;
                var open = SeriesFactory.IsBusinessHour(i, perDay) && day != 10;
                double value;
                if (smooth)
                {
                    var night = 20 + 1.5 * SeriesFactory.Gaussian(random);
                    value = open ? night + Math.Sin(Math.PI * (fraction - 0.375) / 0.375) * (60 + 5 * SeriesFactory.Gaussian(random)) : night;
                }
                else
                {
                    value = open ? 80 + 5 * SeriesFactory.Gaussian(random) : 20 + 1.5 * SeriesFactory.Gaussian(random);
                }

                if (ensemble.Update(SeriesFactory.Start.AddSeconds(10.0 * i), value).IsAnomaly && day >= 3)
                {
                    onHoliday |= day == 10;
                    falseAlerts += day == 10 ? 0 : 1;
                    evening += day == 10 && fraction >= 0.75 ? 1 : 0;
                }
            }

            Assert.Equal(perDay, ensemble.Period);
            found += onHoliday ? 1 : 0;
        }

        Assert.Equal(series, found);
        Assert.Equal(0, evening);
        Assert.InRange(falseAlerts, 0, mostFalse);
    }

    /// <summary>
    /// Business hours (20 +- 1.5 at night, 80 +- 5 from 09:00 to 18:00 local) closed at weekends, sampled every minute
    /// for eight weeks in five series, in UTC and in California (17:00 to 02:00 UTC); no business on Thursday of the
    /// second week (day 10), business on Saturday of the sixth (day 40). The daily model took each weekend day for a
    /// missing day: 30 weekend alerts after the first week in UTC and 30 in California on the code before. With a gain
    /// on the daily shape for each day of the week (DayOfWeekGain), cut at the season's quietest phase, there are none,
    /// and the days that break the week still alert. A weekend day's gain is learned from two weekends (DayOfWeekGain),
    /// so the second is a day the daily model does not expect, as a holiday is. In California, where a day of 64
    /// buckets had 09:00 (17:00 UTC) inside a bucket, the Thursday was missed in one series; with the day in half hours
    /// (SeasonalBaseline.Buckets) it is found in all five, and the second weekend alerted six times in four series,
    /// as it did in most series west of UTC: the first two weekends had taught the daily season their empty business
    /// hours. A day that departs from the ordinary days as far as it has gone no longer teaches the season
    /// (DayOfWeekGain.Departs), and no weekend alerts in either zone.
    /// </summary>
    [Theory]
    [InlineData(0, 9)]
    [InlineData(-8, 9)]
    public void Business_hours_closed_at_weekends_alert_on_the_days_that_break_the_week_and_never_on_a_weekend(int zoneHours, int mostOther)
    {
        int weekends = 0, foundThursday = 0, foundSaturday = 0, other = 0;
        for (var seed = 0; seed < 5; seed++)
        {
            var values = SeriesFactory.BusinessMinutes(56, zoneHours, day => day == 40 || (day % 7 < 5 && day != 10), seed);
            var ensemble = new AnomalyDetectorEnsemble();
            bool thursday = false, saturday = false;
            for (var i = 0; i < values.Length; i++)
            {
                var day = SeriesFactory.LocalDay(i, zoneHours);
                if (!ensemble.Update(SeriesFactory.At(i), values[i]).IsAnomaly || day < 7)
                {
                    continue;
                }

                thursday |= day == 10;
                saturday |= day == 40;
                weekends += day is not 40 && day % 7 >= 5 ? 1 : 0;
                other += day is not 10 and not 40 && day % 7 < 5 ? 1 : 0;
            }

            foundThursday += thursday ? 1 : 0;
            foundSaturday += saturday ? 1 : 0;
        }

        Assert.Equal((0, 5, 5), (weekends, foundThursday, foundSaturday));
        Assert.InRange(other, 0, mostOther);
    }

    /// <summary>
    /// Business hours closed at weekends and on Thursday of the second week (day 10), sampled every minute for eight
    /// weeks in five series, starting on a Thursday at 16:00 in California (the local week shifted 88 hours from UTC).
    /// The first weeks show a 3-day period, and the day is taken on day 17 from blocks of 128 minutes, against buckets
    /// of 30, which line up four ways a cycle: the seed alternated between buckets by up to 40, every pair of buckets
    /// looked like a sharp edge, and each value was measured from the nearer bucket, so the season learned nothing
    /// there. The series alerted 86 times from the fourth week; with a zigzag no edge
    /// (HoltWintersBaseline.EdgeReversal), 17.
    /// </summary>
    [Fact]
    public void A_season_seeded_as_a_zigzag_is_learned_and_its_mornings_do_not_alert_every_day()
    {
        Assert.InRange(AlertsFromTheFourthWeek(zoneHours: 88), 0, 25);
    }

    /// <summary>
    /// Alerts from the fourth local week in five series of eight weeks of business hours (as
    /// <see cref="SeriesFactory.BusinessMinutes"/>, the same values a minute apart), sampled every
    /// <paramref name="seconds"/>, closed at weekends and on day 10, in a zone <paramref name="zoneHours"/> from UTC (the
    /// local week shifted with it); each series takes the day as its period.
    /// </summary>
    private static int AlertsFromTheFourthWeek(int zoneHours, int seconds = 60)
    {
        var perDay = 86_400 / seconds;
        return SeriesFactory.Alerts(5, 56L * perDay, seconds,
            (random, i) => SeriesFactory.IsOpen(i * seconds / 60, zoneHours, day => day % 7 < 5 && day != 10)
                ? 80 + 5 * SeriesFactory.Gaussian(random)
                : 20 + 1.5 * SeriesFactory.Gaussian(random),
            i => SeriesFactory.LocalDay(i * seconds / 60, zoneHours) >= 21,
            ensemble => Assert.Equal(perDay, ensemble.Period));
    }

    /// <summary>
    /// The same business hours sampled every 15 seconds, starting on a Thursday at 00:00 (72 hours from UTC): the day is
    /// taken on the Saturday, seeded from two open days and a closed one at half the weekdays' swing, every weekday
    /// measured a gain of +1 and was ordinary all the same (the median day's), and the daily model's level carried the
    /// other half of each business day: every weekday morning alerted for weeks, 82 times from the fourth week. The
    /// median day's gain now scales the season (DayOfWeekGain, the median day): 7.
    /// </summary>
    [Fact]
    public void A_season_seeded_at_half_the_weekdays_swing_is_scaled_to_the_median_day()
    {
        Assert.InRange(AlertsFromTheFourthWeek(zoneHours: 72, seconds: 15), 0, 12);
    }

    /// <summary>
    /// The same business hours starting on a Wednesday at 16:00 in California (64 hours from UTC): the season was
    /// seeded with its 09:00 to 11:00 buckets at +12 against a day of +37, every weekday morning departed from it
    /// (DayOfWeekGain.Departs) and so never taught it, and the mornings alerted from the sixth week, 43
    /// times. A day that departed for an hour but ended ordinary now holds the next day back from departing, and the
    /// next day teaches the morning: 6.
    /// </summary>
    [Fact]
    public void A_morning_that_departs_from_a_wrong_season_teaches_it_the_next_day()
    {
        Assert.InRange(AlertsFromTheFourthWeek(zoneHours: 64), 0, 15);
    }
    /// <summary>
    /// Business hours (20 +- 1.5 at night, 80 +- 5 from 09:00 to 18:00 UTC) closed at weekends and on Thursday of the
    /// second week (day 10), sampled every 15 seconds for eight weeks in five series. Smoothed per sample, the level
    /// followed within five minutes and carried the business day, and each closed day's level fell within minutes and
    /// took the evening's expectation below the night: 20 weekend and 30 weekday alerts after the first
    /// week. Smoothed as a minute apart (SeasonalBaseline.LevelStepMs): 6 and 24, the holiday found as before. Deciding
    /// at a quarter of a minute's per-sample level (DecisionLevels: a minute's levels): 3 and 5.
    /// </summary>
    [Fact]
    public void Business_hours_every_15_seconds_are_learned_with_the_level_of_a_minute()
    {
        const int perDay = 5_760;
        int weekends = 0, weekdays = 0, holidays = 0;
        for (var seed = 0; seed < 5; seed++)
        {
            var random = new Random(seed);
            var ensemble = new AnomalyDetectorEnsemble();
            var holiday = false;
            for (var i = 0; i < 56 * perDay; i++)
            {
                var day = i / perDay;
                var open = SeriesFactory.IsBusinessHour(i, perDay) && day % 7 < 5 && day != 10;
                var value = open ? 80 + 5 * SeriesFactory.Gaussian(random) : 20 + 1.5 * SeriesFactory.Gaussian(random);
                if (!ensemble.Update(SeriesFactory.Start.AddSeconds(15.0 * i), value).IsAnomaly || day < 7)
                {
                    continue;
                }

                holiday |= day == 10;
                weekends += day % 7 >= 5 ? 1 : 0;
                weekdays += day % 7 < 5 && day != 10 ? 1 : 0;
            }

            holidays += holiday ? 1 : 0;
        }

        Assert.Equal(5, holidays);
        Assert.InRange(weekends, 0, 5);
        Assert.InRange(weekdays, 0, 8);
    }
}
