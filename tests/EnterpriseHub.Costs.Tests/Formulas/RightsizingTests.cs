using EnterpriseHub.Costs.Aggregation;
using EnterpriseHub.Costs.Recommendations;

namespace EnterpriseHub.Costs.Tests.Formulas;

public sealed class RightsizingTests
{
    [Fact]
    public void Percentile_interpolates_between_order_statistics_as_Hyndman_Fan_type_7()
    {
        // 1..20: h = 19 × 0.95 = 18.05 → x[18] + 0.05 × (x[19] − x[18]) = 19 + 0.05 = 19.05.
        Assert.Equal(19.05, Percentile.Of(Enumerable.Range(1, 20).Select(i => (double)i), 0.95), 12);
        Assert.Equal(2.5, Percentile.Of([4, 1, 3, 2], 0.5), 12);
    }

    [Fact]
    public void Recommends_p95_over_target_utilisation_and_prices_the_saving()
    {
        // Hourly peaks 0, 0.35, ..., 7.0 (21 values): h = 20 × 0.95 = 19 → p95 = x[19] = 6.65.
        // recommended = max(0.25, 6.65 / 0.7) = 9.5 cores; 16 provisioned → 6.5 fewer.
        // Saving = 6.5 cores × 0.04 per core-hour × 730 h = 189.80 per month.
        var usage = Enumerable.Range(0, 21).Select(i => i * 0.35).ToArray();
        var result = Rightsizing.Evaluate(16, usage, floor: 0.25, windowHours: 21)!;
        Assert.Equal(6.65, result.P95, 9);
        Assert.Equal(9.5, result.Recommended, 9);
        Assert.Equal(6.5, result.Reduction, 9);
        Assert.Equal(189.8, result.Reduction * 0.04 * 730, 9);
        // Peak 7.0 fits in 9.5 but exceeds 70% of it (6.65): medium risk. Every hour observed: confidence 1.
        Assert.Equal(RiskLevel.Medium, result.Risk);
        Assert.Equal(1.0, result.Confidence);
    }

    [Fact]
    public void Never_recommends_below_the_floor()
    {
        // p95 of a constant 0.07 is 0.07; 0.07 / 0.7 = 0.1 < floor 0.25 → 0.25. Peak 0.07 ≤ 0.25 × 0.7: low risk.
        // 12 of 24 hours observed → confidence 0.5.
        var result = Rightsizing.Evaluate(2, Enumerable.Repeat(0.07, 12).ToArray(), floor: 0.25, windowHours: 24)!;
        Assert.Equal(0.25, result.Recommended);
        Assert.Equal(RiskLevel.Low, result.Risk);
        Assert.Equal(0.5, result.Confidence);
    }

    [Fact]
    public void A_peak_above_the_recommendation_is_high_risk()
    {
        // 20 hours at 1 and one at 10: p95 = x[19] = 1 → recommended 1 / 0.7 ≈ 1.43 < peak 10.
        var usage = Enumerable.Repeat(1.0, 20).Append(10).ToArray();
        Assert.Equal(RiskLevel.High, Rightsizing.Evaluate(4, usage, 0, 21)!.Risk);
    }
}
