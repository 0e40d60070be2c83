using EnterpriseHub.Abstractions.Costs;
using EnterpriseHub.Runtime;

namespace EnterpriseHub.Grains.Costs;

/// <summary>The keys of every cost grain seen, persisted.</summary>
[GrainType("cost-directory")]
public sealed class CostDirectoryGrain([PersistentState("keys")] IPersistentState<CostDirectoryState> state) : Grain, ICostDirectoryGrain
{
    /// <inheritdoc />
    public async Task Register(string[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var added = false;
        foreach (var key in keys)
        {
            CostKeys.Parse(key);
            added |= state.State.Keys.Add(key);
        }

        if (added)
        {
            await state.WriteStateAsync();
        }
    }

    /// <inheritdoc />
    public Task<string[]> Keys() => Task.FromResult(state.State.Keys.Order(StringComparer.Ordinal).ToArray());
}

/// <summary>The directory's keys.</summary>
public sealed class CostDirectoryState
{
    /// <summary>Cost grain keys.</summary>
    public HashSet<string> Keys { get; set; } = new(StringComparer.Ordinal);
}
