using System.Threading.Channels;
using System.Threading.Tasks.Sources;

namespace EnterpriseHub.Benchmarks.Runtime;

/// <summary>
/// The same message pattern as the grain harness through bare <see cref="Channel{T}"/>s: one single-reader channel
/// and one consumer loop per actor, and a pooled-free awaitable request per call. It has no mailbox policy, no
/// statistics, no turn bookkeeping: the practical ceiling the runtime is compared with.
/// </summary>
internal sealed class ChannelBaseline
{
    private readonly Channel<BaselineRequest>[] _actors;

    public ChannelBaseline(int actors)
    {
        _actors = new Channel<BaselineRequest>[actors];
        for (var i = 0; i < actors; i++)
        {
            var channel = Channel.CreateUnbounded<BaselineRequest>(new UnboundedChannelOptions { SingleReader = true });
            _actors[i] = channel;
            _ = ConsumeAsync(channel.Reader);
        }
    }

    public ValueTask<int> Ping(int actor, int value)
    {
        var request = new BaselineRequest(value);
        _actors[actor].Writer.TryWrite(request);
        return request.AsValueTask();
    }

    public void Stop()
    {
        foreach (var actor in _actors)
        {
            actor.Writer.TryComplete();
        }
    }

    private static async Task ConsumeAsync(ChannelReader<BaselineRequest> reader)
    {
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var request))
            {
                request.Complete(request.Value + 1);
            }
        }
    }

    private sealed class BaselineRequest(int value) : IValueTaskSource<int>
    {
        private ManualResetValueTaskSourceCore<int> _core = new() { RunContinuationsAsynchronously = true };

        public int Value { get; } = value;

        public ValueTask<int> AsValueTask() => new(this, _core.Version);

        public void Complete(int result) => _core.SetResult(result);

        public int GetResult(short token) => _core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
