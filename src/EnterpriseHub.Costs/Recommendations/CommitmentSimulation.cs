using EnterpriseHub.Costs.Pricing;

namespace EnterpriseHub.Costs.Recommendations;

/// <summary>One commitment level simulated over a window of hours.</summary>
/// <param name="Level">Units committed per hour.</param>
/// <param name="Hours">Hours simulated.</param>
/// <param name="OnDemandCost">Σ usage × price: the cost without a commitment.</param>
/// <param name="CommittedCost">Σ level × price × (1 − discount): paid whether used or not (upfront amortised per hour).</param>
/// <param name="OverflowCost">Σ max(0, usage − level) × price: usage above the level, on demand.</param>
/// <param name="Utilisation">Σ min(usage, level) / (level × hours): how much of the commitment is used.</param>
/// <param name="BreakEvenMonths">Months until the upfront payment is paid back by the monthly saving before it;
/// 0 without an upfront payment and a positive saving; null when it never pays back.</param>
public sealed record CommitmentLevelResult(double Level, int Hours, double OnDemandCost, double CommittedCost, double OverflowCost, double Utilisation, double? BreakEvenMonths)
{
    /// <summary>CommittedCost + OverflowCost.</summary>
    public double TotalCost => CommittedCost + OverflowCost;

    /// <summary>OnDemandCost − TotalCost over the window.</summary>
    public double Savings => OnDemandCost - TotalCost;

    /// <summary>Savings per 730-hour month.</summary>
    public double MonthlySavings => Hours == 0 ? 0 : Savings / Hours * PriceCatalog.HoursPerMonth;
}

/// <summary>
/// Simulates reserved capacity the way AWS' and Azure's purchase recommendations describe it: for each candidate
/// level c, every hour costs c × p × (1 − d) for the commitment plus max(0, u_h − c) × p for usage above it, against
/// u_h × p on demand. The best level maximises the saving. Break-even: an upfront share f of the term's commitment
/// (c × p × (1 − d) × 730 × term × f) is paid back after upfront / (monthly on-demand cost avoided − monthly recurring
/// commitment) months, the "break-even point" of AWS' reserved-instance pricing pages.
/// </summary>
public static class CommitmentSimulation
{
    /// <summary>The windows simulated: 7, 30 and 60 days.</summary>
    public static readonly IReadOnlyList<int> WindowDays = [7, 30, 60];

    /// <summary>Simulates one level over hourly usage <paramref name="usage"/> (units per hour).</summary>
    public static CommitmentLevelResult Simulate(IReadOnlyList<double> usage, double price, CommitmentOffer offer, double level)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(offer);
        double onDemand = 0, overflow = 0, covered = 0;
        foreach (var u in usage)
        {
            onDemand += u * price;
            overflow += Math.Max(0, u - level) * price;
            covered += Math.Min(u, level);
        }

        var hours = usage.Count;
        var committedPerHour = level * price * (1 - offer.Discount);
        var committed = committedPerHour * hours;
        var utilisation = level <= 0 || hours == 0 ? 0 : covered / (level * hours);
        double? breakEven = null;
        if (hours > 0 && level > 0)
        {
            var upfront = committedPerHour * PriceCatalog.HoursPerMonth * offer.TermMonths * offer.UpfrontFraction;
            var recurring = committedPerHour * (1 - offer.UpfrontFraction) * hours;
            var monthlyBenefit = (onDemand - (recurring + overflow)) / hours * PriceCatalog.HoursPerMonth;
            if (monthlyBenefit > 0)
            {
                breakEven = upfront / monthlyBenefit;
            }
        }

        return new CommitmentLevelResult(level, hours, onDemand, committed, overflow, utilisation, breakEven);
    }

    /// <summary>Candidate levels 0, step, 2·step, ... up to the peak usage, at most <paramref name="maxLevels"/>
    /// of them (the step widens to fit).</summary>
    public static IReadOnlyList<double> Levels(IReadOnlyList<double> usage, double step, int maxLevels = 64)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(step, 0);
        var peak = usage.Count == 0 ? 0 : usage.Max();
        var size = Math.Max(step, Math.Ceiling(peak / step / (maxLevels - 1)) * step);
        var levels = new List<double>();
        for (var i = 0; i * size <= peak + 1e-9; i++)
        {
            levels.Add(i * size);
        }

        return levels;
    }

    /// <summary>Every candidate level over <paramref name="usage"/> and the best one (largest saving, lower level on ties).</summary>
    public static (IReadOnlyList<CommitmentLevelResult> Levels, CommitmentLevelResult Best) Sweep(IReadOnlyList<double> usage, double price, CommitmentOffer offer, double step)
    {
        var results = Levels(usage, step).Select(level => Simulate(usage, price, offer, level)).ToList();
        var best = results[0];
        foreach (var r in results)
        {
            if (r.Savings > best.Savings + 1e-12)
            {
                best = r;
            }
        }

        return (results, best);
    }
}
