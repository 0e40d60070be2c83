using EnterpriseHub.Detection.Forecasting;
using Xunit;

namespace EnterpriseHub.Detection.Tests;

public sealed class HorizonErrorsTests
{
    [Fact]
    public void Multipliers_between_horizons_are_interpolated_linearly_in_steps()
    {
        ReadOnlySpan<double> kept = [1.0, 0.8, 0.5];
        Assert.Equal([4, 16, 64], HorizonErrors.Horizons);
        Assert.Equal(1.3, HorizonErrors.Interpolate(1, 1.3, kept));
        Assert.Equal(1.3 + 2.0 / 3 * (1.0 - 1.3), HorizonErrors.Interpolate(3, 1.3, kept), 12);
        Assert.Equal(1.0, HorizonErrors.Interpolate(4, 1.3, kept), 12);
        Assert.Equal(1.0 + 2.0 / 12 * (0.8 - 1.0), HorizonErrors.Interpolate(6, 1.3, kept), 12);
        Assert.Equal(0.8 + 8.0 / 48 * (0.5 - 0.8), HorizonErrors.Interpolate(24, 1.3, kept), 12);
        Assert.Equal(0.5, HorizonErrors.Interpolate(64, 1.3, kept), 12);
        Assert.Equal(0.5, HorizonErrors.Interpolate(1000, 1.3, kept));
    }

    [Fact]
    public void A_forecast_is_scored_when_its_step_comes_and_a_gap_drops_it()
    {
        var errors = new HorizonErrors();
        for (var step = 0L; step < 400; step++)
        {
            // Every step's value is 2 deviations above the forecast made for it 4 steps before.
            errors.Learn(step, 12);
            errors.Remember(0, step, 10, 1);
        }

        // 396 errors of exactly 2: all in the bin [2, 2.125), whose middle holds half of them.
        Assert.Equal((16 + 0.5) * ErrorQuantiles.BinWidth, errors.At(0).Multiplier(0.5), 9);
        Assert.Equal(0, errors.At(1).Total);

        // After a gap the forecasts made before it are not scored.
        var total = errors.At(0).Total;
        errors.Clear();
        errors.Learn(400, 12);
        Assert.Equal(total, errors.At(0).Total);
        errors.Remember(0, 400, 10, 1);
        errors.Learn(404, 12);
        Assert.True(errors.At(0).Total > total);
    }

    [Fact]
    public void Far_horizons_learn_from_every_few_forecasts_and_score_each_at_its_own_step()
    {
        // 64 steps ahead, at most 16 forecasts wait: one every 4 steps.
        Assert.Equal((1, 1, 4), (HorizonErrors.Stride(0), HorizonErrors.Stride(1), HorizonErrors.Stride(2)));
        Assert.True(HorizonErrors.IsOrigin(2, 8));
        Assert.False(HorizonErrors.IsOrigin(2, 9));

        var errors = new HorizonErrors();
        for (var step = 0L; step < 3_000; step++)
        {
            // The forecast made at each origin is off by (origin / 4 mod 5) - 2 deviations: -2, -1, 0, 1, 2 in turn.
            if (step >= 64 && HorizonErrors.IsOrigin(2, step - 64))
            {
                errors.Learn(step, 10 + ((step - 64) / 4 % 5) - 2);
            }
            else
            {
                errors.Learn(step, 0);
            }

            if (HorizonErrors.IsOrigin(2, step))
            {
                errors.Remember(2, step, 10, 1);
            }
        }

        // 734 errors, a fifth each at -2, -1, 0, 1 and 2: |e| is 0 for a fifth and 1 or 2 for two fifths each.
        Assert.Equal(0.2 / 0.2 * ErrorQuantiles.BinWidth, errors.At(2).Multiplier(0.2), 2);
        Assert.InRange(errors.At(2).Multiplier(0.5), 1.0, 1.0 + ErrorQuantiles.BinWidth);
        Assert.InRange(errors.At(2).Multiplier(0.9), 2.0, 2.0 + ErrorQuantiles.BinWidth);
        Assert.Equal(0, errors.At(0).Total);
    }

    [Fact]
    public void Far_ahead_intervals_hold_their_confidence_where_the_model_variance_overstates_the_errors()
    {
        // Noise around a constant level: the smoothed level's error 64 steps ahead is hardly larger than one step
        // ahead, while the ETS(A,N,N) variance grows by alpha^2 a step, 3.5 times at 64 steps. Intervals of the
        // one-step multiplier times that variance held 99% of the values at 80%.
        var random = new Random(21);
        var forecaster = new SeasonalForecaster();
        var pending = new Queue<ForecastPoint>();
        int held = 0, scored = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var value = 40 + SeriesFactory.Gaussian(random);
            if (pending.Count == 64)
            {
                var due = pending.Dequeue();
                if (i >= 4_000)
                {
                    held += value >= due.Lower && value <= due.Upper ? 1 : 0;
                    scored++;
                }
            }

            forecaster.Update(SeriesFactory.At(i), value);
            pending.Enqueue(forecaster.Forecast(64, 0.8)[^1]);
        }

        Assert.InRange(held / (double)scored, 0.77, 0.83);
    }
}
