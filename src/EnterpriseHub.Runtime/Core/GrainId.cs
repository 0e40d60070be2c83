namespace EnterpriseHub.Runtime;

/// <summary>The identity of a grain: its grain type name and its string key.</summary>
public readonly record struct GrainId(string Type, string Key)
{
    /// <summary>The form used in logs, storage rows and the dashboard: <c>type/key</c>.</summary>
    public override string ToString() => Type + "/" + Key;
}
