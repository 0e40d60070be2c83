using System.Globalization;
using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Abstractions.Costs;
using EnterpriseHub.Costs.Budgets;

namespace EnterpriseHub.Grains.Costs;

/// <summary>
/// Builds the cost alerts. The budget alert is <see cref="AlertKind.Predictive"/> (a forecast crosses a threshold:
/// the budget) with the forecast month-end spend and the budget in its annotations and the breach in its prediction;
/// the cost anomaly is <see cref="AlertKind.Anomaly"/>. The <c>service</c> label is the service, or
/// <c>team/&lt;name&gt;</c> and <c>cost_center/&lt;name&gt;</c>, which also carry a <c>team</c> or
/// <c>cost_center</c> label to route on.
/// </summary>
public static class CostAlerts
{
    /// <summary>Name of the budget alert.</summary>
    public const string BudgetAlertName = "CostBudgetForecastExceeded";

    /// <summary>Name of the cost anomaly alert.</summary>
    public const string AnomalyAlertName = "CostAnomaly";

    /// <summary>The budget alert.</summary>
    public static Alert Budget(CostDimension dimension, string name, BudgetForecastResult forecast, DateTimeOffset asOf, string currency, AlertState state, DateTimeOffset startsAt, DateTimeOffset? endsAt)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        var budget = forecast.Budget ?? 0;
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{CostKeys.Name(dimension)} {name}: forecast month-end spend {forecast.MonthEnd:F2} {currency} exceeds the budget of {budget:F2} {currency}");
        // The forecast runs from the end of the current hour (the hour counts as spent), so the budget is reached that
        // long after it, and not before now.
        var reachedAt = forecast.BudgetReachedIn is { } r && r > TimeSpan.Zero ? forecast.From + r : asOf;
        var reachedIn = reachedAt > asOf ? reachedAt - asOf : TimeSpan.Zero;
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["summary"] = summary,
            ["description"] = string.Create(CultureInfo.InvariantCulture,
                $"Month to date {forecast.MonthToDate:F2} + run rate {forecast.RunRatePerHour:F4}/h × {forecast.HoursRemaining:F1} h left = {forecast.MonthEnd:F2} {currency}."),
            ["forecast_month_end"] = forecast.MonthEnd.ToString("F2", CultureInfo.InvariantCulture),
            ["budget"] = budget.ToString("F2", CultureInfo.InvariantCulture),
            ["month_to_date"] = forecast.MonthToDate.ToString("F2", CultureInfo.InvariantCulture),
            ["currency"] = currency,
        };
        return Build(BudgetAlertName, AlertKind.Predictive, AlertSeverity.High, dimension, name, summary, annotations, state, startsAt, endsAt,
            new PredictedBreach(budget, asOf + reachedIn, reachedIn, reachedIn, null, 1.0),
            ["Review the cost breakdown (GET /api/v1/costs/summary) for the resource or service that grew", "Apply the savings recommendations (GET /api/v1/costs/recommendations)", "Raise the budget if the growth is planned"]);
    }

    /// <summary>The cost anomaly alert.</summary>
    public static Alert Anomaly(CostDimension dimension, string name, CostAnomalyView anomaly, string currency, AlertState state, DateTimeOffset startsAt, DateTimeOffset? endsAt)
    {
        ArgumentNullException.ThrowIfNull(anomaly);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{CostKeys.Name(dimension)} {name}: hourly cost {anomaly.Cost:F4} {currency} against {anomaly.Expected:F4} expected; {anomaly.Moved} moved by {anomaly.MovedBy:+0.####;-0.####}");
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["summary"] = summary,
            ["description"] = summary,
            ["moved"] = anomaly.Moved,
            ["currency"] = currency,
        };
        return Build(AnomalyAlertName, AlertKind.Anomaly, AlertSeverity.Medium, dimension, name, summary, annotations, state, startsAt, endsAt, null,
            [$"Look at what changed in {anomaly.Moved} at {anomaly.Hour:u}", "Check recent deployments and traffic for the service"]);
    }

    private static Alert Build(string alertName, AlertKind kind, AlertSeverity severity, CostDimension dimension, string name, string summary,
        Dictionary<string, string> annotations, AlertState state, DateTimeOffset startsAt, DateTimeOffset? endsAt, PredictedBreach? prediction, IReadOnlyList<string> actions)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["alertname"] = alertName,
            ["service"] = dimension == CostDimension.Service ? name : CostKeys.Of(dimension, name),
            ["severity"] = severity.ToString().ToLowerInvariant(),
            ["kind"] = kind.ToString().ToLowerInvariant(),
            ["cost_dimension"] = CostKeys.Name(dimension),
        };
        if (dimension != CostDimension.Service)
        {
            labels[CostKeys.Name(dimension)] = name;
        }

        return new Alert
        {
            Fingerprint = AlertFingerprint.Compute(labels),
            Name = alertName,
            Kind = kind,
            Severity = severity,
            Confidence = 1.0,
            Labels = labels,
            Annotations = annotations,
            Summary = summary,
            RecommendedActions = actions,
            StartsAt = startsAt,
            EndsAt = endsAt,
            State = state,
            Prediction = prediction,
            GeneratorUrl = "/api/v1/costs/summary?by=" + CostKeys.Name(dimension),
        };
    }
}
