using System.Text.Json;
using EnterpriseHub.Detection.Ensemble;
using Xunit;

namespace EnterpriseHub.Detection.Tests;

/// <summary>The sample clock's mean step, which says how many samples make a day (<see cref="SampleClock.StepMs"/>).</summary>
public sealed class SampleClockTests
{
    [Fact]
    public void The_mean_step_is_exact_through_missed_scrapes_that_move_the_smoothed_interval()
    {
        // Three days of 10-second scrapes with 1% missed and 200 ms of jitter: a missed scrape lifts the smoothed
        // interval by 5% for a while, so a day counted from it is off by hundreds of samples; the mean step is not.
        var random = new Random(3);
        var clock = new SampleClock();
        var start = SeriesFactory.Start.ToUnixTimeMilliseconds();
        double widest = 0;
        for (var i = 0; i < 3 * 8_640; i++)
        {
            if (i > 0 && random.NextDouble() < 0.01)
            {
                continue;
            }

            clock.Advance(start + i * 10_000L + random.Next(-200, 201));
            widest = Math.Max(widest, Math.Abs(clock.IntervalMs - 10_000));
        }

        Assert.InRange(widest, 400, double.MaxValue);
        Assert.InRange(clock.StepMs, 10_000 - 0.2, 10_000 + 0.2);
        Assert.Equal(8_640, Math.Round(86_400_000 / clock.StepMs));
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
