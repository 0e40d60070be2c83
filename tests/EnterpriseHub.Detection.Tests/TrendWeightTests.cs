using EnterpriseHub.Detection.Forecasting;
using Xunit;

namespace EnterpriseHub.Detection.Tests;

public sealed class TrendWeightTests
{
    [Fact]
    public void The_weight_is_the_least_squares_share_of_the_trend_part_that_came_true()
    {
        // Every forecast's trend part is 10; what came on top of the part without the trend is 4 and 6 in turn, so
        // sum((x - f) T) / sum(T^2) = 5 / 10. Before MinForecasts are scored the whole trend is taken.
        var weight = new TrendWeight();
        var step = 0L;
        for (; weight.Scored < TrendWeight.MinForecasts - 1; step++)
        {
            weight.Learn(step, step / TrendWeight.Stride % 2 == 0 ? 104 : 106);
            if (TrendWeight.IsOrigin(step))
            {
                weight.Remember(step, 100, 10);
            }
        }

        Assert.Equal(1.0, weight.Weight);
        for (; weight.Scored < 400; step++)
        {
            weight.Learn(step, step / TrendWeight.Stride % 2 == 0 ? 104 : 106);
            if (TrendWeight.IsOrigin(step))
            {
                weight.Remember(step, 100, 10);
            }
        }

        Assert.Equal(0.5, weight.Weight, 2);
    }

    [Theory]
    [InlineData(-3.0, 0.0)]
    [InlineData(25.0, 1.0)]
    public void The_weight_stays_between_none_and_all_of_the_trend(double cameTrue, double expected)
    {
        var weight = new TrendWeight();
        for (var step = 0L; weight.Scored < 100; step++)
        {
            weight.Learn(step, 100 + cameTrue);
            if (TrendWeight.IsOrigin(step))
            {
                weight.Remember(step, 100, 10);
            }
        }

        Assert.Equal(expected, weight.Weight);
    }

    [Fact]
    public void A_gap_drops_the_forecasts_waiting_and_keeps_what_was_learned()
    {
        var weight = new TrendWeight();
        for (var step = 0L; step < 400; step++)
        {
            weight.Learn(step, 105);
            if (TrendWeight.IsOrigin(step))
            {
                weight.Remember(step, 100, 10);
            }
        }

        var (scored, learned) = (weight.Scored, weight.Weight);
        weight.Clear();
        for (var step = 400L; step < 400 + TrendWeight.Horizon; step++)
        {
            weight.Learn(step, 105);
        }

        Assert.Equal((scored, learned), (weight.Scored, weight.Weight));
        Assert.Equal(0.5, learned, 9);
    }

    [Fact]
    public void A_snapshot_restores_the_same_weight_and_pending_forecasts_and_a_malformed_one_is_refused()
    {
        var random = new Random(5);
        var weight = new TrendWeight();
        for (var step = 0L; step < 1000; step++)
        {
            weight.Learn(step, 100 + random.NextDouble());
            if (TrendWeight.IsOrigin(step))
            {
                weight.Remember(step, 100, random.NextDouble() - 0.3);
            }
        }

        var restored = TrendWeight.Restore(weight.Snapshot());
        for (var step = 1000L; step < 1100; step++)
        {
            var value = 100 + random.NextDouble();
            weight.Learn(step, value);
            restored.Learn(step, value);
            Assert.Equal(weight.Weight, restored.Weight);
        }

        Assert.Equal(1.0, TrendWeight.Restore(null).Weight);
        var error = Assert.Throws<ArgumentException>(() => TrendWeight.Restore(new TrendWeightState { Pending = new double[3] }));
        Assert.Contains("pending", error.Message, StringComparison.Ordinal);
    }
}
