namespace EnterpriseHub.Grains.Monitoring;

/// <summary>What to do about an alert, by metric kind: built-in defaults that configuration can replace per kind.</summary>
public sealed class RecommendedActionsCatalog
{
    private static readonly Dictionary<MetricKind, string[]> s_defaults = new()
    {
        [MetricKind.Latency] = ["Check recent deploys and roll back if latency rose with one", "Scale out the service or its slowest dependency", "Inspect slow traces and database query times"],
        [MetricKind.Errors] = ["Roll back the latest deploy if errors started with it", "Check dependency health and circuit breakers", "Inspect error logs for the dominant exception"],
        [MetricKind.Cpu] = ["Scale out or raise CPU limits", "Profile hot paths in the busiest instances", "Check for runaway jobs or retry storms"],
        [MetricKind.Memory] = ["Restart leaking instances in a rolling fashion", "Raise memory limits or scale out", "Take a heap dump and look for growth"],
        [MetricKind.Disk] = ["Free space: rotate logs and delete old artifacts", "Expand the volume before it fills", "Check for unexpected write growth"],
        [MetricKind.Traffic] = ["Confirm whether the traffic change is expected (campaign, outage upstream)", "Scale to the new load or rate-limit abusive clients"],
        [MetricKind.Queue] = ["Scale consumers", "Check for a stuck or slow consumer", "Shed or defer non-critical work"],
        [MetricKind.Connections] = ["Raise pool size or scale the dependency", "Look for connection leaks", "Check dependency latency that holds connections longer"],
        [MetricKind.Other] = ["Compare with recent changes to the service", "Check the service's dashboard and logs around the alert start"],
    };

    private readonly Dictionary<MetricKind, string[]> _actions;

    /// <summary>Builds the catalog; <paramref name="overrides"/> maps kind names to action lists.</summary>
    public RecommendedActionsCatalog(IReadOnlyDictionary<string, List<string>>? overrides = null)
    {
        _actions = new Dictionary<MetricKind, string[]>(s_defaults);
        if (overrides is null)
        {
            return;
        }

        foreach (var (name, actions) in overrides)
        {
            if (!Enum.TryParse<MetricKind>(name, ignoreCase: true, out var kind))
            {
                throw new ArgumentException($"Monitoring:RecommendedActions:{name} is not a metric kind; use one of {string.Join(", ", Enum.GetNames<MetricKind>())}.", nameof(overrides));
            }

            _actions[kind] = [.. actions];
        }
    }

    /// <summary>The actions for <paramref name="kind"/>.</summary>
    public IReadOnlyList<string> For(MetricKind kind) => _actions.TryGetValue(kind, out var actions) ? actions : _actions[MetricKind.Other];
}
