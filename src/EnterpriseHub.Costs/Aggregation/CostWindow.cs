namespace EnterpriseHub.Costs.Aggregation;

/// <summary>Costs over a window of whole hours.</summary>
/// <param name="FromHour">First hour of the window (unix hours).</param>
/// <param name="ToHour">First hour after the window.</param>
/// <param name="Total">Sum of hourly costs in the window.</param>
/// <param name="ObservedHours">Hours from the first to the last hour with cost in the window, inclusive: the span
/// the rates are averaged over, so a service that started an hour ago is not diluted by the empty rest of the window.</param>
/// <param name="PerHour">Total / observed hours.</param>
/// <param name="TrendPerDay">Least-squares slope of the hourly cost over the observed span, × 24: how much the hourly
/// cost changes per day.</param>
/// <param name="ByMember">Total per member (resource for a service, service for a team or cost center).</param>
public sealed record CostWindow(long FromHour, long ToHour, double Total, int ObservedHours, double PerHour, double TrendPerDay, IReadOnlyDictionary<string, double> ByMember)
{
    /// <summary>Per hour × 24.</summary>
    public double PerDay => PerHour * 24;

    /// <summary>Per hour × 730 (<see cref="Pricing.PriceCatalog.HoursPerMonth"/>).</summary>
    public double PerMonth => PerHour * Pricing.PriceCatalog.HoursPerMonth;
}
