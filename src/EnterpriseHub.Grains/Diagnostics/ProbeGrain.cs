using EnterpriseHub.Abstractions.Diagnostics;
using EnterpriseHub.Runtime;

namespace EnterpriseHub.Grains.Diagnostics;

/// <summary>Keeps one probe value in persistent state; each write is durable before it returns.</summary>
[GrainType("probe")]
public sealed class ProbeGrain(
    [PersistentState("probe")] IPersistentState<ProbeGrain.ProbeState> state,
    TimeProvider timeProvider) : Grain, IProbeGrain
{
    /// <inheritdoc />
    public async Task<ProbeRecord> Write(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        state.State.Value = value;
        state.State.Writes++;
        state.State.UpdatedUtc = timeProvider.GetUtcNow();
        await state.WriteStateAsync();
        return ToRecord();
    }

    /// <inheritdoc />
    public Task<ProbeRecord?> Read() => Task.FromResult(state.RecordExists ? ToRecord() : null);

    private ProbeRecord ToRecord() => new(GetPrimaryKeyString(), state.State.Value, state.State.Writes, state.State.UpdatedUtc);

    /// <summary>The stored form of a probe.</summary>
    public sealed class ProbeState
    {
        /// <summary>The last value written.</summary>
        public string Value { get; set; } = "";

        /// <summary>How many times it was written.</summary>
        public long Writes { get; set; }

        /// <summary>When it was last written.</summary>
        public DateTimeOffset UpdatedUtc { get; set; }
    }
}
