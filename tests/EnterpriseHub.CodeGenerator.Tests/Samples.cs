namespace EnterpriseHub.CodeGenerator.Tests;

/// <summary>Grain code the tests compile and generate for.</summary>
internal static class Samples
{
    /// <summary>A representative set: every return shape, one-way, interleave, timeouts, overloads, two base
    /// interfaces sharing a method name, and grain classes using every activator feature.</summary>
    public const string Representative = """
        using Microsoft.Extensions.Logging;

        namespace Rt;

        public sealed class Item
        {
            public string? Name { get; set; }

            public int Count { get; set; }
        }

        public sealed class FooState
        {
            public int Total { get; set; }
        }

        public interface IBase : IGrainWithStringKey
        {
            Task Ping();
        }

        public interface IOther : IGrainWithStringKey
        {
            Task Ping();

            [ResponseTimeout("1.02:03:04.5")]
            Task<string> Echo(string text);
        }

        public interface IFoo : IBase, IOther
        {
            Task<int> Add(int value);

            Task<int> Add(int value, int other);

            [AlwaysInterleave, ResponseTimeout("00:00:05")]
            ValueTask Put(string key, List<Item> items);

            ValueTask<string?> Get(string? key);

            [OneWay]
            Task Fire(int @event);

            [OneWay, AlwaysInterleave]
            ValueTask Notify(int request);

            Task Clear();

            ValueTask<Item> Describe(Item item, int? count, DateTimeOffset at, Dictionary<string, double[]> series);
        }

        /// Not a grain (no Grain base): used to run requests directly.
        public sealed class Calculator : IFoo
        {
            public int Total { get; private set; }

            public List<string> Calls { get; } = [];

            public Task Ping()
            {
                Calls.Add("IBase.Ping");
                return Task.CompletedTask;
            }

            Task IOther.Ping()
            {
                Calls.Add("IOther.Ping");
                return Task.CompletedTask;
            }

            public Task<string> Echo(string text) => Task.FromResult(text + "!");

            public Task<int> Add(int value) => Task.FromResult(Total += value);

            public Task<int> Add(int value, int other) => Task.FromResult(Total += value * other);

            public async ValueTask Put(string key, List<Item> items)
            {
                await Task.Yield();
                Calls.Add(key + ":" + items.Count);
            }

            public ValueTask<string?> Get(string? key) => new(key is null ? null : key.ToUpperInvariant());

            public Task Fire(int @event)
            {
                Calls.Add("Fire" + @event);
                return Task.CompletedTask;
            }

            public ValueTask Notify(int request) => default;

            public Task Clear()
            {
                Total = 0;
                return Task.CompletedTask;
            }

            public ValueTask<Item> Describe(Item item, int? count, DateTimeOffset at, Dictionary<string, double[]> series) =>
                new(new Item { Name = item.Name + "@" + at.Year, Count = (count ?? 0) + series.Count });
        }

        [Reentrant, GrainType("foo"), CollectionAgeLimit(Minutes = 1.5, Seconds = 10)]
        public sealed class FooGrain(
            ILogger<FooGrain> logger,
            [PersistentState("state", "store")] IPersistentState<FooState> state,
            [PersistentState("profile")] IPersistentState<Item> profile,
            int retries = 3,
            string? label = null) : Grain, IFoo
        {
            public int Retries => retries;

            public string? Label => label;

            public IPersistentState<FooState> State => state;

            public IPersistentState<Item> Profile => profile;

            public Task Ping()
            {
                logger.LogInformation("Ping {Key}", GetPrimaryKeyString());
                return Task.CompletedTask;
            }

            public Task<string> Echo(string text) => Task.FromResult(text);

            public Task<int> Add(int value) => Task.FromResult(state.State.Total += value);

            public Task<int> Add(int value, int other) => Task.FromResult(value + other);

            public ValueTask Put(string key, List<Item> items) => default;

            public ValueTask<string?> Get(string? key) => new(profile.State.Name);

            public Task Fire(int @event) => Task.CompletedTask;

            public ValueTask Notify(int request) => default;

            public Task Clear() => Task.CompletedTask;

            public ValueTask<Item> Describe(Item item, int? count, DateTimeOffset at, Dictionary<string, double[]> series) => new(item);
        }

        public sealed class PlainGrain : Grain, IBase
        {
            public Task Ping() => Task.CompletedTask;
        }

        [Reentrant, CollectionAgeLimit(Seconds = 30)]
        public abstract class ReentrantGrainBase : Grain;

        public sealed class DerivedGrain : ReentrantGrainBase, IOther
        {
            public Task Ping() => Task.CompletedTask;

            public Task<string> Echo(string text) => Task.FromResult(text);
        }
        """;

    private static readonly Lazy<GenerationResult> s_representative = new(() => GeneratorHarness.Run(Representative, "Rt.Grains"));

    private static readonly Lazy<System.Reflection.Assembly> s_representativeAssembly = new(() => GeneratorHarness.Load(RepresentativeResult.Output));

    /// <summary>The representative set, generated once for all tests.</summary>
    public static GenerationResult RepresentativeResult => s_representative.Value;

    /// <summary>The representative set, emitted and loaded once; its module initializer has run.</summary>
    public static System.Reflection.Assembly RepresentativeAssembly => s_representativeAssembly.Value;
}
