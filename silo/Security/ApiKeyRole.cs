namespace EnterpriseHub.Silo.Security;

/// <summary>What an API key may do. Admin implies every role; operator implies viewer.</summary>
public enum ApiKeyRole
{
    /// <summary>Push samples.</summary>
    Ingest,

    /// <summary>Read series, alerts, incidents and metrics.</summary>
    Viewer,

    /// <summary>Act: approve, silence, acknowledge, kill switch, catalog edits.</summary>
    Operator,

    /// <summary>Everything, including key management.</summary>
    Admin,
}

/// <summary>Role names as they appear in claims and policies.</summary>
public static class ApiKeyRoles
{
    /// <summary>The claim values a key of <paramref name="role"/> carries, implied roles included.</summary>
    public static IReadOnlyList<string> Implied(ApiKeyRole role) => role switch
    {
        ApiKeyRole.Admin => ["admin", "operator", "viewer", "ingest"],
        ApiKeyRole.Operator => ["operator", "viewer"],
        ApiKeyRole.Viewer => ["viewer"],
        _ => ["ingest"],
    };
}
