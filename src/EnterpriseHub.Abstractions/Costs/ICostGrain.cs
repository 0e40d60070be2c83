using EnterpriseHub.Runtime;

namespace EnterpriseHub.Abstractions.Costs;

/// <summary>
/// Spend of one service, team or cost center (key: <see cref="CostKeys.Of"/>): hourly costs, rates and trend, the
/// month-end forecast against the budget (with an alert when it is exceeded), cost anomalies with the dimension that
/// moved, and, for services, savings recommendations.
/// </summary>
public interface ICostGrain : IGrainWithStringKey
{
    /// <summary>Applies usage samples of the service (service grains only); returns once its team's and cost
    /// center's grains have the new hourly costs.</summary>
    Task RecordUsage(UsageSeries[] series);

    /// <summary>A service reports its hourly costs (team and cost center grains).</summary>
    /// <param name="source">The service.</param>
    /// <param name="latestMs">The service's newest usage timestamp: the event time budgets and anomalies run on.</param>
    /// <param name="hours">The hours that changed.</param>
    Task ReportHours(string source, long latestMs, HourCost[] hours);

    /// <summary>Costs over <paramref name="window"/> ending with the hour of <paramref name="asOf"/>.</summary>
    [AlwaysInterleave]
    Task<CostView> Describe(DateTimeOffset asOf, TimeSpan window);

    /// <summary>Savings recommendations as of <paramref name="asOf"/> (none for teams and cost centers: their
    /// services carry them).</summary>
    [AlwaysInterleave]
    Task<CostRecommendation[]> Recommendations(DateTimeOffset asOf);
}
