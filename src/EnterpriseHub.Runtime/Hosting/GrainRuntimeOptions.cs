using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Runtime.Hosting;

/// <summary>Settings of the grain runtime (section <c>Runtime</c> in the silo's configuration).</summary>
public sealed class GrainRuntimeOptions
{
    /// <summary>Default <see cref="ResponseTimeout"/>: 30 seconds, as in Orleans.</summary>
    public static readonly TimeSpan DefaultResponseTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Default <see cref="CollectionAge"/>: 15 minutes, as in Orleans.</summary>
    public static readonly TimeSpan DefaultCollectionAge = TimeSpan.FromMinutes(15);

    /// <summary>Default <see cref="CollectionQuantum"/>: one minute.</summary>
    public static readonly TimeSpan DefaultCollectionQuantum = TimeSpan.FromMinutes(1);

    /// <summary>Default <see cref="ResponseTimeoutCheckInterval"/>: one second.</summary>
    public static readonly TimeSpan DefaultResponseTimeoutCheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>Default <see cref="DeactivationTimeout"/>.</summary>
    public static readonly TimeSpan DefaultDeactivationTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Default <see cref="DedicatedLaneNice"/>.</summary>
    public const int DefaultDedicatedLaneNice = -5;

    /// <summary>Default <see cref="DataLaneNice"/>.</summary>
    public const int DefaultDataLaneNice = 10;

    /// <summary>Default <see cref="TurnBatchSize"/>.</summary>
    public const int DefaultTurnBatchSize = 64;

    /// <summary>How long a caller waits for a response unless the method overrides it.</summary>
    public TimeSpan ResponseTimeout { get; set; } = DefaultResponseTimeout;

    /// <summary>How long an activation may stay idle before it is collected.</summary>
    public TimeSpan CollectionAge { get; set; } = DefaultCollectionAge;

    /// <summary>Collection age per grain type name, overriding <see cref="CollectionAge"/> (an attribute on the class wins over both).</summary>
    public Dictionary<string, TimeSpan> CollectionAgeByGrainType { get; } = new(StringComparer.Ordinal);

    /// <summary>How often idle activations are looked for; an activation is collected between one and two quanta after its age.</summary>
    public TimeSpan CollectionQuantum { get; set; } = DefaultCollectionQuantum;

    /// <summary>How often waiting calls are checked against their timeout. Lowered automatically to an eighth of the
    /// smallest timeout in use, so a timeout fires at most about 1/8 late.</summary>
    public TimeSpan ResponseTimeoutCheckInterval { get; set; } = DefaultResponseTimeoutCheckInterval;

    /// <summary>How long shutdown waits for activations to deactivate and persist.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = DefaultDeactivationTimeout;

    /// <summary>Grain types whose turns run on one dedicated thread instead of the thread pool, so that control-plane
    /// grains (the alert router) do not wait behind data-plane turns under load.</summary>
    public HashSet<string> DedicatedLaneGrainTypes { get; } = new(StringComparer.Ordinal);

    /// <summary>Linux niceness of the dedicated lane (-20 to 19; default <see cref="DefaultDedicatedLaneNice"/>). Below
    /// zero needs CAP_SYS_NICE (or root); without it the lane stays at 0. Control-plane turns are short, so a higher
    /// priority costs the data plane nothing measurable and keeps alert handling prompt while every core is busy.</summary>
    public int DedicatedLaneNice { get; set; } = DefaultDedicatedLaneNice;

    /// <summary>Grain types whose turns run on <see cref="DataLaneCount"/> threads of their own, each activation
    /// always on the lane its key hashes to. For the data plane (a grain per series): a burst of thousands of turns then
    /// waits in the lanes' queues, not in the thread pool's, so I/O completions, request handling and event streams
    /// that share the thread pool are not delayed behind it.</summary>
    public HashSet<string> DataLaneGrainTypes { get; } = new(StringComparer.Ordinal);

    /// <summary>Threads for <see cref="DataLaneGrainTypes"/>; one per processor by default.</summary>
    public int DataLaneCount { get; set; } = Environment.ProcessorCount;

    /// <summary>Linux niceness of the data lanes (0 to 19; default <see cref="DefaultDataLaneNice"/>). A niced lane still
    /// uses every cycle no other thread wants, so throughput is unchanged, but request handling, I/O completions and the
    /// control-plane lane run first when they have work: alerts do not wait for their processor behind the data plane.</summary>
    public int DataLaneNice { get; set; } = DefaultDataLaneNice;

    /// <summary>How many turns an activation runs before it yields its thread to other activations.</summary>
    public int TurnBatchSize { get; set; } = DefaultTurnBatchSize;

    /// <summary>Serializer settings for persistent state. State is not on the call path, so the default falls back to
    /// reflection metadata; insert source-generated contexts at the front of
    /// <see cref="JsonSerializerOptions.TypeInfoResolverChain"/> to avoid it. Infinities and NaN are written as
    /// named literals: detector state holds them (an extreme not seen yet is −∞), and strict JSON would make such a
    /// state impossible to write at all.</summary>
    public JsonSerializerOptions SerializerOptions { get; set; } = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}

/// <summary>Rejects runtime settings that cannot work.</summary>
public sealed class GrainRuntimeOptionsValidator : IValidateOptions<GrainRuntimeOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, GrainRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.ResponseTimeout <= TimeSpan.Zero)
        {
            failures.Add($"Runtime:ResponseTimeout must be positive (was {options.ResponseTimeout}).");
        }

        if (options.CollectionAge <= TimeSpan.Zero)
        {
            failures.Add($"Runtime:CollectionAge must be positive (was {options.CollectionAge}).");
        }

        if (options.CollectionQuantum <= TimeSpan.Zero)
        {
            failures.Add($"Runtime:CollectionQuantum must be positive (was {options.CollectionQuantum}).");
        }

        if (options.ResponseTimeoutCheckInterval <= TimeSpan.Zero)
        {
            failures.Add($"Runtime:ResponseTimeoutCheckInterval must be positive (was {options.ResponseTimeoutCheckInterval}).");
        }

        if (options.DataLaneCount < 1)
        {
            failures.Add($"Runtime:DataLaneCount must be at least 1 (was {options.DataLaneCount}).");
        }

        if (options.DedicatedLaneNice is < -20 or > 19)
        {
            failures.Add($"Runtime:DedicatedLaneNice must be between -20 and 19 (was {options.DedicatedLaneNice}).");
        }

        if (options.DataLaneNice is < 0 or > 19)
        {
            failures.Add($"Runtime:DataLaneNice must be between 0 and 19 (was {options.DataLaneNice}).");
        }

        if (options.TurnBatchSize < 1)
        {
            failures.Add($"Runtime:TurnBatchSize must be at least 1 (was {options.TurnBatchSize}).");
        }

        foreach (var (type, age) in options.CollectionAgeByGrainType)
        {
            if (age <= TimeSpan.Zero)
            {
                failures.Add($"Runtime:CollectionAgeByGrainType:{type} must be positive (was {age}).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
