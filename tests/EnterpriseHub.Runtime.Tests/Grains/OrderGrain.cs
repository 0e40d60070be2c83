using EnterpriseHub.Runtime;

namespace EnterpriseHub.Runtime.Tests.Grains;

public interface IOrderGrain : IGrainWithStringKey
{
    [OneWay]
    Task Append(int sequence);

    Task<int[]> Received();
}

public sealed class OrderGrain : Grain, IOrderGrain
{
    private readonly List<int> _received = [];

    public async Task Append(int sequence)
    {
        // An await inside each one-way turn: order must hold across suspensions too.
        await Task.Yield();
        _received.Add(sequence);
    }

    public Task<int[]> Received() => Task.FromResult(_received.ToArray());
}
