using System.Globalization;

namespace EnterpriseHub.Incidents.Actions;

/// <summary>Changes the number of replicas of a target (a deployment, a scale set). Implement it for your platform
/// and register it as a singleton; the demo uses <see cref="SimulatedScaler"/>.</summary>
public interface IScaler
{
    /// <summary>Sets the replicas of <paramref name="target"/> to <paramref name="replicas"/>, or changes them by
    /// <paramref name="delta"/>; returns the counts before and after.</summary>
    Task<(int Before, int After)> ScaleAsync(string target, int? replicas, int? delta, CancellationToken cancellationToken);
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
public sealed class ScaleAction(IScaler scaler) : IPlaybookAction
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

        var (before, after) = await scaler.ScaleAsync(request.Inputs["target"], replicas, delta, cancellationToken).ConfigureAwait(false);
        return ActionResult.Ok(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["before"] = before.ToString(CultureInfo.InvariantCulture),
            ["after"] = after.ToString(CultureInfo.InvariantCulture),
        });
    }
}
