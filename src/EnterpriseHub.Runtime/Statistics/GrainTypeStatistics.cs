using EnterpriseHub.Runtime.Invocation;

namespace EnterpriseHub.Runtime.Statistics;

/// <summary>Statistics of one grain type in one runtime: activations and per-method call figures.</summary>
public sealed class GrainTypeStatistics
{
    private readonly Lock _growLock = new();
    private MethodStatistics?[] _methods = new MethodStatistics?[8];
    private long _activations;
    private long _activationsCreated;
    private long _deactivations;

    internal GrainTypeStatistics(string grainType)
    {
        GrainType = grainType;
    }

    /// <summary>The grain type name.</summary>
    public string GrainType { get; }

    /// <summary>Activations alive now.</summary>
    public long Activations => Volatile.Read(ref _activations);

    /// <summary>Activations created since start.</summary>
    public long ActivationsCreated => Volatile.Read(ref _activationsCreated);

    /// <summary>Activations deactivated since start.</summary>
    public long Deactivations => Volatile.Read(ref _deactivations);

    /// <summary>The methods called so far.</summary>
    public IReadOnlyList<MethodStatistics> Methods
    {
        get
        {
            var list = new List<MethodStatistics>();
            foreach (var method in Volatile.Read(ref _methods))
            {
                if (method is not null)
                {
                    list.Add(method);
                }
            }

            return list;
        }
    }

    internal void ActivationCreated()
    {
        Interlocked.Increment(ref _activations);
        Interlocked.Increment(ref _activationsCreated);
    }

    internal void ActivationRemoved()
    {
        Interlocked.Decrement(ref _activations);
        Interlocked.Increment(ref _deactivations);
    }

    /// <summary>The statistics of <paramref name="method"/>; indexed by the descriptor's dense id, so no hashing per call.</summary>
    internal MethodStatistics For(GrainMethodDescriptor method)
    {
        var methods = Volatile.Read(ref _methods);
        var id = method.Id;
        if ((uint)id < (uint)methods.Length && methods[id] is { } existing)
        {
            return existing;
        }

        return AddMethod(method);
    }

    private MethodStatistics AddMethod(GrainMethodDescriptor method)
    {
        lock (_growLock)
        {
            var methods = _methods;
            if (method.Id >= methods.Length)
            {
                Array.Resize(ref methods, Math.Max(method.Id + 1, methods.Length * 2));
            }

            var stats = methods[method.Id] ??= new MethodStatistics(method);
            Volatile.Write(ref _methods, methods);
            return stats;
        }
    }
}
