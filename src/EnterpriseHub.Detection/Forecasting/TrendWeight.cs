namespace EnterpriseHub.Detection.Forecasting;

/// <summary>
/// How much of the model's trend a forecast should extrapolate: the least-squares weight of the trend's part in the
/// forecasts <see cref="Horizon"/> steps ahead, learned from how those forecasts turned out.
/// </summary>
/// <remarks>
/// <para>Holt's trend is an exponentially smoothed slope over about a hundred samples, and over noise around a level it
/// is that noise's slope: extrapolated, it carried the forecast of white noise of standard deviation 5 off by 2.9 an
/// hour ahead and 5.9 three hours ahead in minute data, and by 57 three hours ahead in five-second data (2,160 steps).
/// On the NAB development subset forecasts without any trend in the model without a season erred less than with it at
/// every horizon (error over the last value's 0.721 -> 0.623 at 96 steps), but a ramp needs its trend (a disk filling
/// up).</para>
/// <para>A forecast is the part without the trend, f, plus w times the trend's part, T = h b. Over the forecasts made
/// <see cref="Horizon"/> steps ahead, the w that minimises the squared error is sum((x - f) T) / sum(T^2), the
/// combination weight of the two forecasts (Bates and Granger, "The combination of forecasts", 1969; as a regression,
/// Granger and Ramanathan 1984), clamped to [0, 1]. On a ramp x - f is the ramp's own rise and w is 1; over noise around
/// a level, or a random walk, the future departures do not follow the trend and w falls towards 0; a walk with drift
/// mu, whose trend estimate varies by s around it, gets mu^2 / (mu^2 + s^2), the trend's signal share. The sums are
/// exponentially weighted over about <see cref="Memory"/> forecasts; until <see cref="MinForecasts"/> have been scored
/// the whole trend is taken, as Holt's method does.</para>
/// <para>A forecast is kept every <see cref="Stride"/> steps, so at most 16 wait for their step; a gap drops them
/// (their steps will not all come).</para>
/// <para>Only the model without a season extrapolates by the weight (<see cref="SeasonalForecaster.TrendShare"/>). A
/// seasonal model's trend gain is at most 0.5 / period, so its trend is slow, and on a series that fills up by day it is
/// already too small (0.002 a minute for a fill of 0.01 over a daily cycle of amplitude 10): weighted by 0.86, the
/// crossing of a threshold 4,452 minutes away was predicted in 7,599 minutes instead of 6,158 (4,461 now that a new
/// seasonal model's trend is seeded from its history). On the NAB subset weighting the seasonal trends too made the
/// 96-step error 0.627 instead of 0.659.</para>
/// </remarks>
public sealed class TrendWeight
{
    /// <summary>Steps ahead of the forecasts the weight is learned from.</summary>
    public const int Horizon = 64;

    /// <summary>Steps between the forecasts kept.</summary>
    public const int Stride = 4;

    /// <summary>Forecasts scored before the weight is used.</summary>
    public const int MinForecasts = 16;

    /// <summary>Memory of the sums, in scored forecasts.</summary>
    public const int Memory = 200;

    private const int Slots = Horizon / Stride;

    private readonly double[] _pending;
    private double _cross;
    private double _square;
    private long _scored;

    /// <summary>Creates a weight with nothing learned (1 until <see cref="MinForecasts"/> forecasts are scored).</summary>
    public TrendWeight()
        : this(NewPending(), 0, 0, 0)
    {
    }

    private TrendWeight(double[] pending, double cross, double square, long scored)
    {
        _pending = pending;
        _cross = cross;
        _square = square;
        _scored = scored;
    }

    /// <summary>Forecasts scored so far.</summary>
    public long Scored => _scored;

    /// <summary>The share of the trend to extrapolate, from 0 to 1.</summary>
    public double Weight => _scored < MinForecasts || !(_square > 0) ? 1 : Math.Clamp(_cross / _square, 0, 1);

    /// <summary>Whether a forecast made at <paramref name="step"/> is one to keep.</summary>
    public static bool IsOrigin(long step) => step % Stride == 0;

    private static double[] NewPending()
    {
        var pending = new double[2 * Slots];
        pending.AsSpan().Fill(double.NaN);
        return pending;
    }

    // Targets pending at once are consecutive multiples of the stride within the horizon, so they never share a slot.
    private static int Slot(long targetStep) => 2 * (int)(targetStep / Stride % Slots);

    /// <summary>Scores the forecast made for <paramref name="step"/>, if any, against <paramref name="value"/>.</summary>
    public void Learn(long step, double value)
    {
        if (!IsOrigin(step))
        {
            return;
        }

        var slot = Slot(step);
        var withoutTrend = _pending[slot];
        var trendPart = _pending[slot + 1];
        _pending[slot] = double.NaN;
        if (!double.IsFinite(withoutTrend) || !double.IsFinite(trendPart))
        {
            return;
        }

        _scored++;
        var a = Math.Max(1.0 / _scored, 1.0 / Memory);
        _cross += a * ((value - withoutTrend) * trendPart - _cross);
        _square += a * (trendPart * trendPart - _square);
    }

    /// <summary>Keeps the forecast made at <paramref name="step"/> (an origin) for <see cref="Horizon"/> steps ahead, as
    /// its part without the trend and the trend's part.</summary>
    public void Remember(long step, double withoutTrend, double trendPart)
    {
        var slot = Slot(step + Horizon);
        _pending[slot] = withoutTrend;
        _pending[slot + 1] = trendPart;
    }

    /// <summary>Drops the forecasts waiting (a gap, or a change that makes them moot); what was learned stays.</summary>
    public void Clear() => _pending.AsSpan().Fill(double.NaN);

    /// <summary>Captures the state.</summary>
    public TrendWeightState Snapshot() => new() { Pending = (double[])_pending.Clone(), Cross = _cross, Square = _square, Scored = _scored };

    /// <summary>Recreates a weight from a snapshot; none (a snapshot from before it existed) starts afresh.</summary>
    public static TrendWeight Restore(TrendWeightState? state)
    {
        if (state is null)
        {
            return new TrendWeight();
        }

        if (state.Pending is not { Length: 2 * Slots } || state.Scored < 0)
        {
            throw new ArgumentException($"A trend weight must have {2 * Slots} pending values and a count of at least 0.", nameof(state));
        }

        return new TrendWeight((double[])state.Pending.Clone(), state.Cross, state.Square, state.Scored);
    }
}

/// <summary>Serializable state of a <see cref="TrendWeight"/>.</summary>
public sealed class TrendWeightState
{
    /// <summary>Pending forecasts: for each slot, the part without the trend and the trend's part (NaN when empty).</summary>
    public double[] Pending { get; init; } = [];

    /// <summary>Smoothed product of the error without the trend and the trend's part.</summary>
    public double Cross { get; init; }

    /// <summary>Smoothed square of the trend's part.</summary>
    public double Square { get; init; }

    /// <summary>Forecasts scored.</summary>
    public long Scored { get; init; }
}
