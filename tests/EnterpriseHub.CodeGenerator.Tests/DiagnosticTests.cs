using Microsoft.CodeAnalysis;

namespace EnterpriseHub.CodeGenerator.Tests;

public sealed class DiagnosticTests
{
    public static TheoryData<string, string> Cases => new()
    {
        {
            "EHUB001",
            """
            namespace D;
            public interface IBad : IGrainWithStringKey
            {
                /*!*/int Count();
            }
            """
        },
        {
            "EHUB002",
            """
            namespace D;
            public interface IBad : IGrainWithStringKey
            {
                [/*!*/OneWay]
                Task<int> Count();
            }
            """
        },
        {
            "EHUB003",
            """
            namespace D;
            public interface IBad : IGrainWithStringKey
            {
                Task Update(int a,
                    /*!*/ref int b);
            }
            """
        },
        {
            "EHUB003",
            """
            namespace D;
            public interface IBad : IGrainWithStringKey
            {
                Task Update(/*!*/out int value);
            }
            """
        },
        {
            "EHUB003",
            """
            namespace D;
            public interface IBad : IGrainWithStringKey
            {
                Task Update(/*!*/in DateTime value);
            }
            """
        },
        {
            "EHUB004",
            """
            namespace D;
            public interface IBad : IGrainWithStringKey
            {
                Task /*!*/Convert<T>(T value);
            }
            """
        },
        {
            "EHUB005",
            """
            namespace D;
            public interface /*!*/IBad<T> : IGrainWithStringKey
            {
                Task Set(T value);
            }
            """
        },
        {
            "EHUB006",
            """
            namespace D;
            public interface IBad : IGrainWithStringKey
            {
                Task Run(int value, /*!*/CancellationToken cancellationToken);
            }
            """
        },
        {
            "EHUB007",
            """
            namespace D;
            public interface IGood : IGrainWithStringKey
            {
                Task Run();
            }
            public sealed class /*!*/GoodGrain : Grain, IGood
            {
                public GoodGrain() { }
                public GoodGrain(int value) { _ = value; }
                public Task Run() => Task.CompletedTask;
            }
            """
        },
        {
            "EHUB008",
            """
            namespace D;
            public interface IGood : IGrainWithStringKey
            {
                Task Run();
            }
            public sealed class GoodGrain([PersistentState("state")] /*!*/string state) : Grain, IGood
            {
                public Task Run() => Task.FromResult(state);
            }
            """
        },
        {
            "EHUB009",
            """
            namespace D;
            public sealed class Counter(int start)
            {
                public int Value { get; } = start;
            }
            public interface IGood : IGrainWithStringKey
            {
                Task Run();
            }
            public sealed class GoodGrain(
                [PersistentState("state")] IPersistentState<Counter> /*!*/state) : Grain, IGood
            {
                public Task Run() => Task.FromResult(state);
            }
            """
        },
        {
            "EHUB010",
            """
            namespace D;
            public interface IBad : IGrainWithStringKey
            {
                [/*!*/ResponseTimeout("soon")]
                Task Run();
            }
            """
        },
        {
            "EHUB010",
            """
            namespace D;
            public interface IBad : IGrainWithStringKey
            {
                [/*!*/ResponseTimeout("-00:00:05")]
                Task Run();
            }
            """
        },
        {
            "EHUB011",
            """
            namespace D;
            public interface IBad : IGrainWithStringKey
            {
                int /*!*/Count { get; }
            }
            """
        },
        {
            "EHUB011",
            """
            namespace D;
            public interface /*!*/IBad : IGrainWithStringKey, IDisposable
            {
                Task Run();
            }
            """
        },
        {
            "EHUB012",
            """
            namespace D;
            public sealed class Outer
            {
                private interface /*!*/IHidden : IGrainWithStringKey
                {
                    Task Run();
                }
            }
            """
        },
        {
            "EHUB013",
            """
            namespace D;
            public interface IBad : IGrainWithStringKey
            {
                Task Run(Span<int> /*!*/values);
            }
            """
        },
        {
            "EHUB014",
            """
            namespace D;
            public interface IGood : IGrainWithStringKey
            {
                Task Run();
            }
            [/*!*/GrainType("metric/cpu")]
            public sealed class GoodGrain : Grain, IGood
            {
                public Task Run() => Task.CompletedTask;
            }
            """
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_the_error_at_the_offending_line_and_generates_nothing_broken(string id, string source)
    {
        var result = GeneratorHarness.Run(source, "Diagnostics.Grains");

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Grains.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(GeneratorHarness.MarkerLine(source), diagnostic.Location.GetLineSpan().StartLinePosition.Line);

        // The faulty type is skipped, so the build fails with the generator's message alone.
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void Messages_name_the_method_and_the_problem()
    {
        var result = GeneratorHarness.Run(
            """
            namespace D;
            public interface IBad : IGrainWithStringKey
            {
                Task Run(CancellationToken cancellationToken);
            }
            """);

        var message = Assert.Single(result.GeneratorDiagnostics).GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(
            "Parameter 'cancellationToken' of 'D.IBad.Run' is a CancellationToken; cancellation of grain calls is not supported yet, remove the parameter",
            message);
    }

    [Fact]
    public void A_derived_interface_of_a_faulty_base_is_skipped_without_repeating_the_error()
    {
        var result = GeneratorHarness.Run(
            """
            namespace D;
            public interface IBase : IGrainWithStringKey
            {
                int Count();
            }
            public interface IDerived : IBase
            {
                Task Run();
            }
            """);

        Assert.Equal("EHUB001", Assert.Single(result.GeneratorDiagnostics).Id);
        Assert.Empty(result.CompilationProblems);
        Assert.DoesNotContain(result.RunResult.Results.Single().GeneratedSources, s => s.HintName.Contains("IDerived", StringComparison.Ordinal));
    }
}
