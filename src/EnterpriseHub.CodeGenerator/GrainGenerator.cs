using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using EnterpriseHub.CodeGenerator.Analysis;
using EnterpriseHub.CodeGenerator.Emit;
using EnterpriseHub.CodeGenerator.Models;
using Microsoft.CodeAnalysis;

namespace EnterpriseHub.CodeGenerator;

/// <summary>
/// Generates, for the grain interfaces and grain classes declared in a compilation, the proxies, request classes,
/// activators and the module initializer that registers them, so that grain calls use no reflection.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class GrainGenerator : IIncrementalGenerator
{
    /// <summary>Tracking name of the step that reads grain interfaces (for incrementality tests).</summary>
    public const string InterfacesStep = "GrainInterfaces";

    /// <summary>Tracking name of the step that reads grain classes.</summary>
    public const string ClassesStep = "GrainClasses";

    /// <summary>Tracking name of the step that combines everything one compilation's output depends on.</summary>
    public const string ModelStep = "GrainModel";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var generatedNamespace = context.CompilationProvider
            .Select(static (compilation, _) => TypeNames.GeneratedNamespace(compilation.AssemblyName));

        var interfaces = context.SyntaxProvider
            .CreateSyntaxProvider(static (node, _) => GrainInterfaceReader.IsCandidate(node), GrainInterfaceReader.Read)
            .Where(static result => result is not null)
            .Select(static (result, _) => result!)
            .WithTrackingName(InterfacesStep);

        var classes = context.SyntaxProvider
            .CreateSyntaxProvider(static (node, _) => GrainClassReader.IsCandidate(node), GrainClassReader.Read)
            .Where(static result => result is not null)
            .Select(static (result, _) => result!)
            .WithTrackingName(ClassesStep);

        context.RegisterSourceOutput(interfaces.SelectMany(static (result, _) => result.Diagnostics), ReportDiagnostic);
        context.RegisterSourceOutput(classes.SelectMany(static (result, _) => result.Diagnostics), ReportDiagnostic);

        var model = interfaces
            .Select(static (result, _) => result.Model)
            .Where(static model => model is not null)
            .Collect()
            .Combine(classes.Select(static (result, _) => result.Model).Where(static model => model is not null).Collect())
            .Combine(generatedNamespace)
            .Select(static (input, _) => new GenerationModel(
                input.Right,
                Sorted(input.Left.Left, static model => model!.Name),
                Sorted(input.Left.Right, static model => model!.Type)))
            .WithTrackingName(ModelStep);

        context.RegisterSourceOutput(model, static (output, model) => GrainSourceWriter.Write(output, model));
    }

    private static void ReportDiagnostic(SourceProductionContext context, DiagnosticInfo diagnostic) =>
        context.ReportDiagnostic(diagnostic.ToDiagnostic());

    /// <summary>Orders the models by name so generated names and files do not depend on file order.</summary>
    private static EquatableArray<T> Sorted<T>(ImmutableArray<T?> models, Func<T?, string> key)
        where T : class, IEquatable<T>
    {
        var list = new List<T>(models.Length);
        foreach (var model in models)
        {
            list.Add(model!);
        }

        list.Sort((left, right) => string.CompareOrdinal(key(left), key(right)));
        return EquatableArray<T>.From(list);
    }
}
