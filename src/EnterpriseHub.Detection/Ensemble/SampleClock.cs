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
/// </remarks>
internal struct SampleClock
{
    public long LastTimestampMs;
    public double IntervalMs;
    public long Step;
    public long Samples;

    public int Advance(long timestampMs)
    {
        Samples++;
        if (Samples == 1)
        {
            LastTimestampMs = timestampMs;
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

        Step += elapsed;
        return elapsed;
    }
}
