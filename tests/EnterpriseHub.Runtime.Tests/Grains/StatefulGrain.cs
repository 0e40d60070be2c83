using System.Collections.Concurrent;
using EnterpriseHub.Runtime;

namespace EnterpriseHub.Runtime.Tests.Grains;

public interface IStatefulGrain : IGrainWithStringKey
{
    /// <summary>Changes the state in memory only; deactivation must persist it.</summary>
    Task Set(int value);

    /// <summary>Changes the state and writes it.</summary>
    Task SetAndWrite(int value);

    Task<int> Get();

    Task<string?> Etag();

    Task Deactivate();
}

public sealed class CounterState
{
    public int Value { get; set; }
}

[CollectionAgeLimit(Minutes = 2)]
public sealed class StatefulGrain([PersistentState("counter")] IPersistentState<CounterState> state) : Grain, IStatefulGrain
{
    /// <summary>Activations per key, so tests can tell a reactivation from the same activation.</summary>
    public static readonly ConcurrentDictionary<string, int> Activations = new();

    /// <summary>Deactivation reasons per key.</summary>
    public static readonly ConcurrentDictionary<string, DeactivationReasonCode> LastDeactivation = new();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Activations.AddOrUpdate(GetPrimaryKeyString(), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        LastDeactivation[GetPrimaryKeyString()] = reason.ReasonCode;
        return Task.CompletedTask;
    }

    public Task Set(int value)
    {
        state.State.Value = value;
        return Task.CompletedTask;
    }

    public Task SetAndWrite(int value)
    {
        state.State.Value = value;
        return state.WriteStateAsync();
    }

    public Task<int> Get() => Task.FromResult(state.State.Value);

    public Task<string?> Etag() => Task.FromResult(state.Etag);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
