namespace EnterpriseHub.Runtime;

/// <summary>Lets calls to this grain class interleave at await points (turns still never run in parallel).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute;

/// <summary>Marks an interface method whose calls may interleave with any other call, even on a non-reentrant grain.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;

/// <summary>Marks an interface method as fire-and-forget: the caller does not wait for, or hear about, the result.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OneWayAttribute : Attribute;

/// <summary>Overrides the request timeout for one interface method.</summary>
/// <param name="timeout">A <see cref="TimeSpan"/> in constant form, for example <c>"00:00:05"</c>.</param>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ResponseTimeoutAttribute(string timeout) : Attribute
{
    /// <summary>The timeout for calls to the method.</summary>
    public TimeSpan Timeout { get; } = Positive(TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture));

    private static TimeSpan Positive(TimeSpan value) =>
        value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A response timeout must be positive.");
}

/// <summary>Names the grain type of a grain class, which appears in grain ids, storage rows and metrics.
/// Without it the grain type is the class name.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    /// <summary>The grain type name.</summary>
    public string Name { get; } = name;
}

/// <summary>Overrides the idle collection age for one grain class.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class CollectionAgeLimitAttribute : Attribute
{
    /// <summary>Minutes of idleness before collection.</summary>
    public double Minutes { get; init; }

    /// <summary>Seconds of idleness before collection (added to <see cref="Minutes"/>).</summary>
    public double Seconds { get; init; }

    /// <summary>The age as a <see cref="TimeSpan"/>.</summary>
    public TimeSpan Amount => TimeSpan.FromMinutes(Minutes) + TimeSpan.FromSeconds(Seconds);
}
