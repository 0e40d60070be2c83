using Microsoft.CodeAnalysis;

namespace EnterpriseHub.CodeGenerator.Analysis;

/// <summary>Facts about type declarations shared by the interface and class readers.</summary>
internal static class Declarations
{
    /// <summary>True when <paramref name="node"/> is the first declaration of <paramref name="symbol"/>, so a partial
    /// type is read once, not once per part.</summary>
    public static bool IsFirst(INamedTypeSymbol symbol, SyntaxNode node)
    {
        var references = symbol.DeclaringSyntaxReferences;
        return references.Length == 0
            || (references[0].SyntaxTree == node.SyntaxTree && references[0].Span == node.Span);
    }

    /// <summary>True for generic types and types nested in generic types (whose typeof would be open).</summary>
    public static bool IsGeneric(INamedTypeSymbol symbol)
    {
        for (var type = symbol; type is not null; type = type.ContainingType)
        {
            if (type.IsGenericType)
            {
                return true;
            }
        }

        return false;
    }
}
