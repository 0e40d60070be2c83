using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EnterpriseHub.CodeGenerator.Tests;

public sealed class IncrementalityTests
{
    [Fact]
    public void An_unrelated_edit_reuses_every_grain_step_and_regenerates_nothing()
    {
        var compilation = GeneratorHarness.CreateCompilation(Samples.Representative, "Rt.Incremental");
        var unrelated = CSharpSyntaxTree.ParseText("namespace Other; public static class Clock { public static int Now => 1; }", GeneratorHarness.ParseOptions, "Clock.cs");
        compilation = compilation.AddSyntaxTrees(unrelated);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(
            unrelated,
            CSharpSyntaxTree.ParseText("namespace Other; public static class Clock { public static int Now => 2; }", GeneratorHarness.ParseOptions, "Clock.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in new[] { GrainGenerator.InterfacesStep, GrainGenerator.ClassesStep, GrainGenerator.ModelStep })
        {
            var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, output => Assert.True(
                output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"{step} output was {output.Reason}"));
        }

        Assert.All(
            result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Editing_a_grain_interface_regenerates()
    {
        var compilation = GeneratorHarness.CreateCompilation(Samples.Representative, "Rt.Incremental");
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "Grains.cs");
        var changed = Samples.Representative.Replace("Task Clear();", "Task Clear(int level);", StringComparison.Ordinal);

        var result = driver
            .RunGenerators(compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(changed, GeneratorHarness.ParseOptions, "Grains.cs")))
            .GetRunResult().Results.Single();

        Assert.Contains(result.TrackedSteps[GrainGenerator.ModelStep].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("Rt.IFoo.Clear(int)", result.GeneratedSources.Single(s => s.HintName == "GrainRegistration.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Pipeline_models_hold_no_symbols_syntax_or_compilations()
    {
        var result = Samples.RepresentativeResult.RunResult.Results.Single();

        foreach (var step in new[] { GrainGenerator.InterfacesStep, GrainGenerator.ClassesStep, GrainGenerator.ModelStep })
        {
            foreach (var (value, _) in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                AssertHoldsNoRoslynObjects(value, new HashSet<object>(ReferenceEqualityComparer.Instance), step);
            }
        }
    }

    private static void AssertHoldsNoRoslynObjects(object? value, HashSet<object> visited, string path)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !visited.Add(value))
        {
            return;
        }

        Assert.False(
            value is ISymbol or SyntaxNode or SyntaxTree or Compilation or SemanticModel or Location,
            $"{path} holds a {value.GetType().Name}, which keeps a compilation alive and defeats caching.");

        if (value is DiagnosticDescriptor)
        {
            return;
        }

        if (value is IEnumerable sequence)
        {
            foreach (var item in sequence)
            {
                AssertHoldsNoRoslynObjects(item, visited, path + "[]");
            }
        }

        for (var type = value.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (!field.FieldType.IsPointer)
                {
                    AssertHoldsNoRoslynObjects(field.GetValue(value), visited, path + "." + field.Name);
                }
            }
        }
    }
}
