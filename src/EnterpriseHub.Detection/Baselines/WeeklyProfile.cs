namespace EnterpriseHub.Detection.Baselines;

/// <summary>
/// The part of a daily series' departures from its daily expectation that depends on the day of the week (a quiet
/// Sunday, a busy Monday morning): a smoothed profile of the departures over the week, by timestamp, in
/// <see cref="Buckets"/> buckets interpolated between their centres. It is used only where it predicts the departures
/// better than no profile does (<see cref="Helps"/>), so a series without a weekly rhythm is judged as before.
/// </summary>
/// <remarks>
/// <para>A daily seasonal model averages the days of the week: to it a public holiday on a Thursday looks like a Sunday,
/// which it has seen every week. A weekly period in place of the daily one would need the week's 2,016 five-minute
/// samples in the model's 64 buckets (2.6 hours each, which smears every daily feature), so the week is modelled as a
/// correction to the daily model instead: the additive decomposition of multiple seasonalities (as in MSTL or TBATS),
/// learned online. The anomaly ensemble's profile learns the departures from the daily model's shape at a level with a
/// day's memory, whose fast level follows a quiet day within hours (<see cref="WeeklyExpectation"/>). The forecaster,
/// which extrapolates its level a day or two ahead, learns the values less the profile's part (backfitting), so that
/// its level is not Friday's on Saturday: a forecast from Friday evening then expects the weekend
/// (SeasonalForecaster).</para>
/// <para>Each bucket is an exponentially smoothed mean of the departures that fall in it, weighted by the sample's
/// distance from the bucket centre, with <see cref="WeeklyGamma"/> per week of data, or the running mean over the
/// weeks so far while those are fewer than 1 / <see cref="WeeklyGamma"/>. The profile is timestamp-based, so it
/// keeps the day of the week through gaps and irregular sampling.</para>
/// <para>On the NAB development subset it finds Thanksgiving in nyc_taxi (half-hourly taxi passengers, whose daily
/// period is found by the detector): own alerts 51.6 -> 53.3 at medium with one more false-alarm episode (Labor Day,
/// which is unlabelled), five-grid mean 77.84 / 51.62 -> 78.00 / 53.32 (at high 76.64 / 54.82 -> 75.72 / 56.64:
/// Christmas alerts and its episode masks New Year's Eve). Over 40 synthetic series of 12 weeks of half-hourly
/// traffic whose daytime rise over the night is 40% smaller at weekends, a Thursday that is as quiet is found in 23
/// instead of 0, with no false alert either way. (Those figures are from when the ensemble added the profile, learned
/// from what the daily model left, to that model's expectation; in five-minute data it then did little, since the
/// daily model's level follows a quiet day within two hours: <see cref="WeeklyExpectation"/>.)</para>
/// A struct, so that it lives inside the ensemble's own object.
/// </remarks>
public struct WeeklyProfile
{
    /// <summary>Buckets per week: three hours each.</summary>
    public const int Buckets = 56;

    /// <summary>Milliseconds in a week.</summary>
    public const long WeekMs = 7 * 86_400_000L;

    /// <summary>Smoothing per week of data; the profile's memory is about 1 / this many weeks.</summary>
    public const double WeeklyGamma = 0.3;

    /// <summary>Weeks of data before the profile may be used.</summary>
    public const double MinWeeks = 1;

    /// <summary>
    /// The profile is used when its mean absolute error is at most this share of the departures' own mean size: a
    /// profile that only fits noise never gets there, and one that helps a little does not flip on and off.
    /// </summary>
    /// <remarks>On the NAB development subset at high sensitivity, taking it whenever its error was smaller (a share of
    /// 1) lost a window of Twitter_volume_PFE at the optimised threshold (five-grid mean 75.72 -> 73.92); medium and low
    /// give the same figures either way.</remarks>
    public const double RequiredShare = 0.9;

    /// <summary>How far a period may be from a day, as a share of it, and still count as one: the period detector finds
    /// 285 to 289 five-minute samples in NAB's tweet counts.</summary>
    public const double DailyTolerance = 0.05;

    private const double BucketMs = (double)WeekMs / Buckets;

    /// <summary>Weeks of data over which predictions are compared (the profile's with none here, the weekly expectation's
    /// with the daily model's in <see cref="WeeklyExpectation"/>): the memory of their smoothed errors.</summary>
    public const double ComparisonWeeks = 2;

    private WeeklyBuckets _profile;
    private double _weeks;
    private double _plainError;
    private double _profileError;

    /// <summary>Weeks of data learned.</summary>
    public readonly double Weeks => _weeks;

    /// <summary>
    /// Whether the profile predicts the departures clearly better than none: its mean absolute error over about the
    /// last two weeks is at most <see cref="RequiredShare"/> of the departures' own mean absolute size, after at least
    /// <see cref="MinWeeks"/> of data.
    /// </summary>
    public readonly bool Helps => _weeks >= MinWeeks && _profileError <= RequiredShare * _plainError;

    /// <summary>Whether <paramref name="period"/> samples <paramref name="intervalMs"/> apart make a day, within
    /// <see cref="DailyTolerance"/>: the periods a weekly profile belongs with.</summary>
    public static bool IsDaily(int period, double intervalMs) =>
        period > 1 && Math.Abs(period * intervalMs / 86_400_000.0 - 1) < DailyTolerance;

    /// <summary>The expected departure at <paramref name="timestampMs"/> (Unix ms).</summary>
    public readonly double At(long timestampMs)
    {
        var (i, f) = Position(timestampMs);
        return Interpolate(i, f);
    }

    /// <summary>The profile between bucket <paramref name="i"/> and the next, at <paramref name="f"/> of the way.</summary>
    private readonly double Interpolate(int i, double f)
    {
        ReadOnlySpan<float> profile = _profile;
        return (1 - f) * profile[i] + f * profile[(i + 1) % Buckets];
    }

    /// <summary>
    /// Learns the <paramref name="departure"/> from the daily expectation observed at <paramref name="timestampMs"/>,
    /// at most <paramref name="maxError"/> away from what the profile expected there (robust learning, as
    /// <see cref="HoltWintersBaseline.Update"/> clips its error, so that an anomaly does not teach the week);
    /// <paramref name="intervalMs"/> is the series' sampling interval, the share of a week each sample stands for.
    /// </summary>
    public void Update(long timestampMs, double departure, double intervalMs, double maxError = double.PositiveInfinity)
    {
        InputGuard.RequireFinite(departure, nameof(departure));
        if (!(intervalMs > 0))
        {
            return;
        }

        var (i, f) = Position(timestampMs);
        var expected = Interpolate(i, f);
        departure = Math.Clamp(departure, expected - maxError, expected + maxError);

        var share = Math.Min(1.0, intervalMs / WeekMs);
        var compare = Math.Min(1.0, share / ComparisonWeeks);
        _plainError += compare * (Math.Abs(departure) - _plainError);
        _profileError += compare * (Math.Abs(departure - expected) - _profileError);

        // Smoothing per week, spread over the samples a bucket receives in a week.
        var weekly = Math.Max(WeeklyGamma, 1 / (1 + _weeks));
        var rate = Math.Min(1.0, weekly * intervalMs / BucketMs);
        var j = (i + 1) % Buckets;
        Span<float> profile = _profile;
        profile[i] += (float)(rate * (1 - f) * (departure - profile[i]));
        profile[j] += (float)(rate * f * (departure - profile[j]));
        _weeks += share;
    }

    /// <summary>The bucket whose centre is at or before the time of week, and the fraction of the way to the next.</summary>
    private static (int Bucket, double Fraction) Position(long timestampMs)
    {
        var x = ((timestampMs % WeekMs + WeekMs) % WeekMs) / BucketMs - 0.5;
        if (x < 0)
        {
            x += Buckets;
        }

        var i = (int)x;
        return (i % Buckets, x - i);
    }

    /// <summary>Captures the state.</summary>
    public readonly WeeklyProfileState Snapshot() => new()
    {
        Profile = ((ReadOnlySpan<float>)_profile).ToArray(),
        Weeks = _weeks,
        PlainError = _plainError,
        ProfileError = _profileError,
    };

    /// <summary>Recreates a profile from a snapshot.</summary>
    public static WeeklyProfile Restore(WeeklyProfileState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Profile.Length != Buckets)
        {
            throw new ArgumentException($"Weekly profile snapshot has {state.Profile.Length} buckets (expected {Buckets}).", nameof(state));
        }

        var p = new WeeklyProfile { _weeks = state.Weeks, _plainError = state.PlainError, _profileError = state.ProfileError };
        state.Profile.CopyTo((Span<float>)p._profile);
        return p;
    }
}

[System.Runtime.CompilerServices.InlineArray(WeeklyProfile.Buckets)]
internal struct WeeklyBuckets
{
    private float _first;
}

/// <summary>Serializable state of a <see cref="WeeklyProfile"/>.</summary>
public sealed class WeeklyProfileState
{
    /// <summary>Expected departure at each bucket's centre; bucket 0 starts on Thursday 00:00 UTC, the weekday of the
    /// Unix epoch.</summary>
    public float[] Profile { get; init; } = new float[WeeklyProfile.Buckets];

    /// <summary>Weeks of data learned.</summary>
    public double Weeks { get; init; }

    /// <summary>Smoothed mean absolute departure.</summary>
    public double PlainError { get; init; }

    /// <summary>Smoothed mean absolute error of the profile's predictions.</summary>
    public double ProfileError { get; init; }
}
