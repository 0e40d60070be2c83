namespace EnterpriseHub.Abstractions.Costs;

/// <summary>The answer of <c>GET /api/v1/costs/summary</c>: every service, team or cost center over a window.</summary>
/// <param name="By"><c>service</c>, <c>team</c> or <c>cost_center</c>.</param>
/// <param name="Window">The window as asked, e.g. <c>24h</c>.</param>
/// <param name="Currency">The price catalog's currency.</param>
/// <param name="Total">Sum of the items' totals.</param>
/// <param name="Items">One per name, largest total first.</param>
public sealed record CostSummary(string By, string Window, string Currency, double Total, IReadOnlyList<CostView> Items);

/// <summary>The answer of <c>GET /api/v1/costs/recommendations</c>.</summary>
/// <param name="Currency">The price catalog's currency.</param>
/// <param name="TotalMonthlySavings">Sum of the projected monthly savings.</param>
/// <param name="Items">Largest saving first.</param>
public sealed record RecommendationList(string Currency, double TotalMonthlySavings, IReadOnlyList<CostRecommendation> Items);
