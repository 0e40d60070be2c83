namespace EnterpriseHub.Runtime.Invocation;

/// <summary>How the runtime may schedule calls to a method.</summary>
[Flags]
public enum InvokeMethodOptions
{
    /// <summary>A request/response call that respects the grain's reentrancy.</summary>
    None = 0,

    /// <summary>Fire-and-forget: the caller gets no result.</summary>
    OneWay = 1,

    /// <summary>May interleave with any other call on the activation.</summary>
    AlwaysInterleave = 2,
}

/// <summary>Describes one grain interface method. Generated code creates one per method, once per process.</summary>
public sealed class GrainMethodDescriptor
{
    private static int s_lastId;

    /// <summary>Creates a descriptor and assigns it a process-wide id.</summary>
    /// <param name="interfaceType">The grain interface that declares the method.</param>
    /// <param name="methodName">The method's name.</param>
    /// <param name="signature">A stable name for the method across processes: interface, method and parameter types.</param>
    /// <param name="options">Scheduling options from the method's attributes.</param>
    /// <param name="responseTimeout">The per-method timeout, or null for the runtime default.</param>
    public GrainMethodDescriptor(Type interfaceType, string methodName, string signature, InvokeMethodOptions options, TimeSpan? responseTimeout)
    {
        InterfaceType = interfaceType;
        MethodName = methodName;
        Signature = signature;
        Options = options;
        ResponseTimeout = responseTimeout;
        Id = Interlocked.Increment(ref s_lastId);
    }

    /// <summary>Process-wide dense id, used to index per-method statistics without hashing.</summary>
    public int Id { get; }

    /// <summary>The declaring grain interface.</summary>
    public Type InterfaceType { get; }

    /// <summary>The method name as written in the interface.</summary>
    public string MethodName { get; }

    /// <summary>Stable identity used to find the request type when a call arrives from another process.</summary>
    public string Signature { get; }

    /// <summary>Scheduling options.</summary>
    public InvokeMethodOptions Options { get; }

    /// <summary>The per-method timeout, or null for the runtime default.</summary>
    public TimeSpan? ResponseTimeout { get; }

    /// <summary>True for one-way methods.</summary>
    public bool IsOneWay => (Options & InvokeMethodOptions.OneWay) != 0;

    /// <summary>True for methods that may interleave with any call.</summary>
    public bool IsAlwaysInterleave => (Options & InvokeMethodOptions.AlwaysInterleave) != 0;

    /// <inheritdoc />
    public override string ToString() => Signature;
}
