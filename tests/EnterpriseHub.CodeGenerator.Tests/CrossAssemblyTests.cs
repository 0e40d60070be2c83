using Microsoft.CodeAnalysis;

namespace EnterpriseHub.CodeGenerator.Tests;

public sealed class CrossAssemblyTests
{
    [Fact]
    public void Interface_deriving_from_a_referenced_grain_interface_gets_its_own_requests_for_inherited_methods()
    {
        var library = GeneratorHarness.Run(
            """
            namespace Lib;
            public interface IPingable : IGrainWithStringKey
            {
                Task<int> Ping(int value);
            }
            """,
            "Lib.Contracts");
        Assert.Empty(library.CompilationProblems);
        var libraryReference = library.Output.ToMetadataReference();

        var app = GeneratorHarness.Run(
            """
            namespace App;
            public interface IWorker : Lib.IPingable
            {
                Task Work();
            }
            """,
            "App.Grains",
            libraryReference);

        Assert.Empty(app.GeneratorDiagnostics);
        Assert.Empty(app.CompilationProblems);
        var registration = app.GeneratedSource("GrainRegistration.g.cs");
        Assert.Contains("namespace EnterpriseHub.Generated.App_Grains", registration, StringComparison.Ordinal);
        Assert.Contains("RegisterRequest(\"Lib.IPingable.Ping(int)\", static () => new Request_Lib_IPingable_Ping_0());", registration, StringComparison.Ordinal);
        Assert.DoesNotContain("RegisterInterface<global::Lib.IPingable>", registration, StringComparison.Ordinal);
    }

    [Fact]
    public void Faulty_methods_of_a_referenced_base_interface_are_reported_at_the_derived_interface()
    {
        var library = GeneratorHarness.CreateCompilation(
            """
            namespace Lib;
            public interface IOld : IGrainWithStringKey
            {
                int Count();
            }
            """,
            "Lib.Old");

        var source = """
            namespace App;
            public interface /*!*/INew : Lib.IOld
            {
                Task Work();
            }
            """;
        var app = GeneratorHarness.Run(source, "App.New", library.ToMetadataReference());

        var diagnostic = Assert.Single(app.GeneratorDiagnostics);
        Assert.Equal("EHUB001", diagnostic.Id);
        Assert.Equal(GeneratorHarness.MarkerLine(source), diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Empty(app.CompilationProblems);
    }

    [Fact]
    public void Colliding_mangled_names_are_made_unique()
    {
        var result = GeneratorHarness.Run(
            """
            namespace A
            {
                public interface B_C : IGrainWithStringKey
                {
                    Task Run();
                }
            }

            namespace A_B
            {
                public interface C : IGrainWithStringKey
                {
                    Task Run();
                }
            }
            """);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationProblems);
        var hintNames = result.RunResult.Results.Single().GeneratedSources.Select(s => s.HintName).ToList();
        Assert.Contains("Proxy_A_B_C.g.cs", hintNames);
        Assert.Contains("Proxy_A_B_C_2.g.cs", hintNames);
    }
}
