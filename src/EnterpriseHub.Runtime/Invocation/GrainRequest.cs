using System.Text.Json;

namespace EnterpriseHub.Runtime.Invocation;

/// <summary>
/// One call to a grain method: its arguments, and the place its outcome is delivered. Generated code derives
/// one sealed class per interface method from <see cref="Request{TResult}"/> or <see cref="VoidRequest"/>.
/// </summary>
/// <remarks>
/// The request is also the mailbox node (<see cref="Next"/>) and the caller's awaitable, so a call costs one
/// allocation. Outcome delivery is guarded by <see cref="TryBeginCompletion"/>: a request that timed out is
/// completed once, with the timeout, and the grain's later result is dropped.
/// </remarks>
public abstract class GrainRequest
{
    private int _completed;

    internal GrainRequest? Next;

    /// <summary>The response-timeout sweep epoch in which the request was sent.</summary>
    internal int SentEpoch;

    /// <summary>The method this request calls.</summary>
    public abstract GrainMethodDescriptor Method { get; }

    /// <summary>True once the caller has been given an outcome (result, exception or timeout).</summary>
    public bool IsCompleted => Volatile.Read(ref _completed) != 0;

    /// <summary>How the activation schedules this request; system requests override it.</summary>
    internal virtual RequestKind Kind => Method.IsAlwaysInterleave ? RequestKind.Interleave : RequestKind.Normal;

    /// <summary>False for timer ticks that must not keep an idle activation alive.</summary>
    internal virtual bool CountsAsActivity => true;

    /// <summary>Runs the grain method on <paramref name="grain"/> and keeps the outcome for <see cref="Deliver"/>.
    /// Exceptions propagate to the runtime, which passes them to <see cref="SetException"/>.</summary>
    public abstract ValueTask RunAsync(object grain);

    /// <summary>Delivers the kept result to the caller.</summary>
    internal abstract void Deliver();

    /// <summary>Completes when the caller has its outcome; the receiving side of a cross-process call awaits it
    /// before writing the response.</summary>
    internal abstract ValueTask WhenCompleted();

    /// <summary>Delivers an exception to the caller.</summary>
    internal abstract void SetException(Exception exception);

    /// <summary>Writes the arguments as a JSON array, for calls that cross processes.</summary>
    public abstract void WriteArguments(Utf8JsonWriter writer, JsonSerializerOptions options);

    /// <summary>Reads the arguments written by <see cref="WriteArguments"/>.</summary>
    public abstract void ReadArguments(ref Utf8JsonReader reader, JsonSerializerOptions options);

    /// <summary>Claims the single right to complete the caller. Returns false if it was already completed.</summary>
    private protected bool TryBeginCompletion() => Interlocked.Exchange(ref _completed, 1) == 0;

    /// <summary>Reads the next JSON token, failing with a message that names the request.</summary>
    protected void ReadToken(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException($"Arguments of {Method.Signature} end early.");
        }
    }
}

/// <summary>How an activation may schedule a request.</summary>
internal enum RequestKind
{
    /// <summary>Waits until no other non-interleaving request runs (unless the grain is reentrant).</summary>
    Normal,

    /// <summary>May run alongside any request.</summary>
    Interleave,

    /// <summary>Runs alone: activation and deactivation.</summary>
    Exclusive,
}
