using Microsoft.CodeAnalysis;

namespace EnterpriseHub.CodeGenerator.Analysis;

/// <summary>Recognises the runtime's and the BCL's types by name, without asking the compilation for symbols
/// (cheap, and works whichever assembly declares them).</summary>
internal static class KnownTypes
{
    private static readonly string[] s_runtime = ["EnterpriseHub", "Runtime"];
    private static readonly string[] s_tasks = ["System", "Threading", "Tasks"];
    private static readonly string[] s_threading = ["System", "Threading"];

    public static bool IsGrainMarker(ITypeSymbol type) =>
        IsRuntime(type, "IGrain", 0) || IsRuntime(type, "IGrainWithStringKey", 0);

    /// <summary>True for an interface that derives from IGrain, other than the marker interfaces themselves.</summary>
    public static bool IsGrainInterface(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Interface || IsGrainMarker(type))
        {
            return false;
        }

        foreach (var baseInterface in type.AllInterfaces)
        {
            if (IsRuntime(baseInterface, "IGrain", 0))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsGrainBaseClass(INamedTypeSymbol type) => IsRuntime(type, "Grain", 0);

    public static bool IsPersistentState(ITypeSymbol type) => IsRuntime(type, "IPersistentState", 1);

    public static bool IsRuntimeAttribute(AttributeData attribute, string name) =>
        attribute.AttributeClass is { } type && IsRuntime(type, name, 0);

    public static bool IsTask(ITypeSymbol type, int arity) => Is(type, s_tasks, "Task", arity);

    public static bool IsValueTask(ITypeSymbol type, int arity) => Is(type, s_tasks, "ValueTask", arity);

    public static bool IsCancellationToken(ITypeSymbol type) => Is(type, s_threading, "CancellationToken", 0);

    private static bool IsRuntime(ITypeSymbol type, string name, int arity) => Is(type, s_runtime, name, arity);

    private static bool Is(ITypeSymbol type, string[] namespaceParts, string name, int arity)
    {
        if (type.Name != name || type.ContainingType is not null)
        {
            return false;
        }

        if ((type is INamedTypeSymbol named ? named.Arity : 0) != arity)
        {
            return false;
        }

        var ns = type.ContainingNamespace;
        for (var i = namespaceParts.Length - 1; i >= 0; i--)
        {
            if (ns is null || ns.Name != namespaceParts[i])
            {
                return false;
            }

            ns = ns.ContainingNamespace;
        }

        return ns is { IsGlobalNamespace: true };
    }
}
