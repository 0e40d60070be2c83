using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Incidents.Playbooks;

namespace EnterpriseHub.Incidents.Actions;

/// <summary>Answers whether a remediation worked. The silo's implementation asks the alert router and the metric
/// grain; tests use their own.</summary>
public interface IRemediationProbe
{
    /// <summary>Whether the incident's alerts have all resolved.</summary>
    Task<bool> IsAlertResolvedAsync(string incidentId, Alert alert, CancellationToken cancellationToken);

    /// <summary>Whether the alert's series' latest value is back inside its baseline band.</summary>
    Task<bool> IsMetricInBandAsync(Alert alert, CancellationToken cancellationToken);
}

/// <summary>
/// <c>verify</c>: checks every <c>interval</c> (15s) until the <c>condition</c> holds or <c>within</c> (5m) has
/// passed. Conditions: <c>alert_resolved</c>, <c>metric_in_band</c>, or <c>either</c> (the default). Read-only, so
/// idempotent.
/// </summary>
public sealed class VerifyAction(IRemediationProbe probe, TimeProvider time) : IPlaybookAction
{
    private static readonly string[] s_conditions = ["alert_resolved", "metric_in_band", "either"];

    /// <inheritdoc />
    public string Type => "verify";

    /// <inheritdoc />
    public bool IsIdempotent => true;

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(IReadOnlyDictionary<string, string> inputs)
    {
        var problems = new List<string>();
        Inputs.OneOf(inputs, "condition", s_conditions, problems);
        Inputs.Duration(inputs, "within", problems);
        Inputs.Duration(inputs, "interval", problems);
        return problems;
    }

    /// <inheritdoc />
    public TimeSpan MinimumTimeout(IReadOnlyDictionary<string, string> inputs) =>
        Within(inputs) + Interval(inputs) + TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    public async Task<ActionResult> ExecuteAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var condition = request.Inputs.GetValueOrDefault("condition", "either");
        var deadline = time.GetUtcNow() + Within(request.Inputs);
        var interval = Interval(request.Inputs);
        var checks = 0;
        while (true)
        {
            checks++;
            if (await HoldsAsync(condition, request, cancellationToken).ConfigureAwait(false))
            {
                return ActionResult.Ok(new Dictionary<string, string>(StringComparer.Ordinal) { ["checks"] = checks.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            }

            if (time.GetUtcNow() >= deadline)
            {
                return ActionResult.Fail($"{condition} did not hold within {Within(request.Inputs)} ({checks} checks)", FailureClass.NotVerified);
            }

            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> HoldsAsync(string condition, ActionRequest request, CancellationToken cancellationToken) => condition switch
    {
        "alert_resolved" => await probe.IsAlertResolvedAsync(request.IncidentId, request.Alert, cancellationToken).ConfigureAwait(false),
        "metric_in_band" => await probe.IsMetricInBandAsync(request.Alert, cancellationToken).ConfigureAwait(false),
        _ => await probe.IsAlertResolvedAsync(request.IncidentId, request.Alert, cancellationToken).ConfigureAwait(false)
            || await probe.IsMetricInBandAsync(request.Alert, cancellationToken).ConfigureAwait(false),
    };

    private static TimeSpan Within(IReadOnlyDictionary<string, string> inputs) => Inputs.DurationOr(inputs, "within", TimeSpan.FromMinutes(5));

    private static TimeSpan Interval(IReadOnlyDictionary<string, string> inputs) => Inputs.DurationOr(inputs, "interval", TimeSpan.FromSeconds(15));
}
