using System.Collections.Generic;
using System.Threading;
using EnterpriseHub.CodeGenerator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EnterpriseHub.CodeGenerator.Analysis;

/// <summary>Reads a grain class declaration into a <see cref="GrainClassModel"/>: its descriptor facts and the
/// constructor call its activator makes.</summary>
internal static class GrainClassReader
{
    private const long TicksPerSecond = 10_000_000;
    private const long TicksPerMinute = 60 * TicksPerSecond;

    public static bool IsCandidate(SyntaxNode node) =>
        node is ClassDeclarationSyntax { BaseList: not null } declaration
        && !declaration.Modifiers.Any(SyntaxKind.AbstractKeyword)
        && !declaration.Modifiers.Any(SyntaxKind.StaticKeyword);

    /// <summary>Returns null when the node is not a concrete, non-generic grain class with a grain interface.</summary>
    public static ReadResult<GrainClassModel>? Read(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        var declaration = (ClassDeclarationSyntax)context.Node;
        if (context.SemanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol symbol
            || symbol.IsAbstract
            || Declarations.IsGeneric(symbol)
            || !InheritsGrain(symbol)
            || !Declarations.IsFirst(symbol, declaration))
        {
            return null;
        }

        var interfaces = new List<string>();
        foreach (var candidate in symbol.AllInterfaces)
        {
            if (KnownTypes.IsGrainInterface(candidate))
            {
                interfaces.Add(TypeNames.Plain(candidate));
            }
        }

        if (interfaces.Count == 0)
        {
            return null;
        }

        var compilation = context.SemanticModel.Compilation;
        var className = symbol.ToDisplayString();
        var location = declaration.Identifier.GetLocation();
        var diagnostics = new List<DiagnosticInfo>();
        var valid = true;

        if (!compilation.IsSymbolAccessibleWithin(symbol, compilation.Assembly))
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.Inaccessible, location, className));
            valid = false;
        }

        var grainType = symbol.Name;
        foreach (var attribute in symbol.GetAttributes())
        {
            // [GrainType] names this class only: a derived class is another grain type.
            if (KnownTypes.IsRuntimeAttribute(attribute, "GrainTypeAttribute"))
            {
                var name = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
                if (string.IsNullOrWhiteSpace(name) || name!.IndexOf('/') >= 0)
                {
                    var attributeLocation = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? location;
                    diagnostics.Add(DiagnosticInfo.Create(Diagnostics.InvalidGrainType, attributeLocation, name ?? "null", className));
                    valid = false;
                }
                else
                {
                    grainType = name;
                }
            }
        }

        var arguments = ReadConstructor(symbol, className, location, diagnostics, cancellationToken);
        if (!valid || arguments is null)
        {
            return new ReadResult<GrainClassModel>(null, EquatableArray<DiagnosticInfo>.From(diagnostics));
        }

        var model = new GrainClassModel(
            TypeNames.Plain(symbol),
            grainType,
            EquatableArray<string>.From(interfaces),
            IsReentrant(symbol),
            ReadCollectionAge(symbol),
            EquatableArray<ActivatorArgumentModel>.From(arguments));
        return new ReadResult<GrainClassModel>(model, EquatableArray<DiagnosticInfo>.From(diagnostics));
    }

    private static List<ActivatorArgumentModel>? ReadConstructor(
        INamedTypeSymbol symbol,
        string className,
        Location location,
        List<DiagnosticInfo> diagnostics,
        CancellationToken cancellationToken)
    {
        // A class without declared constructors has the implicit public parameterless one in this list.
        IMethodSymbol? constructor = null;
        var publicCount = 0;
        foreach (var candidate in symbol.InstanceConstructors)
        {
            if (candidate.DeclaredAccessibility == Accessibility.Public)
            {
                constructor = candidate;
                publicCount++;
            }
        }

        if (publicCount != 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.ConstructorCount, location, className, publicCount.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return null;
        }

        var arguments = new List<ActivatorArgumentModel>();
        var valid = true;
        foreach (var parameter in constructor!.Parameters)
        {
            var parameterLocation = GrainMethodReader.SourceLocation(parameter.Locations, location);
            if (parameter.RefKind is RefKind.Ref or RefKind.Out)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.ByRefParameter, parameterLocation, parameter.Name, className, parameter.RefKind == RefKind.Ref ? "ref" : "out"));
                valid = false;
                continue;
            }

            var stateAttribute = FindAttribute(parameter.GetAttributes(), "PersistentStateAttribute");
            if (stateAttribute is null)
            {
                arguments.Add(ServiceArgument(parameter));
                continue;
            }

            var state = ReadPersistentState(parameter, stateAttribute, className, parameterLocation, diagnostics);
            if (state is null)
            {
                valid = false;
            }
            else
            {
                arguments.Add(state);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return valid ? arguments : null;
    }

    private static ActivatorArgumentModel ServiceArgument(IParameterSymbol parameter)
    {
        var type = parameter.Type;
        var isNonNullableValueType = type.IsValueType && type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T;
        if (!parameter.HasExplicitDefaultValue)
        {
            return new ActivatorArgumentModel(ActivatorArgumentKind.RequiredService, TypeNames.Plain(type), isNonNullableValueType, null, null, null);
        }

        var defaultValue = ConstantFormatter.Format(parameter.ExplicitDefaultValue, type);
        return new ActivatorArgumentModel(ActivatorArgumentKind.OptionalService, TypeNames.Plain(type), isNonNullableValueType, defaultValue, null, null);
    }

    private static ActivatorArgumentModel? ReadPersistentState(
        IParameterSymbol parameter,
        AttributeData attribute,
        string className,
        Location? location,
        List<DiagnosticInfo> diagnostics)
    {
        if (!KnownTypes.IsPersistentState(parameter.Type) || parameter.Type is not INamedTypeSymbol { TypeArguments.Length: 1 } stateInterface)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.PersistentStateType, location, parameter.Name, className, parameter.Type.ToDisplayString()));
            return null;
        }

        var stateType = stateInterface.TypeArguments[0];
        if (!HasPublicParameterlessConstructor(stateType))
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.StateTypeNotCreatable, location, stateType.ToDisplayString(), parameter.Name));
            return null;
        }

        var arguments = attribute.ConstructorArguments;
        var stateName = arguments.Length > 0 ? arguments[0].Value as string : null;
        var storageName = arguments.Length > 1 ? arguments[1].Value as string : null;
        return new ActivatorArgumentModel(
            ActivatorArgumentKind.PersistentState,
            TypeNames.Plain(stateType),
            false,
            null,
            stateName is null ? "null" : SymbolDisplay.FormatLiteral(stateName, quote: true),
            storageName is null ? "null" : SymbolDisplay.FormatLiteral(storageName, quote: true));
    }

    private static bool HasPublicParameterlessConstructor(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol named || type.IsRefLikeType)
        {
            return false;
        }

        if (named.TypeKind == TypeKind.Struct || named.TypeKind == TypeKind.Enum)
        {
            return true;
        }

        if (named.TypeKind != TypeKind.Class || named.IsAbstract)
        {
            return false;
        }

        foreach (var constructor in named.InstanceConstructors)
        {
            if (constructor.Parameters.Length == 0 && constructor.DeclaredAccessibility == Accessibility.Public)
            {
                return true;
            }
        }

        return false;
    }

    private static bool InheritsGrain(INamedTypeSymbol symbol)
    {
        for (var type = symbol.BaseType; type is not null; type = type.BaseType)
        {
            if (KnownTypes.IsGrainBaseClass(type))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsReentrant(INamedTypeSymbol symbol)
    {
        for (var type = symbol; type is not null; type = type.BaseType)
        {
            if (FindAttribute(type.GetAttributes(), "ReentrantAttribute") is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The [CollectionAgeLimit] of the class or its nearest base class (the attribute is inherited), in
    /// ticks computed as TimeSpan.FromMinutes(Minutes) + TimeSpan.FromSeconds(Seconds) does.</summary>
    private static long? ReadCollectionAge(INamedTypeSymbol symbol)
    {
        for (var type = symbol; type is not null; type = type.BaseType)
        {
            var attribute = FindAttribute(type.GetAttributes(), "CollectionAgeLimitAttribute");
            if (attribute is null)
            {
                continue;
            }

            double minutes = 0, seconds = 0;
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Value.Value is double value)
                {
                    if (argument.Key == "Minutes")
                    {
                        minutes = value;
                    }
                    else if (argument.Key == "Seconds")
                    {
                        seconds = value;
                    }
                }
            }

            return (long)(minutes * TicksPerMinute) + (long)(seconds * TicksPerSecond);
        }

        return null;
    }

    private static AttributeData? FindAttribute(IEnumerable<AttributeData> attributes, string name)
    {
        foreach (var attribute in attributes)
        {
            if (KnownTypes.IsRuntimeAttribute(attribute, name))
            {
                return attribute;
            }
        }

        return null;
    }
}
