namespace EnterpriseHub.Abstractions.Alerts;

/// <summary>What <see cref="IAlertRouterGrain.GetAlerts"/> returns: active alerts, or the history of state changes.</summary>
public sealed record AlertQuery
{
    /// <summary>The most entries a query returns.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>True: alerts that are pending or firing now. False: the stored history of every state change,
    /// newest first.</summary>
    public bool Active { get; init; } = true;

    /// <summary>Only alerts in this state.</summary>
    public AlertState? State { get; init; }

    /// <summary>Only alerts whose <c>service</c> label is this.</summary>
    public string? Service { get; init; }

    /// <summary>Only alerts of this severity.</summary>
    public AlertSeverity? Severity { get; init; }

    /// <summary>Only alerts of this kind.</summary>
    public AlertKind? Kind { get; init; }

    /// <summary>Only alerts (or history entries) updated at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>At most this many entries.</summary>
    public int Limit { get; init; } = 500;
}
