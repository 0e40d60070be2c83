using EnterpriseHub.Runtime.Invocation;
using EnterpriseHub.Runtime.Statistics;

namespace EnterpriseHub.Runtime.Scheduling;

/// <summary>A grain class as one runtime sees it: its descriptor, resolved settings and statistics.</summary>
internal sealed class GrainClassRuntime(GrainClassDescriptor descriptor, TimeSpan collectionAge, GrainTypeStatistics statistics, DedicatedLane? dedicatedLane)
{
    /// <summary>The thread this type's turns run on, or null for the thread pool.</summary>
    public DedicatedLane? DedicatedLane { get; } = dedicatedLane;

    public GrainClassDescriptor Descriptor { get; } = descriptor;

    public string GrainType => Descriptor.GrainType;

    public bool IsReentrant => Descriptor.IsReentrant;

    /// <summary>The idle age after which activations are collected: the class attribute, else the per-type option,
    /// else the runtime default.</summary>
    public TimeSpan CollectionAge { get; } = collectionAge;

    public GrainTypeStatistics Statistics { get; } = statistics;
}
