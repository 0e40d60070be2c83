using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using EnterpriseHub.CodeGenerator.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EnterpriseHub.CodeGenerator.Analysis;

/// <summary>Reads one grain interface method into a <see cref="GrainMethodModel"/>, or reports why it cannot be called
/// through a generated proxy.</summary>
internal static class GrainMethodReader
{
    /// <summary>Reads <paramref name="method"/>. Returns null when it has errors.</summary>
    /// <param name="method">An abstract instance method of a grain interface.</param>
    /// <param name="index">Its position among the grain methods of its declaring interface.</param>
    /// <param name="fallback">Where to report when the method is declared in a referenced assembly.</param>
    /// <param name="diagnostics">Receives errors; null to validate silently (the declaring interface reports them).</param>
    /// <param name="inCompilation">False when the method comes from a reference: its source locations, if any (a
    /// project reference in the IDE), lie in another compilation, so everything is reported at the fallback.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static GrainMethodModel? Read(
        IMethodSymbol method,
        int index,
        Location? fallback,
        List<DiagnosticInfo>? diagnostics,
        bool inCompilation,
        CancellationToken cancellationToken)
    {
        if (!inCompilation)
        {
            // Validate against a sink that rewrites every location to the fallback.
            var local = diagnostics is null ? null : new List<DiagnosticInfo>();
            var model = Read(method, index, fallback, local, inCompilation: true, cancellationToken);
            if (local is not null)
            {
                var at = LocationInfo.From(fallback);
                foreach (var diagnostic in local)
                {
                    diagnostics!.Add(diagnostic with { Location = at });
                }
            }

            return model;
        }

        var declaringInterface = method.ContainingType;
        var interfaceName = TypeNames.Signature(declaringInterface);
        var displayName = interfaceName + "." + method.Name;
        var methodLocation = SourceLocation(method.Locations, fallback);
        var valid = true;

        if (method.IsGenericMethod)
        {
            Report(diagnostics, Diagnostics.GenericMethod, methodLocation, displayName);
            return null;
        }

        var (returnKind, resultType) = ClassifyReturnType(method.ReturnType);
        if (returnKind is null)
        {
            Report(diagnostics, Diagnostics.UnsupportedReturnType, ReturnTypeLocation(method, cancellationToken) ?? methodLocation, displayName, method.ReturnType.ToDisplayString());
            valid = false;
        }

        var isOneWay = false;
        var isAlwaysInterleave = false;
        long? timeoutTicks = null;
        foreach (var attribute in method.GetAttributes())
        {
            if (KnownTypes.IsRuntimeAttribute(attribute, "OneWayAttribute"))
            {
                isOneWay = true;
                if (resultType is not null)
                {
                    Report(diagnostics, Diagnostics.OneWayReturnsValue, AttributeLocation(attribute, cancellationToken) ?? methodLocation, displayName, method.ReturnType.ToDisplayString());
                    valid = false;
                }
            }
            else if (KnownTypes.IsRuntimeAttribute(attribute, "AlwaysInterleaveAttribute"))
            {
                isAlwaysInterleave = true;
            }
            else if (KnownTypes.IsRuntimeAttribute(attribute, "ResponseTimeoutAttribute"))
            {
                timeoutTicks = ReadTimeout(attribute);
                if (timeoutTicks is null)
                {
                    var text = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
                    Report(diagnostics, Diagnostics.InvalidResponseTimeout, AttributeLocation(attribute, cancellationToken) ?? methodLocation, text ?? "null", displayName);
                    valid = false;
                }
            }
        }

        var parameters = new ParameterModel[method.Parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = method.Parameters[i];
            var location = SourceLocation(parameter.Locations, methodLocation);
            if (parameter.RefKind != RefKind.None)
            {
                Report(diagnostics, Diagnostics.ByRefParameter, location, parameter.Name, displayName, RefKindText(parameter.RefKind));
                valid = false;
            }
            else if (KnownTypes.IsCancellationToken(parameter.Type))
            {
                Report(diagnostics, Diagnostics.CancellationTokenParameter, location, parameter.Name, displayName);
                valid = false;
            }
            else if (parameter.Type.IsRefLikeType || parameter.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer or TypeKind.Dynamic)
            {
                Report(diagnostics, Diagnostics.UnsupportedParameterType, location, parameter.Name, displayName, parameter.Type.ToDisplayString());
                valid = false;
            }

            parameters[i] = new ParameterModel(TypeNames.Identifier(parameter.Name), TypeNames.Annotated(parameter.Type), TypeNames.Plain(parameter.Type));
        }

        if (!valid)
        {
            return null;
        }

        return new GrainMethodModel(
            interfaceName,
            TypeNames.Plain(declaringInterface),
            method.Name,
            TypeNames.Identifier(method.Name),
            index,
            Signature(interfaceName, method),
            returnKind!.Value,
            TypeNames.Annotated(method.ReturnType),
            resultType is null ? null : TypeNames.Annotated(resultType),
            new EquatableArray<ParameterModel>(parameters),
            isOneWay,
            isAlwaysInterleave,
            timeoutTicks);
    }

    /// <summary>The first source location in <paramref name="locations"/>, else <paramref name="fallback"/>.</summary>
    public static Location? SourceLocation(IEnumerable<Location> locations, Location? fallback)
    {
        foreach (var location in locations)
        {
            if (location.IsInSource)
            {
                return location;
            }
        }

        return fallback;
    }

    private static string Signature(string interfaceName, IMethodSymbol method)
    {
        var parameterTypes = new string[method.Parameters.Length];
        for (var i = 0; i < parameterTypes.Length; i++)
        {
            parameterTypes[i] = TypeNames.Signature(method.Parameters[i].Type);
        }

        return interfaceName + "." + method.Name + "(" + string.Join(", ", parameterTypes) + ")";
    }

    private static (ReturnKind? Kind, ITypeSymbol? ResultType) ClassifyReturnType(ITypeSymbol type)
    {
        if (KnownTypes.IsTask(type, 0))
        {
            return (ReturnKind.Task, null);
        }

        if (KnownTypes.IsValueTask(type, 0))
        {
            return (ReturnKind.ValueTask, null);
        }

        if (type is INamedTypeSymbol { TypeArguments.Length: 1 } named)
        {
            if (KnownTypes.IsTask(type, 1))
            {
                return (ReturnKind.TaskOfT, named.TypeArguments[0]);
            }

            if (KnownTypes.IsValueTask(type, 1))
            {
                return (ReturnKind.ValueTaskOfT, named.TypeArguments[0]);
            }
        }

        return (null, null);
    }

    /// <summary>Parses the timeout as the attribute does at run time (TimeSpan.Parse, invariant culture).</summary>
    private static long? ReadTimeout(AttributeData attribute)
    {
        if (attribute.ConstructorArguments.Length == 1
            && attribute.ConstructorArguments[0].Value is string text
            && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var timeout)
            && timeout > TimeSpan.Zero)
        {
            return timeout.Ticks;
        }

        return null;
    }

    private static Location? ReturnTypeLocation(IMethodSymbol method, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is MethodDeclarationSyntax declaration)
            {
                return declaration.ReturnType.GetLocation();
            }
        }

        return null;
    }

    private static Location? AttributeLocation(AttributeData attribute, CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation();

    private static string RefKindText(RefKind refKind) => refKind switch
    {
        RefKind.Ref => "ref",
        RefKind.Out => "out",
        RefKind.In => "in",
        _ => "ref readonly",
    };

    private static void Report(List<DiagnosticInfo>? diagnostics, DiagnosticDescriptor descriptor, Location? location, params string[] args) =>
        diagnostics?.Add(DiagnosticInfo.Create(descriptor, location, args));
}
