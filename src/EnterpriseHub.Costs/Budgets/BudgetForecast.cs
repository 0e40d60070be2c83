namespace EnterpriseHub.Costs.Budgets;

/// <summary>A month-end forecast against a budget.</summary>
/// <param name="MonthToDate">Spend since the start of the month (UTC).</param>
/// <param name="RunRatePerHour">The hourly cost the forecast extrapolates.</param>
/// <param name="HoursRemaining">Hours from now to the start of next month.</param>
/// <param name="MonthEnd">MonthToDate + RunRatePerHour × HoursRemaining.</param>
/// <param name="Budget">The monthly budget, if any.</param>
/// <param name="BudgetReachedIn">When cumulative spend reaches the budget at the run rate (zero if already
/// reached); null without a budget or when it is not reached this month.</param>
public sealed record BudgetForecastResult(double MonthToDate, double RunRatePerHour, double HoursRemaining, double MonthEnd, double? Budget, TimeSpan? BudgetReachedIn)
{
    /// <summary>The time the forecast extrapolates from; <see cref="BudgetReachedIn"/> counts from it.</summary>
    public DateTimeOffset From { get; init; }

    /// <summary>The forecast month-end spend exceeds the budget.</summary>
    public bool ExceedsBudget => Budget is { } budget && MonthEnd > budget;
}

/// <summary>
/// Run-rate forecast of month-end spend, the FinOps Foundation's simplest forecasting model ("trend-based
/// forecasting" from recent actuals): month-end = month-to-date + run rate × hours left in the calendar month. The run
/// rate is the mean hourly cost over the latest observed hours (a day by default), so it follows the current level.
/// </summary>
public static class BudgetForecast
{
    /// <summary>Forecasts the month of <paramref name="now"/> (UTC).</summary>
    public static BudgetForecastResult MonthEnd(DateTimeOffset now, double monthToDate, double runRatePerHour, double? budget)
    {
        var utc = now.ToUniversalTime();
        var nextMonth = new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
        var remaining = (nextMonth - utc).TotalHours;
        var monthEnd = monthToDate + (runRatePerHour * remaining);
        TimeSpan? reachedIn = null;
        if (budget is { } b)
        {
            if (monthToDate >= b)
            {
                reachedIn = TimeSpan.Zero;
            }
            else if (runRatePerHour > 0 && monthEnd > b)
            {
                // To the second: finer would only show the binary noise of the division.
                reachedIn = TimeSpan.FromSeconds(Math.Round((b - monthToDate) / runRatePerHour * 3600));
            }
        }

        return new BudgetForecastResult(monthToDate, runRatePerHour, remaining, monthEnd, budget, reachedIn) { From = utc };
    }

    /// <summary>The start (UTC) of the month containing <paramref name="now"/>.</summary>
    public static DateTimeOffset MonthStart(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
    }
}
