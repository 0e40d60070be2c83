using EnterpriseHub.Runtime;

namespace EnterpriseHub.Runtime.Tests.Grains;

public interface IFaultGrain : IGrainWithStringKey
{
    Task Throw(string message);

    Task<int> ThrowAfterAwait(string message);

    [ResponseTimeout("00:00:00.200")]
    Task<int> Hang();

    [AlwaysInterleave]
    Task ReleaseHang();

    Task<int> Ping();
}

public sealed class FaultGrain : Grain, IFaultGrain
{
    private readonly TaskCompletionSource<int> _never = new();

    public Task Throw(string message) => throw new InvalidOperationException(message);

    public async Task<int> ThrowAfterAwait(string message)
    {
        await Task.Yield();
        throw new ArgumentException(message, nameof(message));
    }

    public Task<int> Hang() => _never.Task;

    public Task ReleaseHang()
    {
        _never.TrySetResult(0);
        return Task.CompletedTask;
    }

    public Task<int> Ping() => Task.FromResult(1);
}

public interface IFailingActivationGrain : IGrainWithStringKey
{
    Task<int> Ping();
}

public sealed class FailingActivationGrain : Grain, IFailingActivationGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"cannot activate {GetPrimaryKeyString()}");

    public Task<int> Ping() => Task.FromResult(1);
}
