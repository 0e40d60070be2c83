namespace EnterpriseHub.CodeGenerator.Tests;

public sealed class EdgeShapeTests
{
    [Fact]
    public void Unusual_but_valid_declarations_generate_code_that_compiles()
    {
        var result = GeneratorHarness.Run(
            """
            public interface IGlobal : IGrainWithStringKey
            {
                Task<(int Count, string? Name)> Pair((int, string) value);
            }

            namespace E
            {
                public partial interface ISplit : IGrainWithStringKey
                {
                    Task First();
                }

                public partial interface ISplit
                {
                    Task Second(params int[] values);
                }

                public static class Outer
                {
                    public interface INested : IGrainWithStringKey
                    {
                        ValueTask<int?> @event(int @class, string text = "x", DayOfWeek day = DayOfWeek.Monday);

                        Task Untyped(object? value, dynamic[] values);

                        Task Both(long a, long b = 5, IGlobal? other = null);

                        [Obsolete("old")]
                        Task Old();

                        int Helper() => 1;

                        static int Shared() => 2;
                    }
                }

                internal interface IInternal : Outer.INested, ISplit
                {
                    Task<IReadOnlyDictionary<Guid, List<decimal>>> Map();
                }

                public abstract class Base : Grain;

                internal sealed partial class SplitGrain : Base, IInternal, IGlobal
                {
                    public SplitGrain(IServiceProvider services, double ratio = 0.5, DayOfWeek day = DayOfWeek.Friday, float scale = float.NaN, char c = 'q', decimal price = 1.25m, IGlobal? peer = null)
                    {
                        _ = (services, ratio, day, scale, c, price, peer);
                    }
                }

                internal sealed partial class SplitGrain
                {
                    public Task First() => Task.CompletedTask;
                    public Task Second(params int[] values) => Task.CompletedTask;
                    public ValueTask<int?> @event(int @class, string text = "x", DayOfWeek day = DayOfWeek.Monday) => new(@class);
                    public Task Untyped(object? value, dynamic[] values) => Task.CompletedTask;
                    public Task Both(long a, long b = 5, IGlobal? other = null) => Task.CompletedTask;
                    [Obsolete("old")]
                    public Task Old() => Task.CompletedTask;
                    public Task<IReadOnlyDictionary<Guid, List<decimal>>> Map() => Task.FromResult<IReadOnlyDictionary<Guid, List<decimal>>>(new Dictionary<Guid, List<decimal>>());
                    public Task<(int Count, string? Name)> Pair((int, string) value) => Task.FromResult<(int, string?)>(value);
                }
            }
            """,
            "Edge-Shapes.1");

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationProblems);
        var registration = result.GeneratedSource("GrainRegistration.g.cs");
        Assert.Contains("namespace EnterpriseHub.Generated.Edge_Shapes_1", registration, StringComparison.Ordinal);
        Assert.Contains("\"E.Outer.INested.event(int, string, System.DayOfWeek)\"", registration, StringComparison.Ordinal);
        Assert.Contains("\"IGlobal.Pair((int, string))\"", registration, StringComparison.Ordinal);
        Assert.Contains("\"E.ISplit.Second(int[])\"", registration, StringComparison.Ordinal);
        Assert.Single(result.RunResult.Results.Single().GeneratedSources, s => s.HintName == "Proxy_E_ISplit.g.cs");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(registration, "RegisterGrainClass"));
        GeneratorHarness.Load(result.Output);
    }
}
