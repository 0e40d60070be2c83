namespace EnterpriseHub.Costs.Recommendations;

/// <summary>How much could go wrong if a recommendation is applied.</summary>
public enum RiskLevel
{
    /// <summary>Usage stays well inside the new size.</summary>
    Low,

    /// <summary>Peaks come close to the new size, or the change is hard to undo.</summary>
    Medium,

    /// <summary>Observed peaks would not fit.</summary>
    High,
}
