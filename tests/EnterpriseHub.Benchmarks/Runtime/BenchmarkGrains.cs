using EnterpriseHub.Runtime;

namespace EnterpriseHub.Benchmarks.Runtime;

/// <summary>The grain the throughput harness calls.</summary>
public interface IPingGrain : IGrainWithStringKey
{
    ValueTask<int> Ping(int value);

    [OneWay]
    Task Tick(int value);

    ValueTask<long> Ticks();
}

public sealed class PingGrain : Grain, IPingGrain
{
    private long _ticks;

    public ValueTask<int> Ping(int value) => ValueTask.FromResult(value + 1);

    public Task Tick(int value)
    {
        _ticks++;
        return Task.CompletedTask;
    }

    public ValueTask<long> Ticks() => ValueTask.FromResult(_ticks);
}

/// <summary>A grain with no state of its own, for the memory-per-idle-activation figure.</summary>
public interface IEmptyGrain : IGrainWithStringKey
{
    ValueTask Touch();
}

public sealed class EmptyGrain : Grain, IEmptyGrain
{
    public ValueTask Touch() => ValueTask.CompletedTask;
}
