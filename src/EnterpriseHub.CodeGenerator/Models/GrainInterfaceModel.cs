namespace EnterpriseHub.CodeGenerator.Models;

/// <summary>A grain interface declared in this compilation, with every method its proxy implements.</summary>
/// <param name="Name">Full name without global::, e.g. MyNs.IFoo.</param>
/// <param name="Type">Fully qualified type syntax, e.g. global::MyNs.IFoo.</param>
/// <param name="Methods">Declared methods first, then those inherited from other grain interfaces.</param>
internal sealed record GrainInterfaceModel(string Name, string Type, EquatableArray<GrainMethodModel> Methods);
