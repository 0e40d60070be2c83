using EnterpriseHub.Runtime;

namespace EnterpriseHub.Runtime.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Reads the count, yields, then writes count + 1: a lost update if two turns ever interleave.</summary>
    Task<int> IncrementWithAwait();

    ValueTask<int> Get();
}

public sealed class CounterGrain : Grain, ICounterGrain
{
    private int _count;

    public async Task<int> IncrementWithAwait()
    {
        var seen = _count;
        await Task.Yield();
        await Task.Delay(0);
        _count = seen + 1;
        return _count;
    }

    public ValueTask<int> Get() => ValueTask.FromResult(_count);
}
