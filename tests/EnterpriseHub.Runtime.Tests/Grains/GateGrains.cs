using EnterpriseHub.Runtime;

namespace EnterpriseHub.Runtime.Tests.Grains;

public interface IGateGrain : IGrainWithStringKey
{
    /// <summary>Waits inside the grain until <paramref name="expected"/> calls are inside at once, then returns how
    /// many were inside at most.</summary>
    Task<int> EnterAndWaitForOthers(int expected);

    /// <summary>Returns at once; may interleave with anything.</summary>
    [AlwaysInterleave]
    Task<int> PeekInside();

    [ResponseTimeout("00:00:00.300")]
    Task<int> EnterAndWaitShortTimeout(int expected);
}

internal static class Gate
{
    public static async Task<int> Enter(GateState state, int expected)
    {
        state.Inside++;
        state.MaxInside = Math.Max(state.MaxInside, state.Inside);
        if (state.Inside >= expected)
        {
            state.AllInside.TrySetResult();
        }

        await state.AllInside.Task;
        state.Inside--;
        return state.MaxInside;
    }
}

internal sealed class GateState
{
    public int Inside;
    public int MaxInside;
    public TaskCompletionSource AllInside { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

[Reentrant]
public sealed class ReentrantGateGrain : Grain, IGateGrain
{
    private readonly GateState _state = new();

    public Task<int> EnterAndWaitForOthers(int expected) => Gate.Enter(_state, expected);

    public Task<int> PeekInside() => Task.FromResult(_state.Inside);

    public Task<int> EnterAndWaitShortTimeout(int expected) => Gate.Enter(_state, expected);
}

public interface INonReentrantGateGrain : IGrainWithStringKey
{
    [ResponseTimeout("00:00:00.300")]
    Task<int> EnterAndWaitForOthers(int expected);

    [AlwaysInterleave]
    Task<int> PeekInside();

    /// <summary>Opens the gate so calls stuck inside finish.</summary>
    [AlwaysInterleave]
    Task Release();
}

public sealed class NonReentrantGateGrain : Grain, INonReentrantGateGrain
{
    private readonly GateState _state = new();

    public Task<int> EnterAndWaitForOthers(int expected) => Gate.Enter(_state, expected);

    public Task<int> PeekInside() => Task.FromResult(_state.Inside);

    public Task Release()
    {
        _state.AllInside.TrySetResult();
        return Task.CompletedTask;
    }
}
