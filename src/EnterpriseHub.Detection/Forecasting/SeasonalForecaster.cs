using EnterpriseHub.Detection.Baselines;
using EnterpriseHub.Detection.Ensemble;

namespace EnterpriseHub.Detection.Forecasting;

/// <summary>
/// Online seasonal forecaster: additive Holt-Winters with trend (Holt's linear method until a period is
/// detected, with level smoothing estimated from the series by <see cref="LocalLevelEstimator"/>) and prediction
/// intervals, plus time-to-threshold for predictive alerts.
/// </summary>
/// <remarks>
/// Interval variances are those of the additive-error ETS(A,A,A) model (Hyndman, Koehler, Ord and Snyder,
/// "Forecasting with Exponential Smoothing", 2008, Table 6.1, class 1):
/// v_h = s^2 [1 + (h - 1)(a^2 + a b h + b^2 h (2h - 1) / 6) + g k (2a + g + b m (k + 1))], k = floor((h - 1) / m),
/// where s^2 is the one-step error variance (exponentially smoothed) and g the per-sample seasonal gain of the
/// folded season buckets.
/// After a warm-up, the model learns from the one-step error clipped at
/// <see cref="SeasonalBaseline.OutlierBound"/> standard deviations (robust Holt-Winters, Gelper, Fried and Croux 2010).
/// Unclipped, one spike of 300 on a ramp rising 0.5 a minute lifted the level by 60 and the trend by 1.2 a minute and
/// brought a predicted crossing about 800 minutes away forward to 661; clipped, it stays within 10% of 800. A lasting
/// step is still learned: the variance that sets the bound grows with the clipped errors, and from the
/// <see cref="LastingChangeRun"/>th error in a row beyond it on one side the errors are learned unclipped
/// (ForecasterTests).
/// The intervals take s^2 from the errors as they were, not clipped at that bound: a forecast is judged by the values
/// that come, spikes included. Only a lone error beyond <see cref="IntervalErrorBound"/> standard deviations is
/// clipped there, so that one corrupt sample does not make every interval useless for hundreds of samples. On the NAB
/// development subset (`backtest --forecast`, 1 to 96 steps ahead) the 95% intervals then
/// held 94.8-96.4% of the values, and 92.3-94.4% with the clipped variance. Their half-width is the standard deviation
/// at the horizon times the empirical quantile of the standardised errors, one step ahead (<see cref="ErrorQuantiles"/>)
/// and at 4, 16 and 64 steps (<see cref="HorizonErrors"/>), not the Gaussian one, which made the 80% intervals hold
/// 87-92%. The robust updates took the mean absolute
/// error relative to the last value's (geometric mean over files) from 1.09, 0.96, 0.90 and 1.00 at 1, 6, 24 and 96
/// steps to 1.00, 0.87, 0.81 and 0.86, and level smoothing estimated from the series to 0.96, 0.86, 0.80 and 0.82
/// (README, Performance). Without a season, the trend gain alpha x beta stays at the defaults' 0.004 whatever alpha
/// is estimated, so a level that follows a random walk does not make the extrapolated trend five times as noisy (on
/// the NAB subset 96 steps ahead, before differences were clipped: 0.81 with the gain kept, 0.89 with beta fixed).
/// Errors that persist are carried on: the forecast h steps ahead adds phi^h times the last (clipped) one-step error,
/// phi the errors' lag-1 autocorrelation (<see cref="ErrorAutocorrelation"/>), the AR(1) adjustment of exponential
/// smoothing (Taylor, "Short-term electricity demand forecasting using double seasonal exponential smoothing", JORS
/// 2003); the h-step variance loses phi^2h of the one-step variance. A seasonal model's slow level leaves a lasting
/// deviation in its errors: on the NAB subset the error over the last value's went from 0.96 to 0.82 one step ahead
/// and from 0.86 to 0.82 six steps ahead.
/// A season is taken only where its autocorrelation passes Bartlett's test at <see cref="PeriodSignificance"/>
/// standard errors (<see cref="PeriodDetector.Significance"/>), as in the detection ensemble's seasonal baseline.
/// Without the test 9 of 20 random walks of 20,000 samples had a period, and the forecaster's errors over the last
/// value's were 6.7, 3.3, 2.2 and 1.7 at 1, 6, 24 and 96 steps; with the test 3 of 20 and 2.0, 1.3, 1.2 and 1.4, with
/// 20 synthetic daily series and the NAB subset unchanged (README).
/// </remarks>
public sealed class SeasonalForecaster
{
    /// <summary>Default level smoothing.</summary>
    public const double DefaultAlpha = 0.2;

    /// <summary>Default trend smoothing.</summary>
    public const double DefaultBeta = 0.02;

    /// <summary>Default seasonal smoothing per cycle.</summary>
    public const double DefaultGamma = 0.2;

    /// <summary>Bartlett standard errors a season's autocorrelation must exceed (the one-sided 95% point).</summary>
    public const double PeriodSignificance = PeriodDetector.SeasonalitySignificance;

    /// <summary>Largest <see cref="ErrorAutocorrelation"/> used: an error that never fades is a level the model should
    /// learn, not one the forecast should carry on.</summary>
    public const double MaxErrorAutocorrelation = 0.98;

    /// <summary>
    /// Standard deviations (of the interval variance) beyond which a one-step error counts towards that variance only up
    /// to the bound, unless the error before it was within a factor of this (a change that lasts).
    /// </summary>
    /// <remarks>
    /// <para>Unbounded, one sample of 1,000 on a cycle of 288 samples (amplitude 10, uniform noise of standard deviation
    /// 0.29) widened the 12-step 95% interval from 1.3 to 625 at once and to 222 a hundred samples later, and one of
    /// 1e10 kept it at 2e5 a thousand samples later: the variance forgets at 2% a sample, so the interval narrows
    /// tenfold every 230 samples. Bounded at k standard deviations, one error raises the variance by at most 2% of
    /// k^2 - 1 of itself; at 8 (with the error before it a little beyond one deviation), the interval widens from 1.3 to
    /// 2.4 and is 1.45 wide a hundred samples later, whatever the size of the corrupt sample (ForecasterTests).</para>
    /// <para>An error within a factor of 8 of the one before it is not bounded: a change that lasts (a step of the
    /// level, a series that was constant and starts to move) is evidence about the spread to come, and its second error
    /// counts in full. A step of 20 in the same series widens the interval from 1.3 to 12.9 on its second sample.</para>
    /// <para>Eight standard deviations lie beyond the tails the intervals are built for (for Student-t errors with 3
    /// degrees of freedom, 0.2% of errors; for Laplace errors, 1e-5; for Gaussian ones, 1e-15), and the empirical
    /// multipliers (<see cref="ErrorQuantiles"/>) are relative to the variance, so coverage does not move: on the NAB
    /// development subset, the 20 random walks and the 20 synthetic daily series of the README, <c>backtest
    /// --forecast</c> gives the same coverage and errors within 0.2 points at 1, 6, 24 and 96 steps for bounds of 5, 8,
    /// 12 and 20 as without one.</para>
    /// </remarks>
    public const double IntervalErrorBound = 8.0;

    /// <summary>
    /// One-step errors in a row beyond the clipping bound (<see cref="SeasonalBaseline.OutlierBound"/> standard
    /// deviations), all on one side, after which the series is taken to have changed: at the last of them the level
    /// moves by that error (<see cref="HoltWintersBaseline.Shift"/>), from there the model learns the errors unclipped,
    /// and the standardised errors learned before are forgotten.
    /// </summary>
    /// <remarks>
    /// <para>The clipping bound grows with the clipped errors by at most 2% of 3^2 - 1 a sample, 16% of the variance, so
    /// a change far larger than the spread the model knows took hundreds of samples to be learned. Worst is a series
    /// that was constant: its error variance decays towards 0 without reaching it (4e-65 after 4,000 samples), and
    /// when such a series went from 7 to 57 the forecast stayed at 7 for 900 samples. It now follows from the 8th
    /// sample (ForecasterTests).</para>
    /// <para>Under the model an error beyond 3 standard deviations on a given side has probability 0.00135, so 8 in a
    /// row never happen by chance; shorter runs do happen on real series as bursts, which the model should not learn.
    /// On the NAB development subset (<c>backtest --forecast</c>, error over the last value's at 1, 6, 24 and 96
    /// steps; 0.821, 0.820, 0.788 and 0.821 without the rule) runs of 2 gave 0.860, 0.892, 0.833, 0.905; 3 gave 0.858,
    /// 0.885, 0.830, 0.899; 4 gave 0.801, 0.822, 0.791, 0.837; 6 gave 0.808, 0.819, 0.789, 0.834; 8 gave 0.813, 0.817,
    /// 0.784, 0.825 (0.814, 0.817, 0.784, 0.825 with the resets below); 12 gave 0.816, 0.817, 0.786, 0.822. The random
    /// walks and the daily series of the README do not change.</para>
    /// <para>What was learned from the errors before the change is dropped at it: the histograms of the standardised
    /// errors (<see cref="ErrorQuantiles"/>, <see cref="HorizonErrors"/>), so the intervals are Gaussian until they
    /// have learned again, and the errors' autocorrelation, with the error that completed the run, which the model
    /// learns rather than the forecast carrying it on. Kept, the histograms held what the constant stretch had taught
    /// them, errors of 0: the 95% interval of the series above, whose noise after the step has a standard deviation of
    /// 1, was 1.9 wide a hundred samples after the step. The autocorrelation of the stretch's tiny clipped errors, all
    /// of one sign, was the largest allowed, and the forecast after the change carried the whole step on a second time
    /// (107 for 57). On the NAB subset the reset moves the 80% coverage by 0.7 points or less and the 95% by 0.7 or
    /// less, downwards at each of the four horizons.</para>
    /// <para>The level takes the change at once, by the error that completed the run, rather than a share alpha of it a
    /// sample: learned as errors, a share of a step also went into Holt's trend, and a ramp of 0.5 a minute that stepped
    /// up by 100 had a trend of 2.2 ten samples later, its crossing of a threshold 880 minutes away predicted in 203
    /// (ForecasterTests). On the NAB development subset, with the trend's weight (<see cref="TrendWeight"/>), the error
    /// over the last value's 96 steps ahead is 0.659 with the shift and 0.646 without it (its bursts of more than 8
    /// samples end, and a level that took all of one is further off when they do); 0.697, 0.618 and 0.642 at 1, 6 and
    /// 24 steps against 0.697, 0.619 and 0.640.</para>
    /// <para>The intervals' variance has its own, faster rule (<see cref="IntervalErrorBound"/>): an interval that is
    /// too wide for a few samples after a burst costs little, a level learned from a burst biases every forecast for
    /// the level's memory.</para>
    /// </remarks>
    public const int LastingChangeRun = 8;

    private const double ErrorAlpha = 0.02;

    // Updates before the error variance is trusted to bound errors.
    private const int RobustWarmup = 30;

    private readonly PeriodDetector _detector;
    private WeeklyProfile _weekly;
    private readonly LocalLevelEstimator _localLevel;
    private HoltWintersBaseline _model;
    private SampleClock _clock;
    private double _errorVariance;
    private double _intervalVariance;
    private readonly ErrorQuantiles _errorQuantiles;
    private readonly HorizonErrors _horizonErrors;
    private TrendWeight _trendWeight = new();
    private double _lastError;
    private double _lastRawError;
    private int _exceedanceRun;
    private double _lagProduct;
    private double _lagSquare;

    /// <summary>Creates a forecaster.</summary>
    public SeasonalForecaster()
        : this(new PeriodDetector(128, PeriodSignificance), new LocalLevelEstimator(), new HoltWintersBaseline(1, DefaultAlpha, DefaultBeta, 0, DefaultGamma), default, 0, 0, new ErrorQuantiles(), new HorizonErrors())
    {
    }

    private SeasonalForecaster(
        PeriodDetector detector, LocalLevelEstimator localLevel, HoltWintersBaseline model, SampleClock clock, double errorVariance, double intervalVariance, ErrorQuantiles errorQuantiles, HorizonErrors horizonErrors)
    {
        _detector = detector;
        _localLevel = localLevel;
        _model = model;
        _clock = clock;
        _errorVariance = errorVariance;
        _intervalVariance = intervalVariance;
        _errorQuantiles = errorQuantiles;
        _horizonErrors = horizonErrors;
    }

    /// <summary>Detected seasonal period in samples (1 while none is known).</summary>
    public int Period => _model.Period;

    /// <summary>Samples seen.</summary>
    public long Samples => _clock.Samples;

    /// <summary>Current trend per sample.</summary>
    public double Trend => _model.Trend;

    /// <summary>The share of <see cref="Trend"/> the forecasts extrapolate: without a season the one its forecasts have
    /// earned (<see cref="Forecasting.TrendWeight"/>), with one all of it.</summary>
    public double TrendShare => _model.Period == 1 ? _trendWeight.Weight : 1;

    /// <summary>Adds one sample.</summary>
    public void Update(DateTimeOffset timestamp, double value) => Update(timestamp.ToUnixTimeMilliseconds(), value);

    /// <summary>Adds one sample whose timestamp is in Unix milliseconds.</summary>
    public void Update(long timestampMs, double value)
    {
        InputGuard.RequireSupported(value, nameof(value));
        var elapsed = _clock.Advance(timestampMs);
        var step = _clock.Step;
        var bound = double.PositiveInfinity;
        if (elapsed > 1)
        {
            _horizonErrors.Clear();
            _trendWeight.Clear();
        }

        _horizonErrors.Learn(step, value);
        _trendWeight.Learn(step, value);

        // A daily model forecasts the values less the day of the week's part (WeeklyProfile), where that part helps.
        var week = WeeklyAt(timestampMs);
        var predicted = _model.Predict(step, elapsed);
        var relevel = 0.0;
        if (_model.Updates > 1)
        {
            // Robust updating (see SeasonalBaseline.OutlierBound): once the error variance has settled, the model and
            // that variance learn from the error clipped at OutlierBound standard deviations, unless the errors beyond
            // it have lasted (LastingChangeRun); the intervals' variance from the error itself, unless it is a lone one
            // beyond IntervalErrorBound.
            var error = value - predicted - week;
            var adjusted = error - Carried(elapsed) * _lastError;
            var a = Math.Max(ErrorAlpha, 1.0 / _model.Updates);
            var robust = _model.Updates > RobustWarmup;
            var lastingChange = false;
            if (robust && _intervalVariance > 0)
            {
                // Standardised by the variance the intervals had when the forecast was made.
                _errorQuantiles.Add(adjusted / Math.Sqrt(Variance(1, ErrorAutocorrelation) * elapsed));
            }

            // Squares compared, not deviations: no square root per sample.
            var square = error * error;
            if (robust && _intervalVariance > 0)
            {
                var spread = Math.Max(_intervalVariance * elapsed, _lastRawError * _lastRawError);
                square = Math.Min(square, IntervalErrorBound * IntervalErrorBound * spread);
            }

            _lastRawError = error;
            _intervalVariance += a * (square / elapsed - _intervalVariance);
            if (robust && _errorVariance > 0)
            {
                bound = SeasonalBaseline.OutlierBound * Math.Sqrt(_errorVariance * elapsed);
                var side = error > bound ? 1 : error < -bound ? -1 : 0;
                _exceedanceRun = side == 0 ? 0 : Math.Sign(_exceedanceRun) == side ? _exceedanceRun + side : side;
                if (Math.Abs(_exceedanceRun) < LastingChangeRun)
                {
                    error = Math.Clamp(error, -bound, bound);
                }
                else
                {
                    bound = double.PositiveInfinity;
                    if (Math.Abs(_exceedanceRun) == LastingChangeRun)
                    {
                        // The errors learned so far (their autocorrelation, their standardised distribution) describe
                        // the series before the change, and this one is learned by the model, not carried on.
                        lastingChange = true;
                        relevel = error;
                        _errorQuantiles.Reset();
                        _horizonErrors.Reset();
                        _trendWeight.Clear();
                        _lagProduct = 0;
                        _lagSquare = 0;
                    }
                }
            }

            _errorVariance += a * (error * error / elapsed - _errorVariance);

            // The errors' lag-1 autocorrelation, from the clipped errors over the error variance's memory; a gap or a
            // change breaks the pair.
            if (elapsed == 1 && !lastingChange)
            {
                _lagProduct += a * (error * _lastError - _lagProduct);
                _lagSquare += a * (_lastError * _lastError - _lagSquare);
            }

            _lastError = lastingChange ? 0 : error;
        }

        // Without a season the level follows the series as fast as its differences say it wanders (see
        // LocalLevelEstimator), never slower than the default. A season, once taken, is kept, and so are its
        // smoothing constants: the estimate is no longer needed.
        if (_model.Period == 1)
        {
            _localLevel.Update(value, elapsed);
            _model.Alpha = _localLevel.Alpha(DefaultAlpha);
            _model.Beta = DefaultAlpha * DefaultBeta / _model.Alpha;
        }

        if (WeeklyProfile.IsDaily(_model.Period, _clock.IntervalMs))
        {
            // The profile learns what the daily model leaves, at most the model's own error bound away from what it
            // expected (robust, as the model's updates are); the model learns the values less the profile's part.
            var limit = double.IsFinite(bound) ? bound : SeasonalBaseline.OutlierBound * Math.Sqrt(_errorVariance * elapsed);
            _weekly.Update(timestampMs, value - predicted, _clock.IntervalMs, limit > 0 ? limit : double.PositiveInfinity);
        }

        if (relevel != 0)
        {
            // A lasting change moves the level, at once and by all of it: learned as an error, Holt's trend took a
            // share of it too and extrapolated a step as a slope for a hundred samples and more.
            _model.Shift(relevel);
        }

        _model.Update(step, value - week, elapsed, bound);

        _detector.SpanAtInterval(_clock.IntervalMs);
        var changed = _detector.Update(value, elapsed, _clock.StepMs);

        if (changed && _detector.Period >= 2 && _detector.Period != _model.Period)
        {
            // With a season the level must move slower than the season itself, or level and trend absorb the
            // cycle and the trend extrapolates half a wave: smoothing is capped at a few periods' memory.
            var period = _detector.Period;
            _model = new HoltWintersBaseline(period, Math.Min(DefaultAlpha, 4.0 / period), Math.Min(DefaultBeta, 0.5 / period), DefaultGamma, DefaultGamma);
            // Its trend is seeded from the history's cycles: a slow trend gain would take days to learn a fill.
            _model.Initialize(_detector.History, _detector.Resolution, step, Math.Sqrt(_errorVariance), CycleTrend(_detector.History, _detector.Resolution, period), _detector.Origin);
            _lastError = 0;
        }

        // The forecasts whose errors the intervals far ahead learn from, once the one-step ones are trusted.
        if (_model.Updates > RobustWarmup && _intervalVariance > 0)
        {
            for (var k = 0; k < HorizonErrors.Horizons.Length; k++)
            {
                if (!HorizonErrors.IsOrigin(k, step))
                {
                    continue;
                }

                var h = HorizonErrors.Horizons[k];
                var carried = Carried(h);
                _horizonErrors.Remember(k, step, Expect(step + h, h, carried), Math.Sqrt(Variance(h, carried)));
            }

            // Only the model without a season extrapolates by the trend's share (TrendShare); a seasonal one keeps it all.
            if (_model.Period == 1 && TrendWeight.IsOrigin(step))
            {
                const int h = TrendWeight.Horizon;
                _trendWeight.Remember(step, WithoutTrend(step + h, h, Carried(h)), h * _model.Trend);
            }
        }
    }

    /// <summary>
    /// The slope between the means of the first and the last cycle of <paramref name="blocks"/> (a period's worth of
    /// blocks each), in which whatever repeats every cycle cancels; 0 with fewer than two cycles' worth.
    /// </summary>
    /// <remarks>
    /// A seasonal model's trend gain is at most 0.5 / period, and a new model's trend started at 0: on a daily cycle
    /// (amplitude 10, unit noise) over a fill of 0.01 a minute, taken after 5.7 days, the trend was 0.002 at day 6 and
    /// the crossing of a threshold 4,452 minutes away was predicted at 6,158; seeded from the history, the trend is
    /// 0.0100 and the crossing 4,461 (ForecasterTests). NAB, the synthetic daily and weekly series and the walks are as
    /// before within 0.005 (README, "The trend's share").
    /// </remarks>
    private static double CycleTrend(ReadOnlySpan<float> blocks, int resolution, int period)
    {
        var perCycle = (int)Math.Round((double)period / resolution);
        if (perCycle < 1 || blocks.Length < 2 * perCycle)
        {
            return 0;
        }

        double first = 0, last = 0;
        for (var i = 0; i < perCycle; i++)
        {
            first += blocks[i];
            last += blocks[blocks.Length - perCycle + i];
        }

        return (last - first) / perCycle / ((double)(blocks.Length - perCycle) * resolution);
    }

    /// <summary>
    /// The lag-1 autocorrelation of the model's one-step errors, between 0 and <see cref="MaxErrorAutocorrelation"/>:
    /// the share of the last error that the forecast h steps ahead carries on, to the power h.
    /// </summary>
    public double ErrorAutocorrelation => _lagSquare > 0 ? Math.Clamp(_lagProduct / _lagSquare, 0, MaxErrorAutocorrelation) : 0;

    /// <summary>phi^h, the share of the last error still there <paramref name="h"/> steps later (by repeated squaring:
    /// Math.Pow tripled the cost of an update).</summary>
    private double Carried(int h)
    {
        var phi = ErrorAutocorrelation;
        if (phi == 0)
        {
            return 0;
        }

        var carried = 1.0;
        for (var n = h; n > 0; n >>= 1, phi *= phi)
        {
            if ((n & 1) != 0)
            {
                carried *= phi;
            }
        }

        return carried;
    }

    /// <summary>The model's forecast for <paramref name="targetStep"/>, <paramref name="h"/> steps after the last sample,
    /// plus the part <paramref name="carried"/> (phi^h) of the last error that persists that long, with the share of the
    /// trend it extrapolates (<see cref="TrendShare"/>).</summary>
    private double Expect(long targetStep, int h, double carried) =>
        WithoutTrend(targetStep, h, carried) + TrendShare * h * _model.Trend;

    /// <summary><see cref="Expect"/> without the trend's part.</summary>
    private double WithoutTrend(long targetStep, int h, double carried) =>
        _model.Level + _model.SeasonAt(targetStep) + WeeklyAt(_clock.LastTimestampMs + (long)(h * _clock.IntervalMs)) + carried * _lastError;

    /// <summary>The day of the week's part of the value at <paramref name="timestampMs"/>: the weekly profile's, when the
    /// period is a day and the profile helps, otherwise 0.</summary>
    private double WeeklyAt(long timestampMs) =>
        _weekly.Helps && WeeklyProfile.IsDaily(_model.Period, _clock.IntervalMs) ? _weekly.At(timestampMs) : 0;

    /// <summary>The variance of the error <paramref name="h"/> steps ahead; <paramref name="carried"/> is phi^h.</summary>
    private double Variance(int h, double carried)
    {
        // The trend's share of the variance is that of the part of it the forecast extrapolates (TrendShare).
        double a = _model.Alpha, b = _model.Beta * TrendShare;
        var m = _model.Period;
        var g = m > 1 ? _model.Gamma * _model.Buckets / m : 0;
        var k = m > 1 ? (h - 1) / m : 0;
        var v = 1 + (h - 1) * (a * a + a * b * h + b * b * h * (2.0 * h - 1) / 6) + g * k * (2 * a + g + b * m * (k + 1));
        // Carrying the last error on removes phi^2h of the one-step variance from the h-step error's (exact at h = 1).
        return _intervalVariance * (v - carried * carried);
    }

    /// <summary>Forecasts the next <paramref name="horizonSteps"/> samples with intervals at <paramref name="confidence"/>.</summary>
    public IReadOnlyList<ForecastPoint> Forecast(int horizonSteps, double confidence = 0.95)
    {
        if (horizonSteps < 1 || horizonSteps > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(horizonSteps), horizonSteps, "Forecast horizon must be between 1 and 1,000,000 steps.");
        }

        var z = Multipliers(confidence);
        var points = new ForecastPoint[horizonSteps];
        for (var h = 1; h <= horizonSteps; h++)
        {
            points[h - 1] = Point(h, z);
        }

        return points;
    }

    /// <summary>The interval multipliers at <paramref name="confidence"/>: one step ahead, then at each of
    /// <see cref="HorizonErrors.Horizons"/>.</summary>
    private double[] Multipliers(double confidence)
    {
        var z = new double[1 + HorizonErrors.Horizons.Length];
        z[0] = _errorQuantiles.Multiplier(confidence);
        for (var k = 0; k < HorizonErrors.Horizons.Length; k++)
        {
            z[k + 1] = _horizonErrors.At(k).Multiplier(confidence);
        }

        return z;
    }

    private ForecastPoint Point(int h, double[] z)
    {
        var carried = Carried(h);
        var value = Expect(_clock.Step + h, h, carried);
        var half = HorizonErrors.Interpolate(h, z[0], z.AsSpan(1)) * Math.Sqrt(Variance(h, carried));
        var when = DateTimeOffset.FromUnixTimeMilliseconds(_clock.LastTimestampMs + (long)(h * _clock.IntervalMs));
        return new ForecastPoint(when, h, value, value - half, value + half);
    }

    /// <summary>
    /// Predicts when the series will cross <paramref name="threshold"/> (upwards if it is above the current level,
    /// downwards otherwise), searching up to <paramref name="maxHorizonSteps"/> ahead; null when the point forecast
    /// does not cross within that horizon or there is not enough history.
    /// </summary>
    public ThresholdCrossing? TimeToThreshold(double threshold, int maxHorizonSteps = 10_000, double confidence = 0.95)
    {
        InputGuard.RequireFinite(threshold, nameof(threshold));
        if (maxHorizonSteps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxHorizonSteps), maxHorizonSteps, "Horizon must be at least one step.");
        }

        if (_clock.Samples < 3 || _clock.IntervalMs <= 0)
        {
            return null;
        }

        var z = Multipliers(confidence);
        var rising = threshold >= _model.Level;
        int? earliest = null, latest = null;
        for (var h = 1; h <= maxHorizonSteps; h++)
        {
            var p = Point(h, z);
            var near = rising ? p.Upper >= threshold : p.Lower <= threshold;
            var point = rising ? p.Value >= threshold : p.Value <= threshold;
            var far = rising ? p.Lower >= threshold : p.Upper <= threshold;
            earliest ??= near ? h : null;
            latest ??= far ? h : null;
            if (point)
            {
                // Keep looking a little for the far edge so that the interval has an end when it is near.
                for (var f = h; latest is null && f <= Math.Min(maxHorizonSteps, 4 * h); f++)
                {
                    var q = Point(f, z);
                    latest = (rising ? q.Lower >= threshold : q.Upper <= threshold) ? f : null;
                }

                var at = DateTimeOffset.FromUnixTimeMilliseconds(_clock.LastTimestampMs);
                var interval = _clock.IntervalMs;
                return new ThresholdCrossing(
                    at.AddMilliseconds(h * interval),
                    at.AddMilliseconds((earliest ?? h) * interval),
                    latest is null ? null : at.AddMilliseconds(latest.Value * interval),
                    h,
                    TimeSpan.FromMilliseconds(h * interval));
            }
        }

        return null;
    }

    /// <summary>Captures the state.</summary>
    public ForecasterSnapshot Snapshot()
    {
        var (pending, histograms) = _horizonErrors.Snapshot();
        return new()
        {
            Version = AnomalyDetectorEnsemble.SnapshotVersion,
            Detector = _detector.Snapshot(),
            LocalLevel = _localLevel.Snapshot(),
            Weekly = _weekly.Snapshot(),
            Model = _model.Snapshot(),
            LastTimestampMs = _clock.LastTimestampMs,
            IntervalMs = _clock.IntervalMs,
            Step = _clock.Step,
            Samples = _clock.Samples,
            OriginMs = _clock.OriginMs,
            OriginStep = _clock.OriginStep,
            ErrorVariance = _errorVariance,
            IntervalVariance = _intervalVariance,
            ErrorHistogram = _errorQuantiles.Snapshot(),
            LastError = _lastError,
            LastRawError = _lastRawError,
            ExceedanceRun = _exceedanceRun,
            LagProduct = _lagProduct,
            LagSquare = _lagSquare,
            HorizonPending = pending,
            HorizonHistograms = histograms,
            TrendWeight = _trendWeight.Snapshot(),
        };
    }

    /// <summary>Recreates a forecaster from a snapshot.</summary>
    public static SeasonalForecaster Restore(ForecasterSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Version != AnomalyDetectorEnsemble.SnapshotVersion)
        {
            throw new ArgumentException($"Forecaster snapshot version {snapshot.Version} is not supported.", nameof(snapshot));
        }

        var clock = SampleClock.Restore(snapshot.LastTimestampMs, snapshot.IntervalMs, snapshot.Step, snapshot.Samples, snapshot.OriginMs, snapshot.OriginStep);
        // Snapshots from before the period test carry none; the forecaster tests from now on.
        var detector = PeriodDetector.RestoreTested(snapshot.Detector);
        var localLevel = snapshot.LocalLevel is null ? new LocalLevelEstimator() : LocalLevelEstimator.Restore(snapshot.LocalLevel);
        return new SeasonalForecaster(detector, localLevel, HoltWintersBaseline.Restore(snapshot.Model), clock, snapshot.ErrorVariance,
            snapshot.IntervalVariance > 0 ? snapshot.IntervalVariance : snapshot.ErrorVariance, ErrorQuantiles.Restore(snapshot.ErrorHistogram),
            HorizonErrors.Restore(snapshot.HorizonPending, snapshot.HorizonHistograms))
        {
            // Snapshots from before the error autocorrelation have zeros here: none is assumed until it is learned.
            _lastError = snapshot.LastError,
            _lastRawError = snapshot.LastRawError,
            _exceedanceRun = snapshot.ExceedanceRun,
            _lagProduct = snapshot.LagProduct,
            _lagSquare = snapshot.LagSquare,

            // Snapshots from before the weekly profile start it afresh.
            _weekly = snapshot.Weekly is null ? default : WeeklyProfile.Restore(snapshot.Weekly),

            // Snapshots from before the trend weight learn it afresh, extrapolating the whole trend until then.
            _trendWeight = TrendWeight.Restore(snapshot.TrendWeight),
        };
    }
}
