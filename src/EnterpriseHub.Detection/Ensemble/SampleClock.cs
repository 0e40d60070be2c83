namespace EnterpriseHub.Detection.Ensemble;

/// <summary>
/// Maps timestamps onto a step index at the series' own resolution, so that seasonal phase survives gaps
/// and irregular sampling.
/// </summary>
/// <remarks>
/// The resolution is learned from the intervals themselves: an exponentially smoothed interval that only
/// learns from intervals up to three times its value (a gap must not redefine the resolution). A sample
/// arriving k resolutions after the previous one advances the step by k; a repeated or out-of-order
/// timestamp advances it by one, since the sample is still new information.
/// <para>The smoothed interval moves with every interval it learns (a missed scrape lifts it by 5% for a while), which
/// is right for telling gaps from samples but too rough to say how many steps make a day. So the clock also keeps the
/// time and the step of an origin, the first sample (<see cref="OriginMs"/>, <see cref="OriginStep"/>): over days of
/// steps their mean duration, <see cref="StepMs"/>, is exact to the jitter of two timestamps, whatever the gaps. Where
/// the sampling interval itself changes (the mean and the smoothed interval part by more than a quarter), the origin
/// starts again at the newest sample.</para>
/// </remarks>
internal struct SampleClock
{
    // Largest relative difference between StepMs and IntervalMs before the origin starts again, and the fewest steps
    // since the origin at which that is judged (a mean over fewer is as rough as the intervals themselves).
    private const double IntervalChange = 0.25;
    private const int MinOriginSteps = 64;

    public long LastTimestampMs;
    public double IntervalMs;
    public long Step;
    public long Samples;

    /// <summary>Timestamp (Unix ms) of the sample at <see cref="OriginStep"/>.</summary>
    public long OriginMs;

    /// <summary>Step of the origin: 0 for the first sample, later where a changed interval or an older snapshot
    /// started it again (<see cref="Restart"/>).</summary>
    public long OriginStep;

    /// <summary>Mean duration of a step since the origin (ms); 0 before a step has passed.</summary>
    public readonly double StepMs => Step > OriginStep && LastTimestampMs > OriginMs ? (double)(LastTimestampMs - OriginMs) / (Step - OriginStep) : 0;

    /// <summary>
    /// The sampling interval by which steps are counted into a day or a week: <see cref="StepMs"/> once the origin is
    /// <see cref="MinOriginSteps"/> steps behind, else the smoothed interval. Missed samples lift the smoothed interval
    /// (5% of them by about 5%, more while they cluster), and a day of half hours then measured more than 5% over a
    /// day: nyc_taxi with 5% of its rows dropped lost its week for days at a time.
    /// </summary>
    public readonly double MeanStepMs => Step - OriginStep >= MinOriginSteps && StepMs > 0 ? StepMs : IntervalMs;

    /// <summary>
    /// The clock a snapshot describes; one written before the origin was kept (<paramref name="originMs"/> or
    /// <paramref name="originStep"/> null) starts its origin at the newest sample.
    /// </summary>
    public static SampleClock Restore(long lastTimestampMs, double intervalMs, long step, long samples, long? originMs, long? originStep)
    {
        var clock = new SampleClock { LastTimestampMs = lastTimestampMs, IntervalMs = intervalMs, Step = step, Samples = samples };
        if (originMs is { } ms && originStep is { } at)
        {
            (clock.OriginMs, clock.OriginStep) = (ms, at);
        }
        else
        {
            clock.Restart();
        }

        return clock;
    }

    /// <summary>Starts the origin again at the newest sample.</summary>
    public void Restart()
    {
        OriginMs = LastTimestampMs;
        OriginStep = Step;
    }

    public int Advance(long timestampMs)
    {
        Samples++;
        if (Samples == 1)
        {
            LastTimestampMs = timestampMs;
            OriginMs = timestampMs;
            return 1;
        }

        var dt = (double)(timestampMs - LastTimestampMs);
        var elapsed = 1;
        if (dt > 0)
        {
            LastTimestampMs = timestampMs;
            if (IntervalMs <= 0)
            {
                IntervalMs = dt;
            }
            else
            {
                elapsed = (int)Math.Clamp(Math.Round(dt / IntervalMs), 1, 1 << 20);
                if (dt <= 3 * IntervalMs)
                {
                    IntervalMs += 0.05 * (dt - IntervalMs);
                }
            }
        }

        // StepMs parted from IntervalMs by more than IntervalChange, without the division (this runs on every sample).
        Step += elapsed;
        var steps = Step - OriginStep;
        if (steps >= MinOriginSteps && Math.Abs(LastTimestampMs - OriginMs - steps * IntervalMs) > IntervalChange * IntervalMs * steps)
        {
            Restart();
        }

        return elapsed;
    }
}
