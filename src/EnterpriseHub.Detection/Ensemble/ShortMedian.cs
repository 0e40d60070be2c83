namespace EnterpriseHub.Detection.Ensemble;

/// <summary>
/// For a series without a season: whether it is judged by the median of its newest <see cref="Samples"/> samples
/// instead of the rolling median, because its level wanders.
/// </summary>
/// <remarks>
/// <para>The rolling median (32 samples by default) is the steadiest expectation of noise around a level, and lags a
/// level that wanders by half its window. A random walk (steps of 0.3 noise deviations) departs from it by the walk of
/// the last 16 samples, and those departures are correlated from one sample to the next: the k-of-n persistence rule,
/// calibrated for independent samples, fired on them, and on 20 clean walks of 20,000 samples the ensemble raised 29,
/// 62 and 129 alerts per 400,000 samples at low, medium and high (budgets 5, 20, 80). The median of the newest
/// <see cref="Samples"/> lags by 3: the ensemble judges by it where, over about the last <see cref="Memory"/> samples,
/// it has been nearer the value than the rolling median by at least a tenth (<see cref="TakeShare"/>), and keeps it
/// until it is within a twentieth (<see cref="KeepShare"/>), so that a series near the bound does not switch back and
/// forth. Each error is clipped at four times its mean (<see cref="ErrorClip"/>): a step is a few large errors of the
/// rolling median, not a wandering level (unclipped, a step of 100 in unit noise kept the short median for over a
/// thousand samples). For noise around a level the short median is the worse (about 1.1 times the rolling median's
/// mean absolute error) and is never taken; the same for a trend of 0.01 noise deviations a sample.</para>
/// <para>Before a daily period is found, business hours are such a level too, and the residual tail learned against
/// the short median belongs to it: when the first period is adopted it starts afresh, where one learned against the
/// rolling median is checked first (<see cref="ResidualTailCheck"/>). Kept unchecked, that tail learned the seasonal
/// model's first errors, and a smooth business day an hour late on day 10 was found in 2 of 20 series, one at half its
/// height in 9 (the tests of `PeriodAdoptionTests` ask for most).</para>
/// <para>Measured: the clean random walks of 20,000 samples raise 9, 23 and 63 alerts per 400,000 samples at low,
/// medium and high, those of 2,000 samples 0, 1 and 13 (5, 10 and 39 before); every other clean series is unchanged.
/// On the NAB development subset (five-grid mean of optimised / own): medium 78.42 / 58.08 -> 78.46 / 59.30, low
/// 77.58 / 45.18 -> 77.36 / 44.86, high 77.38 / 61.28 -> 77.68 / 61.48. Count storms of 20 series x 20,000 minutes:
/// found 20, 20, 18 -> 19, 19, 19 of 20, false alerts 2, 20, 9 -> 2, 20, 6. Measured before the clip and the fresh
/// tail, the newest 4, 5, 6, 7 and 8 samples took the long walks to 30, 33, 32, 30 and 30 at medium, with NAB own
/// 59.30, 59.30, 59.30, 57.64 and 57.64; taking at 0.8 instead of 0.9 left most walks on the rolling median.</para>
/// <para>A level that drifts steadily (a raw counter, a filling disk) is no wandering level: the short median lags it by
/// 3.5 samples' worth of drift, every sample, and the departures from it are a drifting walk's, correlated, so that the
/// residual tail's reports paired into persistence alerts (a ramp of +100 +- 10 a minute: 33 alerts in 10 series over 13
/// days at medium). The short median is carried by its mean departure over about <see cref="BiasSamples"/>
/// samples (<see cref="Carry"/>), which is that lag on a ramp and about 0 on a walk or around a level: 5 alerts on the ramp; every clean series
/// of the false-alarm tests as before, the long walks 1 / 11 / 45 -> 1 / 11 / 46 at low / medium / high; NAB at medium 79.9 / 59.0 -> 79.9 / 58.9 (one false-alarm episode more), low
/// 78.3 / 47.9 -> 78.5 / 48.0, high 79.1 / 63.1 -> 79.0 / 63.0, five-grid 77.86 / 58.70 -> 77.78 / 58.62, and over the
/// eleven perturbed copies of the README 76.82 / 55.12 -> 76.77 / 55.40 (over 32 and 64 samples the own alerts fell to
/// 57.2 as they are; over 256, 58.9 and 54.93 over the copies).</para>
/// <para>A struct, so that it lives inside the ensemble's own object.</para>
/// </remarks>
public struct ShortMedian
{
    /// <summary>Samples over which the short median's mean departure, by which it is carried, is learned.</summary>
    public const int BiasSamples = 128;

    /// <summary>Newest samples whose median is the short expectation.</summary>
    public const int Samples = 6;

    /// <summary>Share of the rolling median's mean absolute error below which the short median is taken.</summary>
    public const double TakeShare = 0.9;

    /// <summary>Share of the rolling median's mean absolute error up to which a short median in use is kept.</summary>
    public const double KeepShare = 0.95;

    /// <summary>Memory of the two mean absolute errors, in samples, and the fewest compared before the short median
    /// may be taken.</summary>
    public const int Memory = 500;

    /// <summary>Multiple of each mean absolute error at which a single error is clipped before it is learned, once
    /// <see cref="ClipAfter"/> samples have been compared: a step is a large error for a few samples, not a wandering
    /// level.</summary>
    public const double ErrorClip = 4;

    /// <summary>Samples compared before errors are clipped (<see cref="ErrorClip"/>).</summary>
    public const int ClipAfter = 32;

    private double _longError;
    private double _shortError;
    // The short median's mean departure (BiasSamples), a float, and the count (at most Memory) a ushort: the struct keeps
    // its 24 bytes.
    private float _bias;
    private ushort _compared;
    private bool _inUse;

    /// <summary>Whether the series is judged by the short median.</summary>
    public readonly bool InUse => _inUse;

    /// <summary>Mean absolute error of the rolling median over about the last <see cref="Memory"/> samples.</summary>
    public readonly double LongError => _longError;

    /// <summary>Mean absolute error of the short median over about the last <see cref="Memory"/> samples.</summary>
    public readonly double ShortError => _shortError;

    /// <summary>Samples compared so far (counted up to <see cref="Memory"/>).</summary>
    public readonly int Compared => _compared;

    /// <summary>The short median's mean departure over about <see cref="BiasSamples"/> samples, by which it is carried.</summary>
    public readonly double Bias => _bias;

    /// <summary>The median of the newest <see cref="Samples"/> samples, <paramref name="shortMedian"/>, carried by its mean
    /// departure: its lag on a level that drifts, about 0 on one that wanders.</summary>
    public readonly double Carry(double shortMedian) => shortMedian + _bias;

    /// <summary>Compares both expectations of <paramref name="value"/>, read before it updates them (the short one
    /// <see cref="Carry"/>-ed), decides which judges the next sample, and learns the short median's mean departure.</summary>
    public void Update(double value, double median, double shortMedian)
    {
        // Held in a float, whose range ends near 3.4e38: past it (values of that size move by as much) the departure is
        // not learned, as an infinite bias would make every expectation infinite.
        var bias = _bias + (float)((value - shortMedian) / BiasSamples);
        if (float.IsFinite(bias))
        {
            _bias = bias;
        }

        if (_compared < Memory)
        {
            _compared++;
        }

        var w = 1.0 / _compared;
        var longError = Math.Abs(value - median);
        var shortError = Math.Abs(value - shortMedian);
        if (_compared > ClipAfter)
        {
            longError = Math.Min(longError, ErrorClip * _longError);
            shortError = Math.Min(shortError, ErrorClip * _shortError);
        }

        _longError += w * (longError - _longError);
        _shortError += w * (shortError - _shortError);
        _inUse = _compared >= Memory && _shortError < (_inUse ? KeepShare : TakeShare) * _longError;
    }

    /// <summary>Recreates the choice from a snapshot's fields.</summary>
    public static ShortMedian Restore(double longError, double shortError, int compared, bool inUse, double bias = 0) =>
        new() { _longError = longError, _shortError = shortError, _compared = (ushort)Math.Clamp(compared, 0, Memory), _inUse = inUse, _bias = (float)bias };
}
