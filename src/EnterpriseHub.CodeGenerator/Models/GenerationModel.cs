namespace EnterpriseHub.CodeGenerator.Models;

/// <summary>Everything one compilation's generated sources depend on.</summary>
/// <param name="Namespace">The namespace of the generated types, unique per assembly.</param>
/// <param name="Interfaces">Grain interfaces declared in source, without errors.</param>
/// <param name="Classes">Grain classes declared in source, without errors.</param>
internal sealed record GenerationModel(
    string Namespace,
    EquatableArray<GrainInterfaceModel> Interfaces,
    EquatableArray<GrainClassModel> Classes);
