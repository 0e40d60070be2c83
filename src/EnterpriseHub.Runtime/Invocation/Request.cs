using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Tasks.Sources;

namespace EnterpriseHub.Runtime.Invocation;

/// <summary>A call to a grain method that returns <typeparamref name="TResult"/>.</summary>
public abstract class Request<TResult> : GrainRequest, IValueTaskSource<TResult>
{
    // Continuations run asynchronously so that caller code never runs inside the callee's turn.
    private ManualResetValueTaskSourceCore<TResult> _core = new() { RunContinuationsAsynchronously = true };
    private TResult? _result;

    /// <summary>Calls the grain method. Generated code casts <paramref name="grain"/> to the interface.</summary>
    protected abstract ValueTask<TResult> InvokeCore(object grain);

    /// <inheritdoc />
    public sealed override ValueTask RunAsync(object grain)
    {
        var pending = InvokeCore(grain);
        if (pending.IsCompletedSuccessfully)
        {
            _result = pending.Result;
            return default;
        }

        return AwaitResult(pending);
    }

    private async ValueTask AwaitResult(ValueTask<TResult> pending) => _result = await pending.ConfigureAwait(false);

    internal sealed override void Deliver()
    {
        if (TryBeginCompletion())
        {
            _core.SetResult(_result!);
        }
    }

    internal sealed override void SetException(Exception exception)
    {
        if (TryBeginCompletion())
        {
            _core.SetException(exception);
        }
    }

    /// <summary>Writes the result as JSON, for responses that cross processes.</summary>
    public void WriteResult(Utf8JsonWriter writer, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, _result!, (JsonTypeInfo<TResult>)options.GetTypeInfo(typeof(TResult)));

    /// <summary>Reads a result written by <see cref="WriteResult"/> and completes the caller: the response half of a
    /// call that crossed processes.</summary>
    public void ReadResult(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        _result = JsonSerializer.Deserialize(ref reader, (JsonTypeInfo<TResult>)options.GetTypeInfo(typeof(TResult)));
        Deliver();
    }

    TResult IValueTaskSource<TResult>.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<TResult>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<TResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    /// <summary>The awaitable the caller gets.</summary>
    internal ValueTask<TResult> AsValueTask() => new(this, _core.Version);

    internal override ValueTask WhenCompleted() => new(AsValueTask().AsTask());
}

/// <summary>A call to a grain method that returns no value.</summary>
public abstract class VoidRequest : GrainRequest, IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };

    /// <summary>Calls the grain method. Generated code casts <paramref name="grain"/> to the interface.</summary>
    protected abstract ValueTask InvokeCore(object grain);

    /// <inheritdoc />
    public sealed override ValueTask RunAsync(object grain) => InvokeCore(grain);

    internal sealed override void Deliver()
    {
        if (TryBeginCompletion())
        {
            _core.SetResult(true);
        }
    }

    internal sealed override void SetException(Exception exception)
    {
        if (TryBeginCompletion())
        {
            _core.SetException(exception);
        }
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    /// <summary>The awaitable the caller gets.</summary>
    internal ValueTask AsValueTask() => new(this, _core.Version);

    internal override ValueTask WhenCompleted() => AsValueTask();
}
