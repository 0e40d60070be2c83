namespace EnterpriseHub.Runtime.Invocation;

/// <summary>Describes a grain class to the runtime. Generated code registers one per class.</summary>
/// <param name="GrainClass">The grain class.</param>
/// <param name="GrainType">The grain type name (class name, or <see cref="GrainTypeAttribute"/>).</param>
/// <param name="Interfaces">The grain interfaces the class implements.</param>
/// <param name="IsReentrant">True when the class is marked <see cref="ReentrantAttribute"/>.</param>
/// <param name="CollectionAge">The class's <see cref="CollectionAgeLimitAttribute"/>, if any.</param>
/// <param name="Activator">Creates instances without reflection.</param>
public sealed record GrainClassDescriptor(
    Type GrainClass,
    string GrainType,
    IReadOnlyList<Type> Interfaces,
    bool IsReentrant,
    TimeSpan? CollectionAge,
    GrainActivator Activator);
