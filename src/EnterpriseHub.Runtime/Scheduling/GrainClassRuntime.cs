using EnterpriseHub.Runtime.Invocation;
using EnterpriseHub.Runtime.Statistics;

namespace EnterpriseHub.Runtime.Scheduling;

/// <summary>A grain class as one runtime sees it: its descriptor, resolved settings and statistics.</summary>
internal sealed class GrainClassRuntime(GrainClassDescriptor descriptor, TimeSpan collectionAge, GrainTypeStatistics statistics, DedicatedLane[]? lanes)
{
    /// <summary>The threads this type's turns run on, each activation always on the same one; null for the thread pool.</summary>
    public DedicatedLane[]? Lanes { get; } = lanes;

    /// <summary>The lane an activation of this type runs on: the one its key hashes to, or null for the thread pool.</summary>
    public DedicatedLane? LaneFor(GrainId grainId) =>
        Lanes is { } lanes ? lanes[(int)((uint)grainId.Key.GetHashCode(StringComparison.Ordinal) % (uint)lanes.Length)] : null;

    public GrainClassDescriptor Descriptor { get; } = descriptor;

    public string GrainType => Descriptor.GrainType;

    public bool IsReentrant => Descriptor.IsReentrant;

    /// <summary>The idle age after which activations are collected: the class attribute, else the per-type option,
    /// else the runtime default.</summary>
    public TimeSpan CollectionAge { get; } = collectionAge;

    public GrainTypeStatistics Statistics { get; } = statistics;
}
