namespace EnterpriseHub.CodeGenerator.Models;

/// <summary>Where a grain constructor argument comes from.</summary>
internal enum ActivatorArgumentKind
{
    /// <summary>A required service: GetRequiredService.</summary>
    RequiredService,

    /// <summary>A parameter with a default value: GetService, falling back to the default.</summary>
    OptionalService,

    /// <summary>A [PersistentState] parameter: the activation context supplies it.</summary>
    PersistentState,
}

/// <summary>One argument of the constructor call in a generated grain activator.</summary>
/// <param name="Kind">Where the argument comes from.</param>
/// <param name="Type">The parameter type (for persistent state: the state type), fully qualified, unannotated.</param>
/// <param name="IsNonNullableValueType">True for value types other than Nullable{T}: GetService{T} cannot tell "absent" from default.</param>
/// <param name="DefaultValue">The default value as a C# expression, for optional services.</param>
/// <param name="StateName">The state name as a C# literal, for persistent state.</param>
/// <param name="StorageName">The storage name as a C# literal or null, for persistent state.</param>
internal sealed record ActivatorArgumentModel(
    ActivatorArgumentKind Kind,
    string Type,
    bool IsNonNullableValueType,
    string? DefaultValue,
    string? StateName,
    string? StorageName);
