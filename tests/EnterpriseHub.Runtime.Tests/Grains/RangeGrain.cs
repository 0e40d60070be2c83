using EnterpriseHub.Runtime;

namespace EnterpriseHub.Runtime.Tests.Grains;

public interface IRangeGrain : IGrainWithStringKey
{
    /// <summary>Sets the last value and writes the state.</summary>
    Task SetLast(double value);

    Task<RangeState> Get();
}

/// <summary>A state whose fields start at −∞, +∞ and NaN, as detector state does before it has seen data.</summary>
public sealed class RangeState
{
    public double Low { get; set; } = double.PositiveInfinity;

    public double High { get; set; } = double.NegativeInfinity;

    public double Last { get; set; } = double.NaN;
}

public sealed class RangeGrain([PersistentState("range")] IPersistentState<RangeState> state) : Grain, IRangeGrain
{
    public Task SetLast(double value)
    {
        state.State.Last = value;
        return state.WriteStateAsync();
    }

    public Task<RangeState> Get() => Task.FromResult(state.State);
}
