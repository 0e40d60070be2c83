namespace EnterpriseHub.CodeGenerator.Models;

/// <summary>One grain method parameter.</summary>
/// <param name="Name">The parameter name as a C# identifier (escaped with @ when it is a keyword).</param>
/// <param name="Type">The fully qualified type with nullable annotations, for declarations.</param>
/// <param name="TypeOfType">The fully qualified type without nullable reference annotations, for typeof.</param>
internal sealed record ParameterModel(string Name, string Type, string TypeOfType);
