namespace EnterpriseHub.Detection;

/// <summary>How readily the ensemble turns an anomaly score into an alert.</summary>
public enum Sensitivity
{
    /// <summary>Alert only on strong, clear anomalies (fewest false positives).</summary>
    Low,

    /// <summary>The default balance between missed anomalies and false positives.</summary>
    Medium,

    /// <summary>Alert on weaker evidence (fewest missed anomalies).</summary>
    High,
}
