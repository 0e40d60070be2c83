using EnterpriseHub.Alerting.Inhibition;
using EnterpriseHub.Alerting.Routing;

namespace EnterpriseHub.Alerting.Configuration;

/// <summary>The alert router's configuration: routing tree, receivers, inhibition rules and resolve timeout.</summary>
public sealed class AlertingConfiguration
{
    /// <summary>The receiver of the built-in configuration: it records notifications in the event log and sends nothing.</summary>
    public const string DefaultReceiverName = "default";

    /// <summary>Alertmanager's default <c>resolve_timeout</c>.</summary>
    public static readonly TimeSpan DefaultResolveTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Creates a configuration; throws <see cref="ArgumentException"/> when a route names an unknown receiver.</summary>
    public AlertingConfiguration(
        Route root,
        IReadOnlyList<ReceiverDefinition> receivers,
        IReadOnlyList<InhibitRule>? inhibitRules = null,
        TimeSpan? resolveTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(receivers);
        Root = root;
        Receivers = receivers.ToDictionary(r => r.Name, StringComparer.Ordinal);
        InhibitRules = inhibitRules ?? [];
        ResolveTimeout = resolveTimeout ?? DefaultResolveTimeout;
        CheckReceivers(root);
    }

    /// <summary>The root of the routing tree.</summary>
    public Route Root { get; }

    /// <summary>Receivers by name.</summary>
    public IReadOnlyDictionary<string, ReceiverDefinition> Receivers { get; }

    /// <summary>The inhibition rules.</summary>
    public IReadOnlyList<InhibitRule> InhibitRules { get; }

    /// <summary>How long a firing alert lasts without a refresh from its source before it is resolved.</summary>
    public TimeSpan ResolveTimeout { get; }

    /// <summary>The built-in configuration: every alert in one route to <see cref="DefaultReceiverName"/>, grouped
    /// by alert name and service, which only records.</summary>
    public static AlertingConfiguration Default { get; } = new(
        new Route(DefaultReceiverName, groupBy: ["alertname", "service"]),
        [new ReceiverDefinition(DefaultReceiverName, [])]);

    private void CheckReceivers(Route route)
    {
        if (!Receivers.ContainsKey(route.Receiver))
        {
            throw new ArgumentException($"Route {route.Key} names receiver '{route.Receiver}', which is not defined under receivers.");
        }

        foreach (var child in route.Routes)
        {
            CheckReceivers(child);
        }
    }
}
