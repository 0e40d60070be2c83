using System.Text.Json;
using EnterpriseHub.Detection.Ensemble;
using Xunit;

namespace EnterpriseHub.Detection.Tests;

/// <summary>The sample clock's mean step, which says how many samples make a day (<see cref="SampleClock.StepMs"/>).</summary>
public sealed class SampleClockTests
{
    [Fact]
    public void A_fifth_of_the_scrapes_missed_moves_no_step_and_leaves_the_mean_step_exact()
    {
        // Three days of 10-second scrapes with one in five missed at random and 200 ms of jitter. A mean of the
        // intervals settles near 12 s, and three intervals then count as two steps (20,681 samples misplaced); their
        // median is the interval, so every sample lands on the step its timestamp is at.
        var random = new Random(3);
        var clock = new SampleClock();
        var start = SeriesFactory.Start.ToUnixTimeMilliseconds();
        var (samples, misplaced) = (0, 0);
        double widest = 0;
        for (var i = 0; i < 3 * 8_640; i++)
        {
            if (i > 0 && random.NextDouble() < 0.2)
            {
                continue;
            }

            clock.Advance(start + i * 10_000L + random.Next(-200, 201));
            samples++;
            misplaced += clock.Step == i ? 0 : 1;
            widest = samples > 100 ? Math.Max(widest, Math.Abs(clock.IntervalMs - 10_000)) : 0;
        }

        Assert.Equal((20_718, 0), (samples, misplaced));
        Assert.InRange(widest, 0, 900);
        Assert.InRange(clock.StepMs, 10_000 - 0.2, 10_000 + 0.2);
        Assert.Equal(8_640, Math.Round(86_400_000 / clock.StepMs));
    }

    [Fact]
    public void Samples_at_random_times_keep_the_interval_at_their_median()
    {
        // Poisson arrivals a minute apart on average: their median interval is ln 2 minutes, 41.6 s. With the rule
        // the smoothed mean had, to learn no interval longer than three times the current one, the median fell to
        // 15.8 s here: the lower it is, the more intervals it takes for gaps and does not learn.
        var random = new Random(5);
        var clock = new SampleClock();
        var t = SeriesFactory.Start.ToUnixTimeMilliseconds();
        var (lowest, highest) = (double.MaxValue, 0.0);
        for (var i = 0; i < 20_000; i++)
        {
            t += Math.Max(1, (long)(-60_000 * Math.Log(1 - random.NextDouble())));
            clock.Advance(t);
            if (i >= 1_000)
            {
                (lowest, highest) = (Math.Min(lowest, clock.IntervalMs), Math.Max(highest, clock.IntervalMs));
            }
        }

        Assert.InRange(lowest, 30_000, 41_600);
        Assert.InRange(highest, 41_600, 55_000);
    }

    [Fact]
    public void A_changed_sampling_interval_starts_the_origin_again_so_the_mean_step_is_the_new_one()
    {
        var clock = new SampleClock();
        var t = SeriesFactory.Start.ToUnixTimeMilliseconds();
        for (var i = 0; i < 1_440; i++, t += 60_000)
        {
            clock.Advance(t);
        }

        Assert.Equal((60_000.0, 0L), (clock.StepMs, clock.OriginStep));
        for (var i = 0; i < 1_440; i++, t += 30_000)
        {
            clock.Advance(t);
        }

        // Over both, the mean step would be 40 s. The origin started again once the smoothed interval had moved a
        // quarter away from the mean, and every step since took 30 s.
        Assert.InRange(clock.OriginStep, 1_440, 1_440 + 64);
        Assert.Equal(30_000.0, clock.StepMs);
    }

    [Fact]
    public void A_snapshot_keeps_the_origin_and_one_written_before_it_starts_the_origin_at_its_newest_sample()
    {
        var ensemble = new AnomalyDetectorEnsemble();
        for (var i = 0; i < 500; i++)
        {
            ensemble.Update(SeriesFactory.At(i), 100 + i % 7);
        }

        var snapshot = ensemble.Snapshot();
        Assert.Equal((SeriesFactory.Start.ToUnixTimeMilliseconds(), 0L), (snapshot.OriginMs, snapshot.OriginStep));
        var json = JsonSerializer.Serialize(snapshot, DetectionJsonContext.Default.DetectorSnapshot);
        var restored = AnomalyDetectorEnsemble.Restore(JsonSerializer.Deserialize(json, DetectionJsonContext.Default.DetectorSnapshot)!).Snapshot();
        Assert.Equal((snapshot.OriginMs, snapshot.OriginStep), (restored.OriginMs, restored.OriginStep));

        var old = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        Assert.True(old.Remove("OriginMs"));
        Assert.True(old.Remove("OriginStep"));
        var fromOld = AnomalyDetectorEnsemble.Restore(JsonSerializer.Deserialize(old.ToJsonString(), DetectionJsonContext.Default.DetectorSnapshot)!).Snapshot();
        Assert.Equal((snapshot.LastTimestampMs, snapshot.Step), (fromOld.OriginMs!.Value, fromOld.OriginStep!.Value));
    }
}
