namespace EnterpriseHub.Detection.Ensemble;

/// <summary>
/// Maps timestamps onto a step index at the series' own resolution, so that seasonal phase survives gaps
/// and irregular sampling.
/// </summary>
/// <remarks>
/// The resolution is learned from the intervals themselves, as their running median: an interval longer than it lifts
/// it by <see cref="IntervalStep"/> (1%), a shorter one lowers it by as much and no further than that interval (the
/// frugal streaming median of Ma, Muthukrishnan and Sandler, 2013, with a multiplicative step). A sample arriving k
/// resolutions after the previous one advances the step by k; a repeated or out-of-order timestamp advances it by one,
/// since the sample is still new information.
/// <para>It was an exponentially smoothed interval (gain 0.05), that is a mean, and missed samples lift a mean: with
/// one scrape in five missed it settled near 1.2 intervals, three intervals then counted as round(2.5) = 2 steps and
/// four as 3, and the steps, so the seasonal phase, fell behind the clock. Missed samples only lengthen intervals, so
/// the median is the interval itself (the median of its jitter) while fewer than half the samples are missed. On three
/// days of 10-second scrapes with a fifth missed and 200 ms of jitter, 20,681 of 20,718 samples landed on the wrong
/// step by the mean and none by the median, which stays within 824 ms of 10 s. A gap moves the median by one step and
/// the next interval brings it back, so every interval is learned: the mean's rule that intervals over three times it
/// are gaps, kept for a lower quantile, let Poisson arrivals (a mean of 60 s) take it down to about a second, where
/// every later interval was a gap and none was learned. No lower quantile either: jitter keeps it from going lower
/// (the lower quartile of 10-second scrapes jittered by up to 1.5 s is 9.1 s, at which a missed scrape 23 s after the
/// last counts as 3 steps and a day as 8,641), and on Poisson arrivals the 40% quantile, half the mean interval, left
/// more than half the steps empty, too many for the period detector to look. A doubled or halved interval is followed
/// within about 70 samples (ln 2 / 0.01).</para>
/// <para>The running interval moves with every interval (jittered timestamps keep it wandering by a few percent), which
/// is right for telling gaps from samples but too rough to say how many steps make a day. So the clock also keeps the
/// time and the step of an origin, the first sample (<see cref="OriginMs"/>, <see cref="OriginStep"/>): over days of
/// steps their mean duration, <see cref="StepMs"/>, is exact to the jitter of two timestamps, whatever the gaps. Where
/// the sampling interval itself changes (the mean and the running interval part by more than a quarter), the origin
/// starts again at the newest sample.</para>
/// </remarks>
internal struct SampleClock
{
    // Largest relative difference between StepMs and IntervalMs before the origin starts again, and the fewest steps
    // since the origin at which that is judged (a mean over fewer is as rough as the intervals themselves).
    private const double IntervalChange = 0.25;
    private const int MinOriginSteps = 64;

    /// <summary>Share of itself by which <see cref="IntervalMs"/> moves toward an interval longer or shorter than it.</summary>
    public const double IntervalStep = 0.01;

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
    /// <see cref="MinOriginSteps"/> steps behind, else the running interval. Missed samples lifted the smoothed mean
    /// interval that the clock kept before its median (5% of them by about 5%, more while they cluster), and a day of
    /// half hours then measured more than 5% over a day: nyc_taxi with 5% of its rows dropped lost its week for days
    /// at a time.
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
                if (dt > IntervalMs)
                {
                    IntervalMs = Math.Min(dt, IntervalMs * (1 + IntervalStep));
                }
                else if (dt < IntervalMs)
                {
                    IntervalMs = Math.Max(dt, IntervalMs * (1 - IntervalStep));
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
