using EnterpriseHub.Detection.Detectors;

namespace EnterpriseHub.Detection.Ensemble;

/// <summary>
/// The check, over the first cycle after a series' first period is adopted, of whether its residual tail belongs to the
/// rolling median it was learned against, in which case the ensemble starts the tail afresh.
/// </summary>
/// <remarks>
/// <para>Until a period is found the residuals are departures from the rolling median, which lags each edge or slope
/// of a cycle by half its window. The residual tail remembers about 4,000 residuals, so once the seasonal expectation
/// replaced the median it still judged by the median's departures for weeks: with sharp edges a heavy, clustered tail;
/// with a smooth cycle a scale and threshold that took thousands of samples to come down (the tail had 51 peaks, just
/// calibrated, on day 10). In 20 series of NAB-like business hours (five-minute samples, 20 at night, 80 from 09:00
/// to 18:00, 14 days), on day 10 a day that never started alerted in 0, a day at 50 in 0, one that ended four hours
/// early in 0, one two hours late in 0 (on day 20: 0, 12, 20, 0); with a smooth hump instead, 1, 1, 1 and 0.</para>
/// <para>So when the first period is adopted the tail is checked over the next cycle (at least
/// <see cref="MinSamples"/> residuals) and starts afresh if it belongs to the median: calibrated, if its threshold is
/// exceeded less than <see cref="ExceedanceShare"/> as often as its level says; still learning, if its scale is more
/// than twice the departures' (<see cref="MagnitudeShare"/>). Day 10, business hours: 15, 13, 20, 15 of 20 (day 20:
/// 20 each); smooth: 16, 9, 16, 16, and a single dip to half the hump 15 instead of 0; the same false alerts. Starting
/// it afresh at every first adoption unchecked left about 1,000 samples without residual evidence and cost a NAB
/// window at each sensitivity (of Twitter_volume_PFE or _CRM, starting just after the adoption), the known answer of
/// a seasonal phase jump (18 of 20), and at low two windows of nyc_taxi, whose young tail then learnt from the model's
/// own first cycles; checked, the NAB subset, the clean and count series and the forecasts give exactly the figures
/// they gave before. Since the cluster test's chain is learned from the tail's warm-up
/// (<see cref="ResidualTailDetector"/>), day 10 gives 20, 18, 20, 20 (business hours) and 20, 15, 20, 20
/// (smooth).</para>
/// <para>A first period longer than <see cref="LongestChecked"/> is not checked: the tail starts afresh and reports once
/// it has learned a whole cycle (<see cref="ResidualTailDetector"/>, memories over a cycle). Its memories then span
/// the cycle, and the tail learned against the median remembered less than half of one, so a check would keep a
/// tail of a few hours of the cycle (sampled every 10 seconds, the first morning after the adoption was judged by a
/// tail of the evening's and the night's noise: business hours with a smooth hump raised 10 false alerts on it in 10
/// series, 1 before the memories were stretched, none with the tail started afresh). The series goes without
/// residual evidence for that cycle; range records, flatlines and novelty still report.</para>
/// <para>A struct, so that it lives inside the ensemble's own object.</para>
/// </remarks>
public struct ResidualTailCheck
{
    /// <summary>Longest first period, in samples (twice the residual tail's memory,
    /// <see cref="ResidualTailDetector.ScaleHorizon"/>), whose adoption is checked rather than starting the tail
    /// afresh.</summary>
    public const int LongestChecked = 2 * ResidualTailDetector.ScaleHorizon;

    /// <summary>Fewest residuals over which the residual tail is checked against a newly adopted first period.</summary>
    public const int MinSamples = 200;

    /// <summary>Share of its expected exceedances below which a checked, calibrated residual tail is started afresh.</summary>
    public const double ExceedanceShare = 0.25;

    /// <summary>Share of a still-learning residual tail's scale below which the checked departures' mean magnitude
    /// starts it afresh.</summary>
    public const double MagnitudeShare = 0.5;

    private long _until;
    private int _samples;
    private int _exceedances;
    private double _magnitude;
    private bool _calibrated;

    /// <summary>Whether a check is under way.</summary>
    public readonly bool IsActive => _until > 0;

    /// <summary>Sample count at which the check ends (0 when none is under way).</summary>
    public readonly long Until => _until;

    /// <summary>Departures counted so far.</summary>
    public readonly int Samples => _samples;

    /// <summary>Departures that exceeded the tail's threshold.</summary>
    public readonly int Exceedances => _exceedances;

    /// <summary>Sum of the departures' magnitudes.</summary>
    public readonly double Magnitude => _magnitude;

    /// <summary>Whether the tail was calibrated when the check started.</summary>
    public readonly bool Calibrated => _calibrated;

    /// <summary>Starts a check after the <paramref name="samples"/>-th sample, over a cycle of <paramref name="period"/>
    /// samples (at least <see cref="MinSamples"/>), of a tail that is <paramref name="calibrated"/> or still learning.</summary>
    public void Start(long samples, int period, bool calibrated)
    {
        _until = samples + Math.Max(period, MinSamples);
        _calibrated = calibrated;
        _samples = 0;
        _exceedances = 0;
        _magnitude = 0;
    }

    /// <summary>
    /// Counts a departure from the newly seasonal expectation and whether it exceeded the residual tail's threshold;
    /// at the end of the check (the <paramref name="samples"/>-th sample) returns true when the tail belongs to the
    /// rolling median: a tail calibrated when the period was adopted whose threshold was exceeded less than
    /// <see cref="ExceedanceShare"/> as often as its level says, or one then still learning whose scale,
    /// <paramref name="meanMagnitude"/>, is more than twice the departures' (<see cref="MagnitudeShare"/>).
    /// </summary>
    public bool IsStale(double departure, bool exceeded, long samples, double meanMagnitude)
    {
        _samples++;
        _exceedances += exceeded ? 1 : 0;
        _magnitude += Math.Abs(departure);
        if (samples < _until)
        {
            return false;
        }

        _until = 0;
        return _calibrated
            ? _exceedances < ExceedanceShare * (1 - ResidualTailDetector.Level) * _samples
            : _magnitude < MagnitudeShare * meanMagnitude * _samples;
    }

    /// <summary>Recreates a check from a snapshot's fields.</summary>
    public static ResidualTailCheck Restore(long until, int samples, int exceedances, double magnitude, bool calibrated) =>
        new() { _until = until, _samples = samples, _exceedances = exceedances, _magnitude = magnitude, _calibrated = calibrated };
}
