namespace EnterpriseHub.Abstractions.Services;

/// <summary>How critical a service is to the business; it raises or lowers alert severity.</summary>
public enum ServiceTier
{
    /// <summary>Revenue or safety critical: severities one step higher.</summary>
    Critical,

    /// <summary>Important: severities as computed.</summary>
    High,

    /// <summary>Default.</summary>
    Medium,

    /// <summary>Internal or best effort: severities one step lower.</summary>
    Low,
}
