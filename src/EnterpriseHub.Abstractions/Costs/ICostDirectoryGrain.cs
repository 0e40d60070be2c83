using EnterpriseHub.Runtime;

namespace EnterpriseHub.Abstractions.Costs;

/// <summary>Every cost grain key the silo has seen (key <see cref="DefaultKey"/>), so summaries can list them
/// without scanning storage; persisted.</summary>
public interface ICostDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The directory's key.</summary>
    public const string DefaultKey = "default";

    /// <summary>Adds keys (known ones are ignored).</summary>
    Task Register(string[] keys);

    /// <summary>All keys, sorted.</summary>
    [AlwaysInterleave]
    Task<string[]> Keys();
}
