using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EnterpriseHub.CodeGenerator.Analysis;

/// <summary>How types and names are written into generated code and into method signatures.</summary>
internal static class TypeNames
{
    /// <summary>global::-qualified, with nullable reference annotations: for declarations that must match the
    /// interface exactly (explicit implementations, fields, type arguments).</summary>
    private static readonly SymbolDisplayFormat s_annotated = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Full names without global:: and without nullable reference annotations, C# keywords for special
    /// types: the stable form used in signatures, e.g. <c>MyNs.IFoo.Put(string, System.Collections.Generic.List&lt;MyNs.Item&gt;)</c>.</summary>
    private static readonly SymbolDisplayFormat s_signature = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    /// <summary>Fully qualified with nullable annotations, for declarations.</summary>
    public static string Annotated(ITypeSymbol type) => type.ToDisplayString(s_annotated);

    /// <summary>Fully qualified without nullable reference annotations, for typeof and type arguments where
    /// annotations do not matter.</summary>
    public static string Plain(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    /// <summary>The name used in signatures and descriptors.</summary>
    public static string Signature(ITypeSymbol type) => type.ToDisplayString(s_signature);

    /// <summary>A name as a C# identifier: keywords get an @ prefix.</summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>Turns any text into an identifier fragment by replacing every non-identifier character with _.</summary>
    public static string Mangle(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(SyntaxFacts.IsIdentifierPartCharacter(c) ? c : '_');
        }

        return builder.ToString();
    }

    /// <summary>The namespace of one assembly's generated types.</summary>
    public static string GeneratedNamespace(string? assemblyName)
    {
        var name = Mangle(string.IsNullOrEmpty(assemblyName) ? "Unnamed" : assemblyName!);
        if (!SyntaxFacts.IsIdentifierStartCharacter(name[0]) || SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None)
        {
            name = "_" + name;
        }

        return "EnterpriseHub.Generated." + name;
    }
}
