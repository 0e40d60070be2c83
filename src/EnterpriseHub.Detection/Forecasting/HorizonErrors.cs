namespace EnterpriseHub.Detection.Forecasting;

/// <summary>
/// The realised errors of forecasts made several steps ahead (<see cref="Horizons"/>), each standardised by the
/// standard deviation its interval had, so that intervals far ahead take their width from how far off such forecasts
/// turned out to be, as one-step intervals do from the one-step errors (<see cref="ErrorQuantiles"/>).
/// </summary>
/// <remarks>
/// <para>The model's variance at horizon h is that of the ETS model (<see cref="SeasonalForecaster"/>), which grows with
/// h as if the model were the process. Real series revert more than the model assumes: on the NAB development subset
/// the 80% intervals held 84% of the values 24 steps ahead and 88% 96 steps ahead with one-step multipliers, and hold
/// 81.6% and 84.0% with these. The empirical intervals of Williams and Goodman (1971) use the errors at the horizon
/// itself.</para>
/// <para>Horizon h learns from the forecasts made every h / 16 steps (every step for h up to 16), so that at most
/// <see cref="PendingPerHorizon"/> wait for their step at any time: value and standard deviation, kept by the step
/// they are for. Far horizons therefore learn from fewer forecasts, 1 in 4 at 64, at no cost in accuracy:
/// consecutive forecasts that far ahead err alike (keeping all 84 held 84.7% at 96 steps on the NAB subset, these 48
/// 84.0%). A gap in the series drops the pending forecasts, as their steps will not all come.</para>
/// <para>A horizon between two kept ones takes the multiplier interpolated linearly in steps, and one beyond the
/// longest that of the longest. (Interpolated in log steps between 1 and 8, the 80% intervals held 78.4% six steps
/// ahead of noise around a level, where the true multiplier falls slowly at first; linearly, 80.0%.)</para>
/// </remarks>
public sealed class HorizonErrors
{
    /// <summary>Horizons, in steps, whose realised errors are kept (one step is the forecaster's own).</summary>
    public static readonly int[] Horizons = [4, 16, 64];

    /// <summary>Forecasts waiting for their step, at most, per horizon.</summary>
    public const int PendingPerHorizon = 16;

    private readonly double[] _pending;
    private readonly ErrorQuantiles[] _quantiles;

    /// <summary>Creates an empty record.</summary>
    public HorizonErrors()
        : this(NewPending(), [.. Horizons.Select(_ => new ErrorQuantiles())])
    {
    }

    private HorizonErrors(double[] pending, ErrorQuantiles[] quantiles)
    {
        _pending = pending;
        _quantiles = quantiles;
    }

    private static double[] NewPending()
    {
        var pending = new double[2 * PendingPerHorizon * Horizons.Length];
        pending.AsSpan().Fill(double.NaN);
        return pending;
    }

    /// <summary>The errors learned at horizon <see cref="Horizons"/>[<paramref name="index"/>].</summary>
    public ErrorQuantiles At(int index) => _quantiles[index];

    /// <summary>Steps between the forecasts horizon <see cref="Horizons"/>[<paramref name="index"/>] learns from.</summary>
    public static int Stride(int index) => Math.Max(1, Horizons[index] / PendingPerHorizon);

    /// <summary>Whether a forecast made at <paramref name="step"/> for horizon <see cref="Horizons"/>[<paramref name="index"/>]
    /// is one to remember.</summary>
    public static bool IsOrigin(int index, long step) => step % Stride(index) == 0;

    // The slot of the forecast for targetStep at horizon k: targets pending at once are consecutive multiples of the
    // stride within h steps, at most PendingPerHorizon of them, so they never share a slot.
    private static int Slot(int k, long targetStep) => 2 * (k * PendingPerHorizon + (int)(targetStep / Stride(k) % PendingPerHorizon));

    /// <summary>Scores the forecasts that were made for <paramref name="step"/> against <paramref name="value"/>.</summary>
    public void Learn(long step, double value)
    {
        for (var k = 0; k < Horizons.Length; k++)
        {
            // Only origins' targets are pending, and they are origins too (h is a multiple of the stride).
            if (!IsOrigin(k, step))
            {
                continue;
            }

            var slot = Slot(k, step);
            var forecast = _pending[slot];
            var deviation = _pending[slot + 1];
            if (double.IsFinite(forecast) && deviation > 0)
            {
                _quantiles[k].Add((value - forecast) / deviation);
            }

            _pending[slot] = double.NaN;
        }
    }

    /// <summary>Keeps the forecast made at <paramref name="step"/> (an origin, <see cref="IsOrigin"/>) for
    /// <see cref="Horizons"/>[<paramref name="index"/>] steps ahead, with the standard deviation of its interval.</summary>
    public void Remember(int index, long step, double forecast, double deviation)
    {
        var slot = Slot(index, step + Horizons[index]);
        _pending[slot] = forecast;
        _pending[slot + 1] = deviation;
    }

    /// <summary>Drops every pending forecast (a gap: their steps will not all come).</summary>
    public void Clear() => _pending.AsSpan().Fill(double.NaN);

    /// <summary>Forgets the forecasts waiting and the errors learned at every horizon.</summary>
    public void Reset()
    {
        Clear();
        foreach (var q in _quantiles)
        {
            q.Reset();
        }
    }

    /// <summary>
    /// The interval half-width in standard deviations at <paramref name="h"/> steps ahead, given the one-step multiplier
    /// <paramref name="oneStep"/> and the multipliers <paramref name="kept"/> of <see cref="Horizons"/> at the same
    /// confidence: interpolated linearly in h between neighbours, the longest's beyond it.
    /// </summary>
    public static double Interpolate(int h, double oneStep, ReadOnlySpan<double> kept)
    {
        double lowH = 1, low = oneStep;
        for (var k = 0; k < Horizons.Length; k++)
        {
            if (h <= Horizons[k])
            {
                var t = (h - lowH) / (Horizons[k] - lowH);
                return low + t * (kept[k] - low);
            }

            lowH = Horizons[k];
            low = kept[k];
        }

        return low;
    }

    /// <summary>The pending forecasts and the histograms, for a snapshot.</summary>
    public (double[] Pending, float[][] Histograms) Snapshot() => ((double[])_pending.Clone(), [.. _quantiles.Select(q => q.Snapshot())]);

    /// <summary>Recreates the record from <see cref="Snapshot"/>'s parts; empty ones (a snapshot from before it existed)
    /// start afresh.</summary>
    public static HorizonErrors Restore(double[]? pending, float[][]? histograms)
    {
        if (pending is not { Length: > 0 } || histograms is not { Length: > 0 })
        {
            return new HorizonErrors();
        }

        if (pending.Length != 2 * PendingPerHorizon * Horizons.Length || histograms.Length != Horizons.Length)
        {
            throw new ArgumentException(
                $"Horizon errors must have {2 * PendingPerHorizon * Horizons.Length} pending values and {Horizons.Length} histograms.", nameof(pending));
        }

        return new HorizonErrors((double[])pending.Clone(), [.. histograms.Select(ErrorQuantiles.Restore)]);
    }
}
