using System.Collections.Generic;
using System.Threading;
using EnterpriseHub.CodeGenerator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EnterpriseHub.CodeGenerator.Analysis;

/// <summary>Reads a grain interface declaration into a <see cref="GrainInterfaceModel"/> with every method its proxy
/// must implement, declared or inherited from other grain interfaces.</summary>
internal static class GrainInterfaceReader
{
    public static bool IsCandidate(SyntaxNode node) => node is InterfaceDeclarationSyntax { BaseList: not null };

    /// <summary>Returns null when the node is not a grain interface (or is a later part of a partial one).</summary>
    public static ReadResult<GrainInterfaceModel>? Read(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        var declaration = (InterfaceDeclarationSyntax)context.Node;
        if (context.SemanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol symbol
            || !KnownTypes.IsGrainInterface(symbol)
            || !Declarations.IsFirst(symbol, declaration))
        {
            return null;
        }

        var compilation = context.SemanticModel.Compilation;
        var name = TypeNames.Signature(symbol);
        var location = declaration.Identifier.GetLocation();
        var diagnostics = new List<DiagnosticInfo>();

        if (Declarations.IsGeneric(symbol))
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.GenericInterface, location, name, name));
            return Failed(diagnostics);
        }

        if (!compilation.IsSymbolAccessibleWithin(symbol, compilation.Assembly))
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.Inaccessible, location, name));
            return Failed(diagnostics);
        }

        var methods = new List<GrainMethodModel>();
        var valid = ReadMethods(symbol, name, location, methods, diagnostics, inCompilation: true, cancellationToken);

        foreach (var baseInterface in symbol.AllInterfaces)
        {
            if (KnownTypes.IsGrainMarker(baseInterface))
            {
                continue;
            }

            var baseName = TypeNames.Signature(baseInterface);
            if (!KnownTypes.IsGrainInterface(baseInterface))
            {
                if (HasInstanceMembers(baseInterface))
                {
                    diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UnsupportedMember, location, name, baseName));
                    valid = false;
                }

                continue;
            }

            if (Declarations.IsGeneric(baseInterface))
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.GenericInterface, location, name, baseName));
                valid = false;
                continue;
            }

            if (!compilation.IsSymbolAccessibleWithin(baseInterface, compilation.Assembly))
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.Inaccessible, location, baseName));
                valid = false;
                continue;
            }

            // A base declared in this compilation reports its own errors; one from a reference is reported here,
            // at the derived interface, because nothing else will.
            var fromSource = SymbolEqualityComparer.Default.Equals(baseInterface.ContainingAssembly, compilation.Assembly);
            valid &= ReadMethods(baseInterface, name, location, methods, fromSource ? null : diagnostics, fromSource, cancellationToken);
        }

        var model = valid ? new GrainInterfaceModel(name, TypeNames.Plain(symbol), EquatableArray<GrainMethodModel>.From(methods)) : null;
        return new ReadResult<GrainInterfaceModel>(model, EquatableArray<DiagnosticInfo>.From(diagnostics));
    }

    /// <summary>Reads the grain methods <paramref name="declaringInterface"/> itself declares, numbering them in
    /// declaration order. Returns false if any member cannot be generated.</summary>
    private static bool ReadMethods(
        INamedTypeSymbol declaringInterface,
        string grainInterfaceName,
        Location fallback,
        List<GrainMethodModel> methods,
        List<DiagnosticInfo>? diagnostics,
        bool inCompilation,
        CancellationToken cancellationToken)
    {
        var valid = true;
        var index = 0;
        foreach (var member in declaringInterface.GetMembers())
        {
            if (!member.IsAbstract)
            {
                // Default implementations and static helpers run where they are called; nothing to generate.
                continue;
            }

            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false } method)
            {
                var model = GrainMethodReader.Read(method, index++, fallback, diagnostics, inCompilation, cancellationToken);
                if (model is null)
                {
                    valid = false;
                }
                else
                {
                    methods.Add(model);
                }
            }
            else if (member is not IMethodSymbol { AssociatedSymbol: not null })
            {
                // Properties, events, indexers and static abstract members; their accessors are reported with them.
                var location = inCompilation ? GrainMethodReader.SourceLocation(member.Locations, fallback) : fallback;
                diagnostics?.Add(DiagnosticInfo.Create(Diagnostics.UnsupportedMember, location, grainInterfaceName, member.Name));
                valid = false;
            }
        }

        return valid;
    }

    private static bool HasInstanceMembers(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            if (member.IsAbstract && !member.IsStatic)
            {
                return true;
            }
        }

        return false;
    }

    private static ReadResult<GrainInterfaceModel> Failed(List<DiagnosticInfo> diagnostics) =>
        new(null, EquatableArray<DiagnosticInfo>.From(diagnostics));
}
