using EnterpriseHub.Detection.Baselines;
using EnterpriseHub.Detection.Detectors;

namespace EnterpriseHub.Detection.Ensemble;

/// <summary>
/// The default per-series anomaly detector of metric grains: novelty detectors whose events are calibrated by
/// their own rate into one anomaly score in [0, 1], reported once at the onset of an episode, and an alert decision.
/// </summary>
/// <remarks>
/// <para>Evidence. Two complementary novelty tests, both self-suppressing (what has been seen once is no longer new):
/// range novelty (a value beyond everything seen, <see cref="RangeNoveltyDetector"/>) and contextual novelty (a
/// short shape never seen, <see cref="ContextNoveltyDetector"/>). Each event is weighed by how rare such events
/// have been in this series (<see cref="NoveltyRate"/>): p is the running event rate and the score the
/// log-likelihood transform ln p / ln 1e-3, as in Numenta's anomaly likelihood. The combined score is the larger
/// of the two. Measured on the NAB development subset, residual detectors calibrated by peaks-over-threshold
/// (robust z, seasonal residual, spectral residual, change-point martingale) added false alarms on heavy-tailed
/// real data without finding windows that the novelty tests miss, so they no longer vote; the seasonal and median
/// baselines still provide the expected value and the normal band.</para>
/// <para>Onset reporting. An anomaly is an episode, not a sample: alerting on every sample of an ongoing
/// incident repeats what the operator already knows and, in NAB's terms, charges one false positive per row.
/// Once the score reaches <see cref="OnsetLevel"/>, the episode is reported on that sample and further evidence
/// is withheld for a refractory period proportional to the series' own history (a fraction of the samples seen,
/// at most <see cref="MaxRefractorySamples"/>), as detectors that do well on NAB effectively do (the rest
/// period of the Contextual Anomaly Detector, the post-anomaly masking of ARTime).</para>
/// </remarks>
public sealed class AnomalyDetectorEnsemble
{
    /// <summary>Version of the snapshot format written by <see cref="Snapshot"/>.</summary>
    public const int SnapshotVersion = 2;

    /// <summary>
    /// Score at which an episode's onset is reported and the refractory period starts: a novelty event with a tail
    /// probability below about 0.35 (after the Bonferroni correction across the novelty scales).
    /// </summary>
    public const double OnsetLevel = 0.15;

    /// <summary>Refractory period after an onset, as a fraction of the samples seen.</summary>
    public const double RefractoryFraction = 0.05;

    /// <summary>Longest refractory period in samples.</summary>
    public const int MaxRefractorySamples = 1000;

    // An excursion of 1% of the range seen scores 1 - 1/e before calibration.
    private const double RangeScale = 0.01;
    private const int RateHorizon = 1000;

    private readonly DetectorOptions _options;
    private readonly RobustZScoreDetector _robust;
    private readonly SeasonalBaseline _seasonal;
    private readonly RangeNoveltyDetector _range;
    private readonly NoveltyRate _records;
    private readonly ContextNoveltyDetector _context;
    private SampleClock _clock;
    private long _lastOnset = long.MinValue / 2;

    /// <summary>Creates an ensemble with the given options.</summary>
    public AnomalyDetectorEnsemble(DetectorOptions? options = null)
    {
        _options = options ?? new DetectorOptions();
        _options.Validate();
        _robust = new RobustZScoreDetector(_options.MedianWindow);
        _seasonal = new SeasonalBaseline();
        _range = new RangeNoveltyDetector(RangeScale);
        _records = new NoveltyRate(RateHorizon);
        _context = new ContextNoveltyDetector();
    }

    private AnomalyDetectorEnsemble(DetectorSnapshot s)
    {
        _options = s.Options;
        _options.Validate();
        _robust = RobustZScoreDetector.Restore(s.Robust);
        _seasonal = SeasonalBaseline.Restore(s.Seasonal);
        _range = RangeNoveltyDetector.Restore(s.Range);
        _records = NoveltyRate.Restore(s.Records);
        _context = ContextNoveltyDetector.Restore(s.Context);
        _clock = new SampleClock { LastTimestampMs = s.LastTimestampMs, IntervalMs = s.IntervalMs, Step = s.Step, Samples = s.Samples };
        _lastOnset = s.LastOnset;
    }

    /// <summary>The options in force.</summary>
    public DetectorOptions Options => _options;

    /// <summary>Samples seen.</summary>
    public long Samples => _clock.Samples;

    /// <summary>Detected seasonal period in samples (0 while none is known).</summary>
    public int Period => _seasonal.Period;

    /// <summary>Scores one sample.</summary>
    public DetectionResult Update(DateTimeOffset timestamp, double value) => Update(timestamp.ToUnixTimeMilliseconds(), value);

    /// <summary>Scores one sample whose timestamp is in Unix milliseconds.</summary>
    public DetectionResult Update(long timestampMs, double value)
    {
        InputGuard.RequireFinite(value, nameof(value));
        var elapsed = _clock.Advance(timestampMs);
        var step = _clock.Step;
        var samples = _clock.Samples;

        // Baselines are read before this sample updates them (no self-influence on the band it is judged by).
        var robustScale = _robust.Scale;
        var seasonal = _seasonal.IsSeasonal;
        var expected = seasonal ? _seasonal.Expected(step, elapsed) : _robust.Median;
        var band = seasonal ? Math.Max(_seasonal.Deviation(step), 0.25 * robustScale) : robustScale;

        // Range novelty, weighed by how often this series has been setting records lately. The excursion is
        // measured in units of at least three robust noise scales: records of noise keep appearing (at rate 2/n
        // for i.i.d. data), each a fraction of a sigma beyond the last, and a 3-sigma margin is the classic bar.
        var pRecord = _records.Rate;
        var excursion = _range.Update(value, 3 * robustScale);
        _records.Update(excursion > 0);
        var rangeScore = excursion > 0 ? excursion * NoveltyRate.Surprise(pRecord) : 0.0;

        // Contextual novelty, already a tail probability from its own rate. Missing samples break the context.
        if (elapsed > 1)
        {
            _context.Break();
        }

        var contextScore = NoveltyRate.Surprise(_context.Update(value, _range.Min, _range.Max));

        _robust.Update(value);
        _seasonal.Update(step, value, elapsed, robustScale);

        var score = rangeScore;
        var component = score > 0 ? DetectorComponent.RangeNovelty : DetectorComponent.None;
        if (contextScore > score)
        {
            score = contextScore;
            component = DetectorComponent.ContextNovelty;
        }

        if (samples <= _options.WarmupSamples || score <= 0 || samples - _lastOnset < Refractory(samples))
        {
            score = 0;
            component = DetectorComponent.None;
        }
        else if (score >= OnsetLevel)
        {
            _lastOnset = samples;
        }

        var width = 3 * band;
        return new DetectionResult(score, score >= _options.AlertThreshold, expected, expected - width, expected + width, component);
    }

    private static long Refractory(long samples) => Math.Min((long)(RefractoryFraction * samples), MaxRefractorySamples);

    /// <summary>Captures the complete state; <see cref="Restore"/> continues exactly where this left off.</summary>
    public DetectorSnapshot Snapshot() => new()
    {
        Version = SnapshotVersion,
        Options = _options,
        Robust = _robust.Snapshot(),
        Seasonal = _seasonal.Snapshot(),
        Range = _range.Snapshot(),
        Records = _records.Snapshot(),
        Context = _context.Snapshot(),
        LastTimestampMs = _clock.LastTimestampMs,
        IntervalMs = _clock.IntervalMs,
        Step = _clock.Step,
        Samples = _clock.Samples,
        LastOnset = _lastOnset,
    };

    /// <summary>Recreates an ensemble from a snapshot; throws on an unknown snapshot version.</summary>
    public static AnomalyDetectorEnsemble Restore(DetectorSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Version != SnapshotVersion)
        {
            throw new ArgumentException(
                $"Detector snapshot version {snapshot.Version} is not supported (expected {SnapshotVersion}).",
                nameof(snapshot));
        }

        return new AnomalyDetectorEnsemble(snapshot);
    }
}
