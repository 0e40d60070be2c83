namespace EnterpriseHub.Abstractions.Costs;

/// <summary>The spend of one service, team or cost center over a window. Amounts are in <see cref="Currency"/>,
/// rounded to 6 decimal places.</summary>
public sealed record CostView
{
    /// <summary><c>service</c>, <c>team</c> or <c>cost_center</c>.</summary>
    public required string Dimension { get; init; }

    /// <summary>The service, team or cost center.</summary>
    public required string Name { get; init; }

    /// <summary>The price catalog's currency.</summary>
    public required string Currency { get; init; }

    /// <summary>Start of the window (a whole hour).</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>End of the window (exclusive; the end of the hour of the query time).</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>Spend in the window.</summary>
    public double Total { get; init; }

    /// <summary>Hours from the first to the last hour with spend in the window.</summary>
    public int ObservedHours { get; init; }

    /// <summary>Total / observed hours.</summary>
    public double PerHour { get; init; }

    /// <summary>Per hour × 24.</summary>
    public double PerDay { get; init; }

    /// <summary>Per hour × 730.</summary>
    public double PerMonth { get; init; }

    /// <summary>Least-squares change of the hourly cost per day (positive: rising).</summary>
    public double TrendPerDay { get; init; }

    /// <summary>Spend per resource (services) or per service (teams, cost centers) in the window.</summary>
    public IReadOnlyDictionary<string, double> Breakdown { get; init; } = new Dictionary<string, double>();

    /// <summary>This month's spend, forecast and budget as of the query time.</summary>
    public required BudgetView Budget { get; init; }

    /// <summary>Recent cost anomalies, newest first.</summary>
    public IReadOnlyList<CostAnomalyView> Anomalies { get; init; } = [];
}

/// <summary>The month so far and its forecast.</summary>
/// <param name="MonthToDate">Spend since the start of the month (UTC).</param>
/// <param name="RunRatePerHour">Mean hourly cost of the latest observed day.</param>
/// <param name="ForecastMonthEnd">Month-to-date + run rate × hours left in the month.</param>
/// <param name="Budget">The configured monthly budget (<c>Costs:Budgets:&lt;dimension&gt;:&lt;name&gt;</c>), if any.</param>
/// <param name="ExceedsBudget">The forecast exceeds the budget.</param>
public sealed record BudgetView(double MonthToDate, double RunRatePerHour, double ForecastMonthEnd, double? Budget, bool ExceedsBudget);

/// <summary>An hour whose total cost the anomaly ensemble flagged, and what moved.</summary>
/// <param name="Hour">Start of the hour.</param>
/// <param name="Cost">The hour's cost.</param>
/// <param name="Expected">The baseline's expectation.</param>
/// <param name="Score">The ensemble's score in [0, 1].</param>
/// <param name="Moved">The resource or service whose cost moved most.</param>
/// <param name="MovedBy">Its cost in the hour minus its mean over the previous day.</param>
public sealed record CostAnomalyView(DateTimeOffset Hour, double Cost, double Expected, double Score, string Moved, double MovedBy);
