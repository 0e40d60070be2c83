namespace EnterpriseHub.Abstractions.Alerts;

/// <summary>What raised an alert.</summary>
public enum AlertKind
{
    /// <summary>The anomaly ensemble: the value is abnormal now.</summary>
    Anomaly,

    /// <summary>A static threshold rule with a <c>for</c> duration.</summary>
    Threshold,

    /// <summary>An SLO's error budget burns too fast over several windows.</summary>
    SloBurnRate,

    /// <summary>The forecast crosses a threshold or SLO within the horizon.</summary>
    Predictive,
}

/// <summary>How bad an alert is: from the score and the service's tier.</summary>
public enum AlertSeverity
{
    /// <summary>Informational.</summary>
    Low,

    /// <summary>Needs attention during working hours.</summary>
    Medium,

    /// <summary>Needs attention soon.</summary>
    High,

    /// <summary>Page someone now.</summary>
    Critical,
}

/// <summary>Where an alert is in its lifecycle, as in Prometheus and Alertmanager.</summary>
public enum AlertState
{
    /// <summary>The condition holds but not yet for its <c>for</c> duration.</summary>
    Pending,

    /// <summary>Active and routed to receivers.</summary>
    Firing,

    /// <summary>The condition no longer holds (after <c>keep_firing_for</c>).</summary>
    Resolved,
}
