using System.Runtime.CompilerServices;
using EnterpriseHub.Detection.Baselines;
using EnterpriseHub.Detection.Detectors;

namespace EnterpriseHub.Detection.Ensemble;

/// <summary>
/// The default per-series anomaly detector of metric grains: tests whose tail probabilities are calibrated on the
/// series' own history, combined into one anomaly score in [0, 1], reported once per episode, and an alert decision.
/// </summary>
/// <remarks>
/// <para>Every sample is a test, so a detector that alerts at tail probability alpha raises alpha x samples false
/// alarms on clean data: at 100,000 series sampled every minute, alpha = 1e-3 is 6,000 pages an hour. The score
/// is therefore -ln p / -ln 1e-8 of a p-value that has to be honest far into the tail, and the alert thresholds
/// are p-values (1e-5 at medium sensitivity). The tests, each calibrated for the opportunities it has:</para>
/// <list type="bullet">
/// <item>Range novelty (<see cref="RangeNoveltyDetector"/>): a new record has probability max(2 / n, the recent
/// record rate) and is news only when it overshoots the old extreme by much more than the series' extremes are
/// spaced (records of noise keep coming, each a hair beyond the last); a record whose overshoot is no surprise at
/// all (see <see cref="RecordOvershootLevel"/>) is no evidence. A value beyond the second extreme, the test that a
/// single wild extreme cannot blind, counts only at the alert level (below).</item>
/// <item>Residual records: the same record test on the residuals against the expected value (the rolling median,
/// or the seasonal expectation once a period is known), so a departure from the local level larger than any
/// before counts even when the value stays inside the range an earlier level or a start-up transient set (a
/// burst after a level drop, a spike below a first sample that was the maximum). On the NAB development subset
/// this found three windows for which no other test had any evidence (iio NetworkIn, TravelTime_387, Twitter
/// PFE) at the cost of about ten false positives: optimised score 69.6 -> 72.7 at medium, 69.9 -> 72.9 at low,
/// 70.0 -> 70.1 at high (there its extra false positives cancel the windows).</item>
/// <item>Residuals against the seasonal or median expectation (<see cref="ResidualTailDetector"/>): one residual
/// against the series' own peaks-over-threshold tail, and clusters of exceedances (level shift, variance burst). When
/// the period is a day, the expectation is the weekly one (the day's shape at a level with a day's memory plus the day
/// of the week's departures) wherever that predicts about as well (<see cref="WeeklyExpectation"/>), so a weekday as
/// quiet as a Sunday departs from it all day instead of only until the daily model's level has followed it. A day of
/// the week unlike the ordinary days (a weekend of closed business hours) is expected at its own gain on the daily
/// shape, and teaches the daily model its level alone and the residual tail nothing (<see cref="DayOfWeekGain"/>).</item>
/// <item>Flatline (<see cref="FlatlineDetector"/>): a run of repeated values longer than any before, against the
/// series' own repeat rate.</item>
/// <item>Context novelty (<see cref="ContextNoveltyDetector"/>): a short shape never seen, against the rate of such
/// novelty. Its p cannot honestly go below about 1 / 1,000 (the rate is estimated from the last 1,000 samples), so
/// it never raises an alert on its own at any sensitivity: like a discrete test whose smallest attainable
/// p exceeds the level, it is left out of the strong-evidence family (Tarone, Biometrics 1990) and only ranks weak
/// evidence.</item>
/// </list>
/// <para>Combination. The smallest p-value of the strong tests, weighted Bonferroni (range, residual and cluster
/// 0.25 each, residual records 0.15, flatline 0.1), so P(any test fires on clean data) stays below the level.
/// Residual, cluster and flatline evidence counts only once it is alert-worthy at the configured sensitivity:
/// weaker residual tails are what every series produces all the time, and reporting them would only start
/// episodes that hide novelty (on the NAB development subset they cost 18 points of the optimised score). Records,
/// of values or of residuals, are rare by construction (about 2 ln n in n samples of noise) and count at any
/// level. Values beyond the second extreme are twice as common and count only at the alert level: counted at any
/// level they started episodes on noise (optimised five-grid mean 76.4 -> 72.5 at medium, the clean random walk
/// 16 -> 24 alerts at high); at the alert level they leave the optimised score at 76.40 and raise the own alerts from
/// 45.16 to 46.74 (one more window at ten levels, 30 of 57, with the same 18 false-alarm episodes), at low 37.02 ->
/// 38.62, at high 51.94 -> 51.84, with the clean series unchanged but Student-t noise at high (33 -> 38 per 400,000).
/// After a wild sample of +-1e6 in Gaussian noise a spike of 8 sd is found in 172 and 179 of 200 series instead of
/// 163 and 167 (194 and 193 without it).</para>
/// <para>Persistence (k of n, <see cref="Persistence"/>). An anomaly that no single sample proves can still be proved
/// by lasting: the ensemble also alerts when k of the last n samples (2 of 3 by default) have strong-test evidence
/// at a per-sample level chosen so that this is as rare among independent samples as one sample at the alert level
/// (2.2e-3 for medium). Only samples that carry reportable evidence can alert this way, as any other. On the NAB
/// development subset it raised the engine's own alerts from 17 to 28 of 57 windows with the same 17 false-alarm
/// episodes (own score 25.5 -> 43.5 at ten context levels, five-grid mean 43.5), and left the optimised score where
/// it was (five-grid mean 68.7 -> 69.0); on the clean series of the false-alarm tests it added alerts mostly where
/// extremes cluster (random walk 1 -> 6 per 400,000 samples at medium; Laplace and the daily seasonal series one
/// more each). 3 of 5 found more (own 47.5) but took the random walk past its low-sensitivity budget.</para>
/// <para>A level that wanders. Without a season, the expectation is the rolling median, or the median of the newest
/// six samples where that has been clearly nearer the values (<see cref="ShortMedian"/>): a random walk departs from a
/// lagging median in correlated runs, which the persistence rule took for independent evidence.</para>
/// <para>Novelty pairs (<see cref="Persistence.NoveltyLevel"/>). Two reports of novelty among the last four samples,
/// each at p up to the square root of 2.5 times the alert level (5e-3 at medium), alert together, as a persistence
/// alert: a value that leaves its range and keeps going sets record after record, each short of the alert level. On
/// the NAB development subset the own alerts went from 54.84 to 58.08 (five-grid mean at medium; both windows of
/// ambient_temperature_system_failure), with clean series where they were but the random walk (54 -> 62 alerts per
/// 400,000 samples of long series at medium). 1 of 1 persistence turns pairs off too.</para>
/// <para>The one exception to "reportable evidence": when the newest sample's own residual tail probability is
/// a hit, the k-of-n event is itself evidence at the alert level, since that test is a per-sample tail probability
/// and k of n of them is exactly the event the persistence level is calibrated for; the episode starts there and
/// is reported at the alert threshold. Before, two residuals in a row at p about 4e-4 each, neither a record,
/// raised nothing. The cluster and flatline tests do not get the exception: they are run statistics whose
/// consecutive p-values are dependent by construction (a run of L exceedances, then L + 1), so k of n of them is
/// not rare where each is honest (letting them report took the clean random walk from 3 to 7 alerts at low,
/// budget 5). On the NAB development subset the exception raised the own alerts from 40.7 to 43.7 (26 -> 28 of 57
/// windows, 12 -> 16 false-alarm episodes; five-grid mean 41.3 -> 44.0) and the optimised five-grid mean from 71.1
/// to 72.3 (74.7 -> 74.8 at ten levels), with the clean-data alert counts unchanged but for one more each on the
/// random walk and the daily seasonal series at high.</para>
/// <para>A new expectation, a new tail. When the first period is adopted, the residual tail, learned against the
/// rolling median, is checked over the next cycle and started afresh if it belongs to the median
/// (<see cref="ResidualTailCheck"/>), and the residual records with it: their extremes were the median's departures,
/// which the season's need not approach (an exact cycle's are all 0, and a departure from it had no evidence at all).
/// Starting the records afresh at every adoption instead cost 2.7 points of the optimised NAB score (79.6 -> 76.9).</para>
/// <para>A stuck value. Its departures from an expectation that has caught up with it are 0, and learned they shrank
/// the residual scale (the nonzero share fell to 0.57 over 600 stuck samples of a noisy series), so when the value
/// moved again ordinary noise made clusters of exceedances and kept the stuck-value episode going 40 samples after
/// it had ended. A sample whose flatline evidence is beyond the tail's risk (<see cref="ResidualTailDetector.Risk"/>,
/// the level below which the tail does not learn its own anomalies) is therefore not given to the residual tail.
/// On the NAB development subset the five-grid mean at low goes from 78.68 / 41.60 to 78.78 / 41.70 (medium and high
/// unchanged); count storms at a daily rhythm, series started by day, 60 -> 59 false alerts; clean series unchanged.</para>
/// <para>Not in the ensemble, measured on the NAB development subset before residual records (standard profile,
/// optimised threshold, 69.4 without them): the conformal change-point martingale
/// (<see cref="ChangePointDetector"/>, p = 1 / M by Ville's inequality, strangeness = residual over band) scores
/// 33.1 when its evidence counts at any level, because the restarting martingale keeps crossing weak levels on
/// real series, and 69.4 when gated at the alert level like the cluster test, which already catches the same
/// shifts first. The spectral residual
/// (<see cref="SpectralResidualDetector"/>, saliency calibrated by its own peaks-over-threshold tail) scores 30.2
/// ungated and 69.1 gated. Both stay in the library, tested, for callers that want them.</para>
/// <para>Onset reporting. An anomaly is an episode, not a sample: it alerts once, and the samples that keep it going
/// are not news (<see cref="AnomalyEpisode"/>).</para>
/// </remarks>
public sealed class AnomalyDetectorEnsemble
{
    /// <summary>Version of the snapshot format written by <see cref="Snapshot"/>.</summary>
    public const int SnapshotVersion = 4;

    /// <summary>Tail probability at which the score saturates at 1: score = ln p / ln <see cref="ProbabilityFloor"/>.</summary>
    public const double ProbabilityFloor = 1e-8;

    /// <summary>
    /// Phase buckets of the seasonal expectation, at most (a day takes <see cref="SeasonalBaseline.DayBuckets"/>, its
    /// half hours: <see cref="SeasonalBaseline.Buckets"/>; the forecaster keeps <see cref="HoltWintersBaseline.MaxBuckets"/>).
    /// </summary>
    /// <remarks>
    /// Every residual carries the expectation's own estimation noise, and a bucket averages the P / B samples of its
    /// part of each cycle, so fewer buckets make a steadier expectation and band at the price of smearing seasonal
    /// features narrower than P / B samples (22.5 minutes of a daily cycle in 64, whatever the sampling interval). On the
    /// NAB development subset (five-grid mean of the optimised standard score, before the record rule below) the
    /// bucket count is a flat curve with one poor point, the former default: 32 gives 74.0, 40 74.4, 48 74.4, 64
    /// 74.2, 80 74.1, 96 74.2, 112 73.9, 120 74.0, 128 72.3 (a window of Twitter_volume_CRM missed), 144 74.1, 192
    /// 73.6, 288 74.0; own alerts 43.2 to 44.1 throughout. 64 is taken for its state: the model's two bucket arrays take 512 bytes instead of 1,024.
    /// The forecaster extrapolates the profile instead of judging by it and was worse with 64 (error over the last
    /// value's 0.963 -> 0.978 one step ahead). A day, measured again on the current engine, scores the same in 48 (80.1
    /// / 60.8 at medium) and is taken in 48 for the clock's half hours (<see cref="SeasonalBaseline.Buckets"/>).
    /// </remarks>
    public const int SeasonalBuckets = 64;

    /// <summary>
    /// A record (of values or of residuals) counts only when its overshoot beyond the old extreme has tail
    /// probability at most this under the series' own tail: the record is then reported at P(record) x P(overshoot),
    /// as before, and otherwise not at all.
    /// </summary>
    /// <remarks>
    /// <para>Under the tail model the overshoot's probability is uniform, so this keeps 80% of the records of noise and
    /// drops those that only nudge the extreme, which carry nothing but the record itself; P(record) is counted for
    /// every record, so the rate stays the true one, and the p-values of the records kept are unchanged (exact for
    /// P(overshoot) up to 0.8, so the test stays valid). Such records were a fifth of the false positives at NAB's
    /// optimised threshold, where every record is news: records of plain noise in art_noisy and
    /// art_daily_small_noise, and a series' slow climbs to new highs.</para>
    /// <para>Measured on the NAB development subset (optimised standard score, five-grid mean; 74.2 without the rule):
    /// 0.95 gives 75.4, 0.9 75.9, 0.85 76.2, 0.8 76.3, 0.75 76.2, 0.7 75.3, 0.65 73.7, 0.6 72.2, 0.5 69.2 (below
    /// 0.7 windows found by weakly overshooting records are lost). Chosen on half of the files, it holds on the
    /// other half: files alternately split, half A 78.4 without the rule and 79.8 to 80.2 for every level from 0.7 to
    /// 0.95, half B 69.7 without and 71.4 to 72.6 from 0.75 to 0.9 (0.7: 69.7). At ten context levels 76.7 -> 78.7
    /// (102 false-positive rows at the optimum instead of 127); the own alerts, which need far stronger overshoots,
    /// do not change (43.8).</para>
    /// </remarks>
    public const double RecordOvershootLevel = 0.8;

    /// <summary>
    /// Share of the data's resolution (the smallest nonzero change between consecutive values seen, which the flatline
    /// detector keeps: <see cref="FlatlineDetector.Resolution"/>) below which the spacings of a record test's extremes
    /// are not taken: the scale of a record's overshoot is at least this much of it per spacing.
    /// </summary>
    /// <remarks>
    /// <para>Extremes of counts tie (the eight largest of a series of error counts may be 3, 3, 3, 2, 2, 2, 2, 2), and
    /// tied extremes say nothing about the tail below the resolution. The floor was a tenth of the noise scale alone,
    /// which is 0 for a series that is mostly 0: the residuals of such a series never went below 0 while its
    /// expectation was the median 0, and once a seasonal expectation had been found by chance (a period of 53 in
    /// random bursts), each 0 below it was a record low that overshot a floor of nothing, at p below 1e-8. On 200
    /// series of 2,000 samples of bursts of 1 to 5 in 2% of minutes, and of Poisson counts with mean 0.5, medium raised
    /// 143 and 105 alerts (the clean-data budget is 20); with the floor at half the resolution, 16 and 12
    /// (<c>FalseAlarmTests</c>; 9 of the 16 are a series' first burst after 150 or more zeros, which is a
    /// constant series changing, and alerts as one).</para>
    /// <para>Half, because a value known to the resolution d puts each spacing within d / 2 of its unrounded length;
    /// the whole resolution also gave 16 and 12 but found a burst of 15 in the Poisson counts in 153 series of 200
    /// instead of 183 (185 with half). The NAB development subset, whose series are mostly continuous, and the
    /// clean series of the false-alarm tests give exactly the figures they gave before.</para>
    /// </remarks>
    public const double ResolutionShare = 0.5;

    /// <summary>
    /// Share of the data's resolution below which the residual scale is not taken (the residual tail divides residuals
    /// by it); residuals within half the resolution of the expectation are taken as none (<see cref="ResolutionShare"/>).
    /// </summary>
    /// <remarks>
    /// <para>The scale is a mean absolute residual, each winsorised at four times the current scale. When fewer than
    /// a quarter of the residuals are nonzero, as for error counts, that mean shrinks whatever the bursts (E[min(|r|,
    /// 4 s)] is at most 4 s x the nonzero share), so it fell towards 0 over the zeros and the scaled bursts grew
    /// without bound. The tail's threshold, learned on such ratios in one stretch, then lay far beyond every later
    /// one: on 40 series of 40,000 minutes of bursts in 2% of minutes, an hour-long storm of bursts in half the
    /// minutes was found in 13; with a daily rhythm (bursts in 10% of minutes from 09:00 to 17:00, 0.5% otherwise)
    /// in none. A quarter of the resolution is the mean absolute residual of a series with a quarter of its residuals
    /// one step from 0 and the rest 0, so the floor binds only where the mean has no fixed point above it. With it
    /// go two repairs on the same series: the tail's threshold is kept at 0 or above (<see cref="PeaksOverThreshold"/>
    /// stepped it below a stream of zeros, and every 0 then exceeded it), and a residual within half the resolution of
    /// the expectation is none (the value is the nearest the data can come to it).</para>
    /// <para>Measured on those series (storm found / false alerts per 1.6 million samples): 2% bursts 13 / 18 ->
    /// 34 / 1, 10% bursts 34 / 7 -> 34 / 3, Poisson(0.1) 39 / 2 -> 40 / 1, the daily rhythm 0 / 43 -> 35 / 57, and
    /// starting at 09:00 16 / 66 -> 35 / 52 (with the flatline detector's tail of longest runs in both). Half the
    /// resolution found the same storms and cost a window of Twitter_volume_PFE on the NAB development subset
    /// (optimised 78.6 -> 76.9 at ten context levels); a tenth found them too. Without the snap to none, a seasonal
    /// expectation that drifted a hundredth off 0 at night made each 0 a departure: 30 false alerts on the 2% bursts
    /// instead of 1.</para>
    /// <para>Since then the residual tail learns its scale as the share of nonzero residuals times their winsorised
    /// magnitude, which no longer shrinks on such series by itself (ResidualTailDetector). The floor still counts for
    /// counts: without it, the storms above are found in 29, 25 and 37 of 40 instead of 34, 34 and 40, and the NAB
    /// five-grid mean at medium is 75.16 / 49.04 instead of 77.84 / 51.62.</para>
    /// </remarks>
    public const double ResidualScaleShare = 0.25;

    /// <summary>
    /// Mean deviations by which a seasonal bucket's second difference must exceed for its phase to be an edge sharper
    /// than a bucket, where a value is judged by its distance from the nearer of the two bucket levels it is
    /// interpolated between, and the level learns the same (<see cref="HoltWintersBaseline.EdgeSpread"/>).
    /// </summary>
    /// <remarks>
    /// <para>The seasonal expectation interpolates linearly between bucket centres (22.5 minutes apart for a day of 64
    /// buckets), so business hours that start on the minute are expected to ramp up over the buckets either side:
    /// at the edge from 20 to 80 of NAB's art_daily series the expectation was 42 where the value was still 19 and 56
    /// where it was already 84. Those 20-to-30-unit departures, four a day and every day, were the largest of the
    /// series (9 to 11 residual scales) and set the residual tail, so a drop to 40 in the middle of an 80 (noise 5) on
    /// day 10 scored p 3.5e-3 and was found in 0 of 20 such series. The level learned from the ramp too: after the
    /// midnight reset of a daily sawtooth (a counter from 0 to 100, noise 2, minute data) it fell by several units,
    /// and the values just after midnight alerted against an expectation near 50 on most days.</para>
    /// <para>Half the second difference is the error of the interpolation at a step; 6 mean deviations (about 5
    /// standard deviations of the noise) makes that error three mean deviations. With it, scratch harnesses of 20
    /// series each: the square drop is found in 14 (15 of the 20 series of `PeriodAdoptionTests`), a square day at
    /// 50 by sample 111 instead of 119; the sawtooth raises no alert after midnight once its period is known (41 in
    /// the 10 series of `SeasonalEdgeTests` over days 3 to 8 before, 2 now, both the noise's tail near the top), and
    /// finds a reset that does not happen within 18 minutes; a series switching between 20 and 80 every 37 minutes
    /// raised 8 false alerts and now 1. Smooth business days (a hump of 60) are unchanged: their second differences
    /// are about 1. Measured with the differences instead of second differences, against
    /// the phase's own deviation (which the ramp's errors inflate to a quarter of the sawtooth's reset): 5 bands
    /// gave the same on the square days, but a daily cycle of amplitude 100 over small noise would have had edges
    /// on every slope. 3, 8 and 12 mean deviations: the same but the random walk (35, 32, 32 alerts at high) and the
    /// square drop at 12 (8 of 20). NAB development subset, five-grid mean of optimised / own: medium 78.50 / 54.84
    /// unchanged, low 77.54 / 45.12 -> 77.64 / 45.22, high 77.56 / 59.82 -> 77.56 / 59.84. Clean series and count
    /// storms give the same alerts within one (random walk at high 32 -> 33, daily count storms 60 -> 59 and 62 ->
    /// 61); minute-data holidays over four weeks 2 -> 1 of 40, false alerts 10 -> 9.</para>
    /// </remarks>
    public const double EdgeBands = 6;

    // Weighted Bonferroni over the strong tests (weights sum to 1); context novelty is weighed as one of five tests.
    private const double RangeWeight = 0.25;
    private const double ResidualRecordWeight = 0.15;
    private const double ResidualWeight = 0.25;
    private const double ClusterWeight = 0.25;
    private const double FlatlineWeight = 0.1;
    private const double ContextWeight = 0.2;
    private const int RateHorizon = 1000;
    private static readonly double LogFloor = Math.Log(ProbabilityFloor);

    // Options are immutable, so series created without options share one instance.
    private static readonly DetectorOptions DefaultOptions = new();

    private readonly DetectorOptions _options;
    private readonly RobustZScoreDetector _robust;
    private readonly SeasonalBaseline _seasonal;
    private RangeNoveltyDetector _range;
    private NoveltyRate _records;
    private RangeNoveltyDetector _residualRange;
    private NoveltyRate _residualRecords;
    private ResidualTailDetector _residual;
    private FlatlineDetector _flatline;
    private readonly ContextNoveltyDetector _context;
    private WeeklyExpectation _weekly;
    private DayOfWeekGain _dayGain;
    private SampleClock _clock;
    private AnomalyEpisode _episode = new();
    // The newest MaxPersistenceWindow and NoveltyWindow samples are all the rules read of the histories.
    private ushort _persistence;
    private byte _noveltyPairs;
    private ShortMedian _shortMedian;
    private ResidualTailCheck _tailCheck;
    private double _strongest = 1.0;

    /// <summary>Creates an ensemble with the given options.</summary>
    public AnomalyDetectorEnsemble(DetectorOptions? options = null)
    {
        _options = options ?? DefaultOptions;
        _options.Validate();
        _robust = new RobustZScoreDetector(_options.MedianWindow);
        _seasonal = new SeasonalBaseline(maxBuckets: SeasonalBuckets);
        _range = new RangeNoveltyDetector();
        _records = new NoveltyRate(RateHorizon);
        _residualRange = new RangeNoveltyDetector();
        _residualRecords = new NoveltyRate(RateHorizon);
        _residual = new ResidualTailDetector();
        _flatline = new FlatlineDetector();
        _context = new ContextNoveltyDetector(_options.ContextLevels);
    }

    private AnomalyDetectorEnsemble(DetectorSnapshot s, DetectorOptions options)
    {
        _options = options;
        _options.Validate();
        _robust = RobustZScoreDetector.Restore(s.Robust);
        _seasonal = SeasonalBaseline.Restore(s.Seasonal);
        _range = RangeNoveltyDetector.Restore(s.Range);
        _records = NoveltyRate.Restore(s.Records);

        // Version 3 had no residual records: they start afresh, as in a new series.
        _residualRange = s.Version == 3 ? new RangeNoveltyDetector() : RangeNoveltyDetector.Restore(s.ResidualRange);
        _residualRecords = s.Version == 3 ? new NoveltyRate(RateHorizon) : NoveltyRate.Restore(s.ResidualRecords);
        _residual = ResidualTailDetector.Restore(s.Residual);
        _flatline = FlatlineDetector.Restore(s.Flatline);
        _context = ContextNoveltyDetector.Restore(s.Context);

        // Snapshots written before the weekly profile start it afresh; those written before the weekly expectation keep
        // the profile and start the level from the daily model's.
        _weekly = s.Weekly is null ? default : WeeklyExpectation.Restore(WeeklyProfile.Restore(s.Weekly), s.WeeklyExpectation);
        _dayGain = s.DayGain is null ? default : DayOfWeekGain.Restore(s.DayGain);
        _clock = SampleClock.Restore(s.LastTimestampMs, s.IntervalMs, s.Step, s.Samples, s.OriginMs, s.OriginStep);
        _episode = AnomalyEpisode.Restore(s.LastOnset, s.EpisodePeak, s.EpisodeAlerted);
        _persistence = (ushort)s.Persistence;
        _noveltyPairs = (byte)s.NoveltyPairs;
        _shortMedian = ShortMedian.Restore(s.ShortMedianLongError, s.ShortMedianShortError, s.ShortMedianCompared, s.ShortMedianInUse, s.ShortMedianBias);
        _tailCheck = ResidualTailCheck.Restore(s.TailCheckUntil, s.TailCheckSamples, s.TailCheckExceedances, s.TailCheckMagnitude, s.TailCheckCalibrated);
    }

    /// <summary>The options in force.</summary>
    public DetectorOptions Options => _options;

    /// <summary>Samples seen.</summary>
    public long Samples => _clock.Samples;

    /// <summary>
    /// Score at or above which this series' samples are anomalous now: the options' <see
    /// cref="DetectorOptions.AlertThreshold"/> for a series sampled a minute apart or more, and higher for one sampled
    /// faster, whose per-sample level is its interval's share of a minute's (so that it raises no more false alerts an
    /// hour; see <see cref="DecisionLevels"/>).
    /// </summary>
    public double AlertThreshold => _options.Levels.For(_clock.IntervalMs).AlertThreshold;

    /// <summary>Detected seasonal period in samples (0 while none is known).</summary>
    public int Period => _seasonal.Period;

    /// <summary>
    /// The strongest evidence of the strong tests (value and residual records, residual tail, clusters, flatline) on
    /// the last sample, as their Bonferroni-weighted p-value before any gate: the alert level at which that sample
    /// alone would alert. 1 when no strong test had evidence and during warm-up; context novelty, which never alerts,
    /// is left out. For diagnosis (why a sample did or did not alert); not part of a snapshot.
    /// </summary>
    public double StrongestEvidence => _strongest;

    /// <summary>Scores one sample.</summary>
    public DetectionResult Update(DateTimeOffset timestamp, double value) => Update(timestamp.ToUnixTimeMilliseconds(), value);

    /// <summary>Scores one sample whose timestamp is in Unix milliseconds.</summary>
    public DetectionResult Update(long timestampMs, double value)
    {
        InputGuard.RequireSupported(value, nameof(value));
        var elapsed = _clock.Advance(timestampMs);
        var step = _clock.Step;
        // A minute's levels, or the interval's share of them for a series sampled faster (DecisionLevels, remarks).
        var levels = _options.Levels.For(_clock.IntervalMs);
        var samples = _clock.Samples;

        // Baselines are read before this sample updates them (no self-influence on the band it is judged by).
        var robustScale = _robust.Scale;
        var median = _robust.Median;
        var seasonal = _seasonal.IsSeasonal;
        var dailyExpected = seasonal ? _seasonal.Expected(step, elapsed) : median;

        // A daily period has a weekly expectation, used where it predicts about as well (WeeklyExpectation), and a gain
        // on its shape for each day of the week (DayOfWeekGain), which the weekly expectation does not take.
        // Whether the period is a day, by the clock's mean step (SampleClock.MeanStepMs: missed samples do not move it).
        var meanStepMs = seasonal ? _clock.MeanStepMs : 0;
        var daily = seasonal && WeeklyProfile.IsDaily(_seasonal.Period, meanStepMs);
        var dailyLevel = daily ? _seasonal.Model!.Level : 0;
        var shape = dailyExpected - dailyLevel;
        var weeklyExpected = daily ? _weekly.Expected(timestampMs, shape, dailyLevel) : dailyExpected;
        double dayShape = 0, gain = 0;
        if (daily)
        {
            // The expectation is level + elapsed x trend + season.
            var model = _seasonal.Model!;
            dayShape = _dayGain.Begin(timestampMs, model, step, shape - elapsed * model.Trend, _range.Max - _range.Min);
            gain = _dayGain.Current;
            dailyExpected += gain * dayShape;
        }

        // A day unlike the ordinary days (it has a gain) teaches the daily model its level alone and the residual tail
        // nothing: their shape, deviations and tail are the ordinary days'. A day without a gain that departs as far as
        // it has gone (a weekend before two are seen, a holiday) teaches the daily model its level alone too.
        var ordinary = gain == 0;
        var learnsShape = ordinary && !(daily && _dayGain.Departs(_seasonal.Model!, _clock.StepMs));

        var expected = daily && _weekly.InUse ? weeklyExpected : dailyExpected;

        // Without a season, a level that wanders is judged by the median of the newest few samples (ShortMedian).
        if (!seasonal && samples > _options.MedianWindow)
        {
            // Carried by its mean departure, which is its lag on a level that drifts and about 0 on one that wanders.
            var shortMedian = _shortMedian.Carry(_robust.RecentMedian(ShortMedian.Samples));
            expected = _shortMedian.InUse ? shortMedian : median;
            _shortMedian.Update(value, median, shortMedian);
        }

        var band = seasonal ? Math.Max(_seasonal.Deviation(step), 0.25 * robustScale) : robustScale;

        // At a seasonal edge sharper than a bucket the value may be at either bucket's level (EdgeBands); the residual
        // and the seasonal model's level both learn from the nearer one, so the spread is found once for both.
        double edgeBelow = 0, edgeAbove = 0;
        if (seasonal)
        {
            _seasonal.Model!.EdgeSpread(step, EdgeBands, out edgeBelow, out edgeAbove);
            if (gain != 0)
            {
                // The day's gain scales the season's edges as it scales the season (a negative gain turns them over).
                var k = 1 + gain;
                (edgeBelow, edgeAbove) = k >= 0 ? (edgeBelow * k, edgeAbove * k) : (edgeAbove * k, edgeBelow * k);
            }
        }

        // Range novelty: P(record) x P(overshoot >= e | record). Under exchangeability a record on either side has
        // probability 2 / n; a series that keeps setting records (a trend, a first seasonal cycle) has a higher
        // running rate, which then stands for P(record).
        // Record overshoots are measured no finer than the data's resolution allows (read before this sample's change).
        var resolution = ResolutionShare * _flatline.Resolution;
        var pRange = Record(ref _range, ref _records, value, samples, Math.Max(0.1 * robustScale, resolution), median, levels.Alert * RangeWeight);

        // The run of repeats is scored first: as the tail's own anomalies, a stuck value beyond the tail's risk is not
        // learned (its departures are 0 and would shrink the scale; remarks, a stuck value).
        var residualScale = ResidualScaleShare * _flatline.Resolution;
        var pFlatline = _flatline.Update(value);

        double pResidualRecord = 1, pResidual = 1, pCluster = 1;
        if (samples > _options.MedianWindow && pFlatline > FlatlineWeight * ResidualTailDetector.Risk)
        {
            // Before the rolling window is full its median is no expectation. Residual records are range novelty
            // of the departures from the expected value: the same calibration, counted from the first residual.
            var residual = HoltWintersBaseline.FromEdge(value - expected, edgeBelow, edgeAbove);
            pResidualRecord = Record(ref _residualRange, ref _residualRecords, residual, samples - _options.MedianWindow, Math.Max(0.1 * band, resolution), 0, levels.Alert * ResidualRecordWeight);
            // A value within half the resolution of its expectation is the nearest the data can come to it: no
            // departure at all (see ResidualScaleShare). Exactly half (a median between two values a quantum apart) is
            // a departure, and a millionth of it is left to rounding: values far from zero (5 + 1e-6 k) put ties either side.
            var departure = Math.Abs(residual) < resolution * (1 - 1e-6) ? 0 : residual;
            // The tail's memories span the season's cycle (ResidualTailDetector, memories over a cycle).
            var cycle = seasonal ? (double)_seasonal.Period / ResidualTailDetector.ScaleHorizon : 1;
            _residual.Update(departure, Math.Abs(expected), out pResidual, out pCluster, residualScale, cycle, ordinary);
            if (_tailCheck.IsActive && _tailCheck.IsStale(departure, pCluster < 1, samples, _residual.MeanMagnitude))
            {
                // The tail belongs to the rolling median, and so do the residual records: their extremes are the
                // median's departures, which the season's need not approach (remarks, a new expectation).
                _residual = new ResidualTailDetector();
                _residualRange = new RangeNoveltyDetector();
                _residualRecords = new NoveltyRate(RateHorizon, prior: 1.0, priorWeight: 1);
            }
        }

        // Missing samples break the context.
        if (elapsed > 1)
        {
            _context.Break();
        }

        var pContext = _context.Update(value, _range.Min, _range.Max);

        _robust.Update(value);
        _seasonal.Detector.SpanAtInterval(_clock.IntervalMs);
        if (_seasonal.Update(step, value, elapsed, robustScale, edgeBelow, edgeAbove, _clock.StepMs, gain * dayShape, learnsShape) && !seasonal)
        {
            // The residual tail learned departures from the rolling median or from the short median (ShortMedian). One
            // learned against the short median belongs to it and starts afresh, as does one for a cycle it will learn
            // over (ResidualTailCheck.LongestChecked); whether one learned against the rolling median fits the
            // departures from the seasonal expectation is seen over the next cycle (remarks: a new expectation, a new
            // tail).
            if (_shortMedian.InUse || _seasonal.Period > ResidualTailCheck.LongestChecked)
            {
                _residual = new ResidualTailDetector();
            }
            else
            {
                _tailCheck.Start(samples, _seasonal.Period, _residual.IsCalibrated);
            }
        }

        if (daily)
        {
            // From the series' first value, which the period detector keeps (DayOfWeekGain.Learn: single precision).
            _dayGain.Learn(value - _seasonal.Detector.Origin, dayShape);

            // Bounded as the seasonal model's own learning is, so an anomaly does not teach the week.
            _weekly.Update(timestampMs, value, shape, dailyExpected, weeklyExpected, _seasonal.Period, meanStepMs, SeasonalBaseline.OutlierBound * band);
        }

        // Only novelty scores between the decision threshold and the alert threshold: every other test is gated.
        var threshold = levels.DecisionThreshold;
        var alertLevel = levels.Alert;
        var p = pRange / RangeWeight;
        var component = DetectorComponent.RangeNovelty;
        var residualComponent = seasonal ? DetectorComponent.Seasonal : DetectorComponent.RobustZScore;
        Consider(ref p, ref component, pResidualRecord / ResidualRecordWeight, 1.0, residualComponent);
        Consider(ref p, ref component, pResidual / ResidualWeight, alertLevel, residualComponent);
        Consider(ref p, ref component, pCluster / ClusterWeight, alertLevel, seasonal ? DetectorComponent.Seasonal : DetectorComponent.ChangePoint);
        Consider(ref p, ref component, pFlatline / FlatlineWeight, alertLevel, DetectorComponent.Flatline);
        Consider(ref p, ref component, pContext / ContextWeight, 1.0, DetectorComponent.ContextNovelty);

        // The strong tests' evidence before the gates (persistence counts it, StrongestEvidence reports it).
        var strongest = Math.Min(
            Math.Min(pRange / RangeWeight, pResidualRecord / ResidualRecordWeight),
            Math.Min(Math.Min(pResidual / ResidualWeight, pCluster / ClusterWeight), pFlatline / FlatlineWeight));
        _strongest = samples > _options.WarmupSamples ? Math.Min(strongest, 1.0) : 1.0;

        // k of the last n samples beyond the persistence level; a gap counts as samples without hits.
        var persists = false;
        if (levels.Persistence > 0)
        {
            var warm = samples > _options.WarmupSamples;
            var hit = warm && strongest <= levels.Persistence;
            _persistence = (ushort)Persistence.Push(_persistence, elapsed, hit);
            persists = Persistence.Fires(_persistence, _options.PersistenceHits, _options.PersistenceWindow);

            // Two reports of novelty a few samples apart (Persistence.NoveltyLevel): p is what this sample reports.
            var novel = warm && p <= levels.Novelty;
            _noveltyPairs = (byte)Persistence.Push(_noveltyPairs, elapsed, novel);
            persists |= Persistence.Fires(_noveltyPairs, 2, Persistence.NoveltyWindow);

            // k of n single residuals are evidence at the alert level (see the remarks; not so for run statistics).
            if (persists && pResidual / ResidualWeight <= levels.Persistence && p > alertLevel)
            {
                p = alertLevel;
                component = DetectorComponent.Persistence;
            }
        }

        var score = p < 1 ? Math.Min(Math.Log(p) / LogFloor, 1.0) : 0.0;
        var alert = false;
        var sustains = false;
        if (samples <= _options.WarmupSamples || score <= 0)
        {
            // No reportable evidence, so no alert either, persistent or not: a hit whose only evidence is a residual
            // below the gate alerting from here started no episode and alerted again on the next hit (measured: own
            // score 43.5 -> 40.5, optimised 69.0 -> 59.4).
            score = 0;
            component = DetectorComponent.None;
        }
        else
        {
            alert = _episode.Observe(score, persists, threshold, samples, _clock.IntervalMs, out var reported, out sustains);
            if (!reported)
            {
                score = 0;
                component = DetectorComponent.None;
            }
        }

        // A persistence alert is reported at the alert threshold, the level its k-of-n event is calibrated to; the
        // episode goes on by the sample's own evidence.
        if (alert && score < threshold)
        {
            score = levels.AlertThreshold;
            component = DetectorComponent.Persistence;
        }

        // The first sample has nothing to be expected from and is its own expectation: an expectation of 0 put a
        // chart's first point of a series far from zero at 0, and its axis with it.
        if (samples == 1)
        {
            expected = value;
        }

        var width = 3 * band;
        return new DetectionResult(score, alert, expected, expected + edgeBelow - width, expected + edgeAbove + width, component, sustains);
    }

    /// <summary>
    /// P(record) x P(overshoot) of <paramref name="x"/> against the extremes in <paramref name="range"/>, or 1 when it is
    /// no record or P(overshoot) exceeds <see cref="RecordOvershootLevel"/>; P(record) is the running record rate in
    /// <paramref name="records"/>, at least 2 / <paramref name="n"/>. A value beyond the second extreme only counts when
    /// its p is at most <paramref name="secondGate"/> (the alert level, weighted).
    /// </summary>
    // Inlined: as a call it cost about 70 ns per sample (EnsembleBenchmarks: 427 ns against 356 ns).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Record(ref RangeNoveltyDetector range, ref NoveltyRate records, double x, long n, double minScale, double center, double secondGate)
    {
        var isRecord = range.IsRecord(x);
        var pRecord = Math.Max(records.Rate, Math.Min(1.0, 2.0 / n));
        var pOvershoot = range.Update(x, minScale, center);
        records.Update(isRecord);
        var p = pOvershoot <= RecordOvershootLevel ? pRecord * pOvershoot : 1.0;
        return isRecord || p <= secondGate ? p : 1.0;
    }

    /// <summary>Takes a weighted p-value as the evidence when it is the smallest so far and at most <paramref name="gate"/>.</summary>
    private static void Consider(ref double p, ref DetectorComponent component, double candidate, double gate, DetectorComponent source)
    {
        if (candidate < p && candidate <= gate)
        {
            p = candidate;
            component = source;
        }
    }

    /// <summary>Captures the complete state; <see cref="Restore(DetectorSnapshot)"/> continues exactly where this left off.</summary>
    public DetectorSnapshot Snapshot() => new()
    {
        Version = SnapshotVersion,
        Options = _options,
        Robust = _robust.Snapshot(),
        Seasonal = _seasonal.Snapshot(),
        Range = _range.Snapshot(),
        Records = _records.Snapshot(),
        ResidualRange = _residualRange.Snapshot(),
        ResidualRecords = _residualRecords.Snapshot(),
        Residual = _residual.Snapshot(),
        Flatline = _flatline.Snapshot(),
        Context = _context.Snapshot(),
        Weekly = _weekly.Profile.Snapshot(),
        WeeklyExpectation = _weekly.Snapshot(),
        DayGain = _dayGain.Snapshot(),
        LastTimestampMs = _clock.LastTimestampMs,
        IntervalMs = _clock.IntervalMs,
        Step = _clock.Step,
        Samples = _clock.Samples,
        OriginMs = _clock.OriginMs,
        OriginStep = _clock.OriginStep,
        LastOnset = _episode.LastOnset,
        EpisodePeak = _episode.Peak,
        EpisodeAlerted = _episode.Alerted,
        Persistence = _persistence,
        NoveltyPairs = _noveltyPairs,
        ShortMedianLongError = _shortMedian.LongError,
        ShortMedianShortError = _shortMedian.ShortError,
        ShortMedianCompared = _shortMedian.Compared,
        ShortMedianInUse = _shortMedian.InUse,
        ShortMedianBias = _shortMedian.Bias,
        TailCheckUntil = _tailCheck.Until,
        TailCheckSamples = _tailCheck.Samples,
        TailCheckExceedances = _tailCheck.Exceedances,
        TailCheckMagnitude = _tailCheck.Magnitude,
        TailCheckCalibrated = _tailCheck.Calibrated,
    };

    /// <summary>Recreates an ensemble from a snapshot, with the options it was created with; throws on an unknown
    /// snapshot version.</summary>
    public static AnomalyDetectorEnsemble Restore(DetectorSnapshot snapshot)
    {
        RequireKnownVersion(snapshot);
        return new AnomalyDetectorEnsemble(snapshot, snapshot.Options);
    }

    /// <summary>
    /// Recreates an ensemble from a snapshot that decides with the sensitivity and persistence of
    /// <paramref name="decisions"/>, so that a changed setting applies to series stored before it; the options that
    /// shape the state (median window, warm-up, context levels) stay the snapshot's. When those agree,
    /// <paramref name="decisions"/> itself is used, so series restored under one setting share one options object.
    /// </summary>
    public static AnomalyDetectorEnsemble Restore(DetectorSnapshot snapshot, DetectorOptions decisions)
    {
        RequireKnownVersion(snapshot);
        ArgumentNullException.ThrowIfNull(decisions);
        var saved = snapshot.Options;
        var options = saved.MedianWindow == decisions.MedianWindow && saved.WarmupSamples == decisions.WarmupSamples
            && saved.ContextLevels == decisions.ContextLevels
            ? decisions
            : new DetectorOptions
            {
                Sensitivity = decisions.Sensitivity,
                AlertLevel = decisions.AlertLevel,
                NoveltyAlertLevel = decisions.NoveltyAlertLevel,
                PersistenceHits = decisions.PersistenceHits,
                PersistenceWindow = decisions.PersistenceWindow,
                MedianWindow = saved.MedianWindow,
                WarmupSamples = saved.WarmupSamples,
                ContextLevels = saved.ContextLevels,
            };
        return new AnomalyDetectorEnsemble(snapshot, options);
    }

    private static void RequireKnownVersion(DetectorSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Version != SnapshotVersion && snapshot.Version != 3)
        {
            throw new ArgumentException(
                $"Detector snapshot version {snapshot.Version} is not supported (expected 3 or {SnapshotVersion}).",
                nameof(snapshot));
        }
    }
}
