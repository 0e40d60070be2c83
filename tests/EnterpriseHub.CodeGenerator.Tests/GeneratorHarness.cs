using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using EnterpriseHub.Runtime.Invocation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EnterpriseHub.CodeGenerator.Tests;

/// <summary>Compiles source snippets against the runtime and the shared framework, runs the grain generator on
/// them, and loads the result.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using EnterpriseHub.Runtime;
        """;

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);

    public static ImmutableArray<MetadataReference> References => s_references.Value;

    /// <summary>The compilation of <paramref name="source"/> (file Grains.cs) before generation.</summary>
    public static CSharpCompilation CreateCompilation(string source, string assemblyName, params MetadataReference[] extraReferences) =>
        CSharpCompilation.Create(
            assemblyName,
            [
                CSharpSyntaxTree.ParseText(GlobalUsings, ParseOptions, "GlobalUsings.cs"),
                CSharpSyntaxTree.ParseText(source, ParseOptions, "Grains.cs"),
            ],
            References.AddRange(extraReferences),
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999));

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new GrainGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator on <paramref name="source"/>.</summary>
    public static GenerationResult Run(string source, string assemblyName = "Test.Grains", params MetadataReference[] extraReferences)
    {
        var input = CreateCompilation(source, assemblyName, extraReferences);
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(input, out var output, out var diagnostics);
        return new GenerationResult(input, output, diagnostics, driver.GetRunResult());
    }

    /// <summary>Emits <paramref name="compilation"/> and loads it into a collectible context whose dependencies
    /// (the runtime) resolve to the test's own copies, then runs its module initializer.</summary>
    public static Assembly Load(Compilation compilation)
    {
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        image.Position = 0;
        var context = new AssemblyLoadContext(compilation.AssemblyName, isCollectible: true);
        var assembly = context.LoadFromStream(image);
        GrainTypeRegistry.EnsureRegistered(assembly);
        return assembly;
    }

    /// <summary>The line (0-based) of the first <c>/*!*/</c> marker in <paramref name="source"/>.</summary>
    public static int MarkerLine(string source)
    {
        var offset = source.IndexOf("/*!*/", StringComparison.Ordinal);
        Assert.True(offset >= 0, "The snippet has no /*!*/ marker.");
        return source.AsSpan(0, offset).Count('\n');
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // The shared frameworks the test runs on (Microsoft.NETCore.App, and Microsoft.AspNetCore.App, which the
        // runtime brings for DI and logging) plus the runtime itself.
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var builder = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var path in platform)
        {
            var folder = Path.GetDirectoryName(path) ?? string.Empty;
            if (folder.Contains("Microsoft.NETCore.App", StringComparison.Ordinal) || folder.Contains("Microsoft.AspNetCore.App", StringComparison.Ordinal))
            {
                builder.Add(MetadataReference.CreateFromFile(path));
            }
        }

        builder.Add(MetadataReference.CreateFromFile(typeof(GrainReference).Assembly.Location));
        return builder.ToImmutable();
    }
}

/// <summary>The outcome of one generator run.</summary>
internal sealed record GenerationResult(
    Compilation Input,
    Compilation Output,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    GeneratorDriverRunResult RunResult)
{
    /// <summary>Warnings and errors of the compilation with generated sources.</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems =>
        [.. Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning)];

    public string GeneratedSource(string hintName) =>
        RunResult.Results.Single().GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();
}
