namespace EnterpriseHub.CodeGenerator.Models;

/// <summary>A grain class declared in this compilation, as its <c>GrainClassDescriptor</c> registration needs it.</summary>
/// <param name="Type">Fully qualified type syntax.</param>
/// <param name="GrainType">The grain type name: the class name or the [GrainType] value.</param>
/// <param name="Interfaces">The grain interfaces it implements, fully qualified, excluding the marker interfaces.</param>
/// <param name="IsReentrant">True when the class or a base class is [Reentrant].</param>
/// <param name="CollectionAgeTicks">The [CollectionAgeLimit] in ticks, or null.</param>
/// <param name="Arguments">The constructor arguments in order.</param>
internal sealed record GrainClassModel(
    string Type,
    string GrainType,
    EquatableArray<string> Interfaces,
    bool IsReentrant,
    long? CollectionAgeTicks,
    EquatableArray<ActivatorArgumentModel> Arguments);
