namespace EnterpriseHub.Abstractions.Costs;

/// <summary>A way to spend less, with what it saves and what it risks. Amounts per 730-hour month.</summary>
public sealed record CostRecommendation
{
    /// <summary>Stable id: <c>kind:service:resource</c>.</summary>
    public required string Id { get; init; }

    /// <summary><c>rightsizing</c>, <c>idle</c>, <c>commitment</c>, <c>api_caching</c> or <c>api_batching</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The service.</summary>
    public required string Service { get; init; }

    /// <summary>The resource, or <c>*</c> for the whole service.</summary>
    public required string Resource { get; init; }

    /// <summary>One line for humans.</summary>
    public required string Summary { get; init; }

    /// <summary>What the resource (or service) costs per month now.</summary>
    public double CurrentMonthlyCost { get; init; }

    /// <summary>What the recommendation saves per month.</summary>
    public double ProjectedMonthlySavings { get; init; }

    /// <summary>Confidence in [0, 1], from how much of the window had data.</summary>
    public double Confidence { get; init; }

    /// <summary><c>low</c>, <c>medium</c> or <c>high</c>.</summary>
    public required string Risk { get; init; }

    /// <summary>Whether a playbook may apply it without a person (low risk and confidence at least 0.9).</summary>
    public bool AutoApplicable { get; init; }

    /// <summary>The figures behind it (current, p95, recommended, level, ...).</summary>
    public IReadOnlyDictionary<string, double> Details { get; init; } = new Dictionary<string, double>();

    /// <summary>For commitments: the simulation per window.</summary>
    public IReadOnlyList<CommitmentWindowView> Simulation { get; init; } = [];
}

/// <summary>A commitment level simulated over one window.</summary>
/// <param name="Days">7, 30 or 60.</param>
/// <param name="Hours">Hours with usage in the window.</param>
/// <param name="BestLevel">The level that saves most over this window.</param>
/// <param name="Level">The recommended level (the smallest of the windows' best levels).</param>
/// <param name="OnDemandCost">The window's cost without commitment.</param>
/// <param name="CommittedCost">The window's cost at the recommended level (commitment plus overflow).</param>
/// <param name="MonthlySavings">Saving per month at the recommended level.</param>
/// <param name="Utilisation">Share of the commitment used.</param>
/// <param name="BreakEvenMonths">Months until an upfront payment pays back; null when it never does.</param>
public sealed record CommitmentWindowView(int Days, int Hours, double BestLevel, double Level, double OnDemandCost, double CommittedCost, double MonthlySavings, double Utilisation, double? BreakEvenMonths);
