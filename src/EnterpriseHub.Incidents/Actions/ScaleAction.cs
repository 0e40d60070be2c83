using EnterpriseHub.Abstractions.Costs;
using System.Globalization;

namespace EnterpriseHub.Incidents.Actions;

/// <summary>Changes the number of replicas of a target (a deployment, a scale set). Implement it for your platform
/// and register it as a singleton; the demo uses <see cref="SimulatedScaler"/>.</summary>
public interface IScaler
{
    /// <summary>Sets the replicas of <paramref name="target"/> to <paramref name="replicas"/>, or changes them by
    /// <paramref name="delta"/>; returns the counts before and after.</summary>
    Task<(int Before, int After)> ScaleAsync(string target, int? replicas, int? delta, CancellationToken cancellationToken);

    /// <summary>The replicas <paramref name="target"/> has now, or null when the scaler cannot tell without acting;
    /// used to show the cost of a scaling step before it is approved.</summary>
    Task<int?> CurrentReplicasAsync(string target, CancellationToken cancellationToken) => Task.FromResult<int?>(null);
}

/// <summary>A scaler that only remembers replica counts (2 to start with), for the demo and tests.</summary>
public sealed class SimulatedScaler : IScaler
{
    /// <summary>Replicas of a target the scaler has not seen.</summary>
    public const int InitialReplicas = 2;

    private readonly Dictionary<string, int> _replicas = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>The current replicas of <paramref name="target"/>.</summary>
    public int Replicas(string target)
    {
        lock (_lock)
        {
            return _replicas.GetValueOrDefault(target, InitialReplicas);
        }
    }

    /// <inheritdoc />
    /// <inheritdoc />
    public Task<int?> CurrentReplicasAsync(string target, CancellationToken cancellationToken) => Task.FromResult<int?>(Replicas(target));

    /// <inheritdoc />
    public Task<(int Before, int After)> ScaleAsync(string target, int? replicas, int? delta, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var before = _replicas.GetValueOrDefault(target, InitialReplicas);
            var after = Math.Max(1, replicas ?? before + (delta ?? 0));
            _replicas[target] = after;
            return Task.FromResult((before, after));
        }
    }
}

/// <summary><c>scale</c>: inputs <c>target</c> and one of <c>replicas</c> or <c>delta</c>; outputs <c>before</c> and
/// <c>after</c> (so a rollback can scale back with <c>{{ steps.NAME.outputs.before }}</c>).</summary>
public sealed class ScaleAction(IScaler scaler, ICostEstimator? costs = null) : IPlaybookAction
{
    /// <inheritdoc />
    public string Type => "scale";

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(IReadOnlyDictionary<string, string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var problems = new List<string>();
        Inputs.Require(inputs, "target", problems);
        if (inputs.ContainsKey("replicas") == inputs.ContainsKey("delta"))
        {
            problems.Add("exactly one of the inputs 'replicas' and 'delta' is required");
        }

        foreach (var key in new[] { "replicas", "delta" })
        {
            if (inputs.TryGetValue(key, out var v) && !Inputs.IsTemplated(v) && Inputs.Int(v) is null)
            {
                problems.Add($"input '{key}' must be a whole number, not '{v}'");
            }
        }

        return problems;
    }

    /// <inheritdoc />
    public async Task<ActionResult> ExecuteAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var replicas = Inputs.Int(request.Inputs.GetValueOrDefault("replicas"));
        var delta = Inputs.Int(request.Inputs.GetValueOrDefault("delta"));
        if (replicas is null && delta is null)
        {
            return ActionResult.Fail("neither replicas nor delta rendered to a whole number", Playbooks.FailureClass.Error);
        }

        var target = request.Inputs["target"];
        var (before, after) = await scaler.ScaleAsync(target, replicas, delta, cancellationToken).ConfigureAwait(false);
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["before"] = before.ToString(CultureInfo.InvariantCulture),
            ["after"] = after.ToString(CultureInfo.InvariantCulture),
        };
        if (costs is not null)
        {
            outputs["cost_delta_per_hour"] = costs.HourlyDelta(target, before, after).ToString("0.####", CultureInfo.InvariantCulture);
            outputs["currency"] = costs.Currency;
        }

        return ActionResult.Ok(outputs);
    }

    /// <summary>What a scaling step would change and cost per hour, before it runs (for approval requests); null
    /// when the inputs or the scaler cannot tell.</summary>
    public async Task<ScaleEstimate?> EstimateAsync(IReadOnlyDictionary<string, string> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (!inputs.TryGetValue("target", out var target) || await scaler.CurrentReplicasAsync(target, cancellationToken).ConfigureAwait(false) is not { } current)
        {
            return null;
        }

        var to = Inputs.Int(inputs.GetValueOrDefault("replicas")) ?? current + (Inputs.Int(inputs.GetValueOrDefault("delta")) ?? 0);
        to = Math.Max(1, to);
        return new ScaleEstimate(target, current, to, costs?.HourlyDelta(target, current, to), costs?.Currency);
    }
}

/// <summary>A scaling step's effect before it runs.</summary>
/// <param name="Target">What is scaled (the service).</param>
/// <param name="FromReplicas">Replicas now.</param>
/// <param name="ToReplicas">Replicas after the step.</param>
/// <param name="CostDeltaPerHour">The hourly cost change from the price catalog, if one is known.</param>
/// <param name="Currency">The catalog's currency.</param>
public sealed record ScaleEstimate(string Target, int FromReplicas, int ToReplicas, double? CostDeltaPerHour, string? Currency)
{
    /// <summary>The estimate in a sentence for the timeline and the approver.</summary>
    public override string ToString() => CostDeltaPerHour is { } delta
        ? string.Create(CultureInfo.InvariantCulture, $"{Target}: {FromReplicas} → {ToReplicas} replicas, {delta:+0.####;-0.####;0} {Currency}/h")
        : string.Create(CultureInfo.InvariantCulture, $"{Target}: {FromReplicas} → {ToReplicas} replicas");
}
