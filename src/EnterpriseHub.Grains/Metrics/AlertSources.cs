using System.Globalization;
using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Abstractions.Services;
using EnterpriseHub.Detection;
using EnterpriseHub.Detection.Forecasting;
using EnterpriseHub.Grains.Monitoring;

namespace EnterpriseHub.Grains.Metrics;

/// <summary>One sample as the alert sources see it.</summary>
/// <param name="TimestampMs">Sample time.</param>
/// <param name="Value">Sample value.</param>
/// <param name="Detection">The ensemble's verdict on it.</param>
public readonly record struct SampleContext(long TimestampMs, double Value, DetectionResult Detection)
{
    /// <summary>Sample time as a <see cref="DateTimeOffset"/>.</summary>
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeMilliseconds(TimestampMs);
}

/// <summary>
/// A condition on a series with an alert lifecycle. <see cref="Holds"/> runs on every sample and must be cheap;
/// <see cref="Describe"/> runs only when the alert changes state.
/// </summary>
public abstract class AlertSource(string name, AlertLifecycle lifecycle)
{
    /// <summary>The alert name.</summary>
    public string Name { get; } = name;

    /// <summary>The lifecycle.</summary>
    public AlertLifecycle Lifecycle { get; } = lifecycle;

    /// <summary>The alert as last sent, for refreshes and the resolved notification.</summary>
    public Alert? Current { get; set; }

    /// <summary>True when the condition holds for this sample.</summary>
    public abstract bool Holds(in SampleContext sample);

    /// <summary>The alert's text and strength as of this sample.</summary>
    public abstract AlertDraft Describe(in SampleContext sample, ServiceTier tier);
}

/// <summary>
/// The ensemble's anomaly. It fires on the first sample whose score reaches the sensitivity's threshold (the
/// ensemble then withholds weaker evidence for the rest of the episode) and keeps firing while the ensemble says
/// the episode goes on (a stuck value inside the band) or the value stays outside the band the series had at the
/// onset: the live baseline adapts to a shifted level within minutes, but the operator's question is whether the
/// series is back to where it was. After <see cref="MaxEpisode"/> a lasting change is accepted as the new normal and the live band
/// decides. The alert resolves after <c>Monitoring:AnomalyResolveAfter</c> of normal samples.
/// </summary>
public sealed class AnomalySource(TimeSpan resolveAfter)
    : AlertSource("AnomalyDetected", new AlertLifecycle(TimeSpan.Zero, resolveAfter))
{
    /// <summary>How long an episode is judged against the band from before it.</summary>
    public static readonly TimeSpan MaxEpisode = TimeSpan.FromHours(1);

    private double _onsetLower = double.NegativeInfinity;
    private double _onsetUpper = double.PositiveInfinity;

    /// <inheritdoc />
    public override bool Holds(in SampleContext sample)
    {
        var d = sample.Detection;
        if (Lifecycle.State != AlertState.Firing)
        {
            if (d.IsAnomaly)
            {
                _onsetLower = d.Lower;
                _onsetUpper = d.Upper;
            }

            return d.IsAnomaly;
        }

        var longEpisode = Lifecycle.ActiveSince is { } since && sample.Time - since > MaxEpisode;
        var (lower, upper) = longEpisode ? (d.Lower, d.Upper) : (_onsetLower, _onsetUpper);
        return d.IsAnomaly || d.Sustains || sample.Value < lower || sample.Value > upper;
    }

    /// <inheritdoc />
    public override AlertDraft Describe(in SampleContext sample, ServiceTier tier)
    {
        var d = sample.Detection;
        // The band is the baseline's; the ensemble may also flag a value inside it (a new pattern, a flatline),
        // and the summary should not claim the value left a band it is in.
        var summary = sample.Value > d.Upper || sample.Value < d.Lower
            ? $"value {Format(sample.Value)} is {(sample.Value > d.Upper ? "above" : "below")} its expected band [{Format(d.Lower)}, {Format(d.Upper)}]"
            : $"value {Format(sample.Value)} is unusual for this series ({d.Component}; expected {Format(d.Expected)})";
        return new AlertDraft(
            Name,
            AlertKind.Anomaly,
            SeverityPolicy.ForAnomaly(d.Score, tier),
            d.Score,
            summary,
            $"The anomaly ensemble scored {d.Score:F2} ({d.Component}); expected {Format(d.Expected)}.");
    }

    internal static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}

/// <summary>A static threshold rule with <c>for</c> and <c>keep_firing_for</c>.</summary>
public sealed class ThresholdSource(ThresholdRule rule)
    : AlertSource(rule.AlertName, new AlertLifecycle(rule.For, rule.KeepFiringFor))
{
    /// <summary>The rule.</summary>
    public ThresholdRule Rule { get; } = rule;

    /// <inheritdoc />
    public override bool Holds(in SampleContext sample) => Rule.IsBreachedBy(sample.Value);

    /// <inheritdoc />
    public override AlertDraft Describe(in SampleContext sample, ServiceTier tier) => new(
        Name,
        AlertKind.Threshold,
        Rule.Severity ?? SeverityPolicy.Shift(AlertSeverity.High, tier),
        1.0,
        $"{Rule.Metric} is {AnomalySource.Format(sample.Value)} ({Rule.Text})",
        $"Rule '{Rule.Text}' holds since {Lifecycle.ActiveSince?.ToString("O", CultureInfo.InvariantCulture) ?? "now"}.");
}

/// <summary>Multi-window burn-rate alerts of one SLO: a page (fast burn) or a ticket (slow burn).</summary>
public sealed class SloBurnSource(SloBurnRateTracker tracker, bool fast)
    : AlertSource($"SLOBurnRate{(fast ? "Fast" : "Slow")}_{tracker.Slo.Name}", new AlertLifecycle(TimeSpan.Zero, TimeSpan.Zero))
{
    /// <summary>The tracker (shared by the fast and slow sources of one SLO).</summary>
    public SloBurnRateTracker Tracker { get; } = tracker;

    /// <inheritdoc />
    public override bool Holds(in SampleContext sample) => fast ? Tracker.FastBurnHolds : Tracker.SlowBurnHolds;

    /// <inheritdoc />
    public override AlertDraft Describe(in SampleContext sample, ServiceTier tier)
    {
        var (longWindow, shortWindow) = fast ? (TimeSpan.FromHours(1), TimeSpan.FromMinutes(5)) : (TimeSpan.FromHours(6), TimeSpan.FromMinutes(30));
        var slo = Tracker.Slo;
        var burnLong = Tracker.BurnRate(longWindow);
        return new AlertDraft(
            Name,
            AlertKind.SloBurnRate,
            fast ? AlertSeverity.Critical : SeverityPolicy.Shift(AlertSeverity.High, tier),
            Math.Min(1, burnLong / (fast ? SloBurnRateTracker.FastBurn : SloBurnRateTracker.SlowBurn) / 2 + 0.5),
            $"SLO '{slo.Name}' burns its error budget {burnLong:F1}x too fast",
            $"Burn rate {burnLong:F1} over {longWindow.TotalMinutes:F0} min and {Tracker.BurnRate(shortWindow):F1} over {shortWindow.TotalMinutes:F0} min; objective {slo.Objective:P2} of samples {(slo.LowerIsBad ? ">=" : "<=")} {AnomalySource.Format(slo.Threshold)}.");
    }
}

/// <summary>
/// A predicted breach: the series will cross an upper threshold within the horizon. Seasonal series (the
/// forecaster has found a period) use the Holt-Winters forecast; others a least-squares trend over the latest
/// samples (<see cref="LinearTrend"/>), which follows a new ramp within one window. The trend is evaluated on
/// every sample; the seasonal forecast, dearer, once a minute of sample time.
/// </summary>
public sealed class PredictiveSource(SeasonalForecaster forecaster, RecentPoints recent, int windowSamples, double threshold, string reason, TimeSpan horizon, double confidence, AlertLifecycle lifecycle)
    : AlertSource($"PredictedBreach_{AnomalySource.Format(threshold)}", lifecycle)
{
    private static readonly long s_evaluateEveryMs = (long)TimeSpan.FromMinutes(1).TotalMilliseconds;
    private readonly double _z = ZFor(confidence);
    private long _lastEvaluatedMs = long.MinValue;
    private PredictedBreach? _breach;

    /// <summary>The threshold watched.</summary>
    public double Threshold { get; } = threshold;

    /// <inheritdoc />
    public override bool Holds(in SampleContext sample)
    {
        if (sample.Value >= Threshold)
        {
            // Already breached: that is the threshold source's business, not a prediction.
            _breach = null;
            _lastEvaluatedMs = long.MinValue;
            return false;
        }

        if (forecaster.Period <= 1)
        {
            // A least-squares fit of a few dozen points costs less than the ensemble's update: every sample.
            _breach = FromTrend(sample);
        }
        else if (_lastEvaluatedMs == long.MinValue || sample.TimestampMs - _lastEvaluatedMs >= s_evaluateEveryMs)
        {
            _lastEvaluatedMs = sample.TimestampMs;
            _breach = FromForecast(sample);
        }

        return _breach is { } b && b.TimeToOccurrence <= horizon && b.Confidence >= confidence;
    }

    /// <inheritdoc />
    public override AlertDraft Describe(in SampleContext sample, ServiceTier tier)
    {
        var b = _breach!;
        return new AlertDraft(
            Name,
            AlertKind.Predictive,
            SeverityPolicy.ForPrediction(b.TimeToOccurrence, tier),
            b.Confidence,
            $"predicted to cross {AnomalySource.Format(Threshold)} in about {Humanize(b.TimeToOccurrence)}",
            $"Forecast crosses {AnomalySource.Format(Threshold)} ({reason}) at {b.PredictedAt:O}; interval {Humanize(b.Earliest)} to {(b.Latest is { } l ? Humanize(l) : "open-ended")} at {confidence:P0}.",
            b);
    }

    private PredictedBreach? FromTrend(in SampleContext sample)
    {
        Span<(long TimestampMs, double Value)> window = stackalloc (long, double)[Math.Min(windowSamples, 256)];
        var count = recent.CopyLatest(window);
        var crossing = LinearTrend.TimeToThreshold(window[..count], Threshold, horizon, _z);
        return crossing is null
            ? null
            : new PredictedBreach(Threshold, sample.Time + crossing.ExpectedIn, crossing.ExpectedIn, crossing.Earliest, crossing.Latest, crossing.ProbabilityWithin);
    }

    private PredictedBreach? FromForecast(in SampleContext sample)
    {
        var steps = StepsIn(horizon, sample.TimestampMs);
        var crossing = forecaster.TimeToThreshold(Threshold, steps, confidence);
        if (crossing is null)
        {
            return null;
        }

        var now = sample.Time;
        var earliest = crossing.Earliest - now;
        TimeSpan? latest = crossing.Latest is { } l ? l - now : null;
        // The interval is a `confidence` prediction interval; when its far end lies past the horizon, the crossing
        // within the horizon is less certain, in proportion to how much of the interval fits.
        var certainty = latest is { } late && late <= horizon ? confidence : confidence * (horizon - earliest) / ((latest ?? (horizon * 2)) - earliest);
        return new PredictedBreach(Threshold, crossing.Expected, crossing.ExpectedIn, earliest < TimeSpan.Zero ? TimeSpan.Zero : earliest, latest, Math.Clamp(certainty, 0, 1));
    }

    private int StepsIn(TimeSpan span, long lastTimestampMs)
    {
        // The forecaster's sampling interval, read off its one-step-ahead forecast.
        var next = forecaster.Forecast(1, confidence);
        var interval = next.Count == 0 ? 0 : next[0].Timestamp.ToUnixTimeMilliseconds() - lastTimestampMs;
        return interval <= 0 ? 1 : (int)Math.Clamp(span.TotalMilliseconds / interval, 1, 100_000);
    }

    private static double ZFor(double confidence)
    {
        // Two-sided normal quantile by bisection on the CDF: only at construction.
        double lo = 0, hi = 10;
        for (var i = 0; i < 60; i++)
        {
            var mid = (lo + hi) / 2;
            if (LinearTrend.NormalCdf(mid) - LinearTrend.NormalCdf(-mid) < confidence)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return (lo + hi) / 2;
    }

    internal static string Humanize(TimeSpan span) => span.TotalMinutes < 1
        ? $"{span.TotalSeconds:F0} s"
        : span.TotalHours < 2 ? $"{span.TotalMinutes:F0} min" : $"{span.TotalHours:F1} h";
}
