using EnterpriseHub.Costs.Pricing;
using EnterpriseHub.Costs.Recommendations;

namespace EnterpriseHub.Costs.Tests.Formulas;

public sealed class CommitmentSimulationTests
{
    // Price 1 per unit-hour, 60% off, one year, all upfront.
    private static readonly CommitmentOffer Offer = new(0.6, 12, 1.0);

    [Fact]
    public void Simulates_the_hourly_cost_at_each_level()
    {
        // Usage 1, 1, 1, 3 units: on demand 6.
        // c = 0: 0 + 6 = 6.            c = 1: 1 × 0.4 × 4 = 1.6 + overflow 2 = 3.6 (saving 2.4).
        // c = 2: 3.2 + overflow 1 = 4.2 (saving 1.8).   c = 3: 4.8 + 0 = 4.8 (saving 1.2).
        var usage = new double[] { 1, 1, 1, 3 };
        var (levels, best) = CommitmentSimulation.Sweep(usage, 1, Offer, step: 1);
        Assert.Equal([0, 1, 2, 3], levels.Select(l => l.Level));
        Assert.Equal([6, 3.6, 4.2, 4.8], levels.Select(l => Math.Round(l.TotalCost, 9)));
        Assert.Equal(1, best.Level);
        Assert.Equal(2.4, best.Savings, 9);
        // Saving per 730-hour month: 2.4 / 4 × 730 = 438.
        Assert.Equal(438, best.MonthlySavings, 9);
        // Level 1 is used every hour; level 3 covers 1 + 1 + 1 + 3 = 6 of 12 unit-hours.
        Assert.Equal(1, best.Utilisation, 9);
        Assert.Equal(0.5, levels[3].Utilisation, 9);
    }

    [Fact]
    public void Break_even_months_of_an_upfront_commitment()
    {
        // Level 1: upfront = 1 × 1 × 0.4 × 730 × 12 × 1.0 = 3504; nothing recurring.
        // Benefit before the upfront: (6 − (0 + 2)) / 4 h × 730 = 730 per month → 3504 / 730 = 4.8 months
        // (= 0.4 × 12: a fully used commitment pays back after discounted-price share × term).
        var result = CommitmentSimulation.Simulate([1, 1, 1, 3], 1, Offer, 1);
        Assert.Equal(4.8, result.BreakEvenMonths!.Value, 9);
        // Without an upfront payment the saving starts in the first month.
        Assert.Equal(0, CommitmentSimulation.Simulate([1, 1, 1, 3], 1, Offer with { UpfrontFraction = 0 }, 1).BreakEvenMonths);
    }

    [Fact]
    public void A_commitment_that_is_never_used_never_breaks_even()
    {
        var result = CommitmentSimulation.Simulate([0, 0, 0, 0], 1, Offer, 2);
        Assert.Null(result.BreakEvenMonths);
        Assert.Equal(-3.2, result.Savings, 9);
    }

    [Fact]
    public void Levels_widen_their_step_to_stay_few()
    {
        // Peak 200 with step 1 would be 201 levels; at most 64 → step ⌈200 / 63⌉ = 4: 0, 4, ..., 200 (51 levels).
        var levels = CommitmentSimulation.Levels([200], 1);
        Assert.Equal(51, levels.Count);
        Assert.Equal(200, levels[^1]);
    }
}
