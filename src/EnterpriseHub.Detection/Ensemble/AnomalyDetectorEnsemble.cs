using EnterpriseHub.Detection.Baselines;
using EnterpriseHub.Detection.Detectors;

namespace EnterpriseHub.Detection.Ensemble;

/// <summary>
/// The default per-series anomaly detector of metric grains: several online detectors whose evidence is
/// calibrated into tail probabilities and combined into one anomaly score in [0, 1] and an alert decision.
/// </summary>
/// <remarks>
/// Each detector produces a raw statistic (robust z-score, seasonal residual over the Brutlag deviation,
/// spectral-residual saliency); a streaming peaks-over-threshold model per statistic (SPOT) turns it into a
/// tail probability, so detectors with very different scales become comparable. The change-point martingale
/// gives a probability directly (Ville's inequality). The combined probability is the Bonferroni minimum,
/// p = min(1, k min p_i) for k active detectors, and the score is the log-likelihood transform used by
/// Numenta's anomaly likelihood (Ahmad et al., 2017): score = ln p / ln 1e-10, so 0.5 means p = 1e-5.
/// </remarks>
public sealed class AnomalyDetectorEnsemble
{
    /// <summary>Version of the snapshot format written by <see cref="Snapshot"/>.</summary>
    public const int SnapshotVersion = 1;

    private const double ProbabilityFloor = 1e-10;
    private const double EvidenceDecay = 0.995;
    private const double CalibratedWeight = 0.5;
    private const double AbruptZ = 4.0;
    private static readonly double LogFloor = Math.Log(ProbabilityFloor);

    private readonly DetectorOptions _options;
    private readonly RobustZScoreDetector _robust;
    private readonly SeasonalBaseline _seasonal;
    private readonly SpectralResidualDetector _spectral;
    private readonly ChangePointDetector _changePoint;
    private readonly EwmaBaseline _level;
    private readonly RangeNoveltyDetector _range;
    private readonly HoltWintersBaseline _trend;
    private readonly PeaksOverThreshold _robustTail;
    private readonly PeaksOverThreshold _spectralTail;
    private PeaksOverThreshold _seasonalTail;
    private SampleClock _clock;
    private ulong _recent;
    private long _lastAlert = long.MinValue / 2;
    private double _reported;
    private double _evidence;

    /// <summary>Creates an ensemble with the given options.</summary>
    public AnomalyDetectorEnsemble(DetectorOptions? options = null)
    {
        _options = options ?? new DetectorOptions();
        _options.Validate();
        _robust = new RobustZScoreDetector(_options.MedianWindow);
        _seasonal = new SeasonalBaseline();
        _spectral = new SpectralResidualDetector();
        _changePoint = new ChangePointDetector(32);
        _level = new EwmaBaseline(0.02);
        _range = new RangeNoveltyDetector();
        _trend = new HoltWintersBaseline(1, 0.3, 0.05, 0, 0.05);
        _robustTail = new PeaksOverThreshold();
        _spectralTail = new PeaksOverThreshold();
        _seasonalTail = new PeaksOverThreshold();
    }

    private AnomalyDetectorEnsemble(DetectorSnapshot s)
    {
        _options = s.Options;
        _options.Validate();
        _robust = RobustZScoreDetector.Restore(s.Robust);
        _seasonal = SeasonalBaseline.Restore(s.Seasonal);
        _spectral = SpectralResidualDetector.Restore(s.Spectral);
        _changePoint = ChangePointDetector.Restore(s.ChangePoint);
        _level = EwmaBaseline.Restore(s.Level);
        _range = RangeNoveltyDetector.Restore(s.Range);
        _trend = HoltWintersBaseline.Restore(s.Trend);
        _robustTail = PeaksOverThreshold.Restore(s.RobustTail);
        _spectralTail = PeaksOverThreshold.Restore(s.SpectralTail);
        _seasonalTail = PeaksOverThreshold.Restore(s.SeasonalTail);
        _clock = new SampleClock { LastTimestampMs = s.LastTimestampMs, IntervalMs = s.IntervalMs, Step = s.Step, Samples = s.Samples };
        _recent = s.Recent;
        _lastAlert = s.LastAlert;
        _reported = s.Reported;
        _evidence = s.Evidence;
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
        var warm = _clock.Samples > _options.WarmupSamples;

        // Everything is scored against state from before this sample (no look-ahead, no self-influence).
        var robustZ = Math.Abs(_robust.ZScore(value));
        var robustScale = _robust.Scale;
        var median = _robust.Median;
        var seasonal = _seasonal.IsSeasonal;
        var expected = seasonal ? _seasonal.Expected(step, elapsed) : median;
        var band = seasonal ? Math.Max(_seasonal.Deviation(step), 0.25 * robustScale) : robustScale;
        var seasonalZ = seasonal ? Math.Abs(value - expected) / Math.Max(band, 1e-12) : 0;
        var slow = seasonal ? expected : _level.Mean;

        // A new extreme counts in proportion to how abrupt it is: a series still unfolding its first seasonal
        // cycle, or drifting, keeps setting new extremes, but only gradually. Abruptness is the error of a
        // one-step Holt linear forecast (which follows slopes) in units of the robust scale.
        var abruptZ = _trend.Updates > 1 ? Math.Abs(value - _trend.Predict(step, elapsed)) / robustScale : 0;
        var novelty = _range.Update(value) * Math.Min(1.0, abruptZ / AbruptZ);
        _trend.Update(step, value, elapsed);
        var calibrated = _robust.Count >= _options.MedianWindow;
        var pRobust = calibrated ? _robustTail.Update(robustZ) : 1.0;
        var saliency = _spectral.Update(value);
        var pSpectral = _spectral.IsReady ? _spectralTail.Update(saliency) : 1.0;
        var pSeasonal = seasonal ? _seasonalTail.Update(seasonalZ) : 1.0;
        _changePoint.Update(Math.Abs(value - slow));
        var pChange = 1.0 / _changePoint.Martingale;

        _robust.Update(value);
        _level.Update(value);
        if (_seasonal.Update(step, value, elapsed, robustScale))
        {
            _seasonalTail = new PeaksOverThreshold();
        }

        var component = DetectorComponent.RobustZScore;
        var p = _robustTail.IsReady ? pRobust : 1.0;
        var active = 1;
        Consider(_spectralTail.IsReady, pSpectral, DetectorComponent.SpectralResidual, ref p, ref component, ref active);
        Consider(_seasonalTail.IsReady, pSeasonal, DetectorComponent.Seasonal, ref p, ref component, ref active);
        Consider(_changePoint.IsReady, pChange, DetectorComponent.ChangePoint, ref p, ref component, ref active);
        p = Math.Clamp(p * active, ProbabilityFloor, 1.0);
        var evidence = Math.Log(p) / LogFloor;

        // Novelty suppression: calibrated evidence counts only when it exceeds the decaying maximum of what
        // has already been seen, so an ongoing episode is reported once, not on every sample.
        var fresh = evidence > _evidence ? evidence : 0.0;
        _evidence = Math.Max(evidence, _evidence * EvidenceDecay);

        var score = CalibratedWeight * fresh;
        if (novelty >= score)
        {
            score = novelty;
            component = DetectorComponent.RangeNovelty;
        }

        if (!warm || score <= 0)
        {
            score = 0;
            component = DetectorComponent.None;
        }

        if (component == DetectorComponent.ChangePoint)
        {
            _changePoint.ResetMartingale();
        }

        var isAnomaly = Decide(score, component, step);
        var width = 3 * band;
        return new DetectionResult(score, isAnomaly, expected, expected - width, expected + width, component);
    }

    private static void Consider(bool ready, double candidate, DetectorComponent which, ref double p, ref DetectorComponent component, ref int active)
    {
        if (!ready)
        {
            return;
        }

        active++;
        if (candidate < p)
        {
            p = candidate;
            component = which;
        }
    }

    private bool Decide(double score, DetectorComponent component, long step)
    {
        var threshold = _options.AlertThreshold;
        var n = _options.PersistenceWindow;
        _recent = (_recent << 1) | (score >= threshold ? 1UL : 0UL);
        var mask = n == 64 ? ulong.MaxValue : (1UL << n) - 1;
        var hits = System.Numerics.BitOperations.PopCount(_recent & mask);

        // Statistical evidence must persist (k of n) unless it is overwhelming; a value beyond anything the
        // series has ever shown is not noise and needs no persistence.
        var fire = score >= threshold
            && (component == DetectorComponent.RangeNovelty || hits >= _options.PersistenceCount || score >= 0.5 * (1 + threshold));
        if (!fire)
        {
            _reported *= 0.99;
            return false;
        }

        // One alert per episode: re-alert only after a quiet spell or on markedly stronger evidence.
        if (step - _lastAlert < 4 * n && score <= _reported + 0.1)
        {
            return false;
        }

        _lastAlert = step;
        _reported = Math.Max(_reported, score);
        return true;
    }

    /// <summary>Captures the complete state; <see cref="Restore"/> continues exactly where this left off.</summary>
    public DetectorSnapshot Snapshot() => new()
    {
        Version = SnapshotVersion,
        Options = _options,
        Robust = _robust.Snapshot(),
        Seasonal = _seasonal.Snapshot(),
        Spectral = _spectral.Snapshot(),
        ChangePoint = _changePoint.Snapshot(),
        Level = _level.Snapshot(),
        Range = _range.Snapshot(),
        Trend = _trend.Snapshot(),
        RobustTail = _robustTail.Snapshot(),
        SpectralTail = _spectralTail.Snapshot(),
        SeasonalTail = _seasonalTail.Snapshot(),
        LastTimestampMs = _clock.LastTimestampMs,
        IntervalMs = _clock.IntervalMs,
        Step = _clock.Step,
        Samples = _clock.Samples,
        Recent = _recent,
        LastAlert = _lastAlert,
        Reported = _reported,
        Evidence = _evidence,
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
