namespace EnterpriseHub.Runtime.Invocation;

/// <summary>What the runtime hands to a generated proxy's constructor.</summary>
public readonly struct GrainReferenceArgs
{
    internal GrainReferenceArgs(GrainId grainId, IGrainCallInvoker invoker)
    {
        GrainId = grainId;
        Invoker = invoker;
    }

    /// <summary>The grain the reference points to.</summary>
    public GrainId GrainId { get; }

    internal IGrainCallInvoker Invoker { get; }
}

/// <summary>
/// Base of generated grain proxies. A reference holds the grain id and, after the first call, the activation it
/// reached, so that warm calls skip the directory.
/// </summary>
public abstract class GrainReference : IEquatable<GrainReference>
{
    private readonly IGrainCallInvoker _invoker;

    /// <summary>Called by generated proxies.</summary>
    protected GrainReference(GrainReferenceArgs args)
    {
        GrainId = args.GrainId;
        _invoker = args.Invoker ?? throw new ArgumentException("Grain references are created by IGrainFactory.GetGrain.", nameof(args));
    }

    /// <summary>The grain this reference points to.</summary>
    public GrainId GrainId { get; }

    /// <summary>The activation the last call reached; the runtime revalidates it on every call.</summary>
    internal object? CachedTarget;

    /// <summary>Sends a request/response call.</summary>
    protected ValueTask<TResult> InvokeAsync<TResult>(Request<TResult> request)
    {
        var pending = request.AsValueTask();
        _invoker.Send(this, request);
        return pending;
    }

    /// <summary>Sends a call without a result value.</summary>
    protected ValueTask InvokeAsync(VoidRequest request)
    {
        var pending = request.AsValueTask();
        _invoker.Send(this, request);
        return pending;
    }

    /// <summary>Sends a one-way call and returns at once.</summary>
    protected void InvokeOneWay(GrainRequest request) => _invoker.Send(this, request);

    /// <inheritdoc />
    public bool Equals(GrainReference? other) => other is not null && GrainId.Equals(other.GrainId);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is GrainReference other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => GrainId.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => GrainId.ToString();
}
