namespace EnterpriseHub.Silo.Demo;

/// <summary>Settings of the built-in demo workload (section <c>Demo</c>; <c>--demo</c> turns it on).</summary>
public sealed class DemoOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Demo";

    /// <summary>Whether the generator runs.</summary>
    public bool Enabled { get; set; }

    /// <summary>Time between samples of each series.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>History generated at start so baselines are warm; over a day, so the daily range is known.</summary>
    public TimeSpan Backfill { get; set; } = TimeSpan.FromHours(25);

    /// <summary>Time from one injected incident to the next.</summary>
    public TimeSpan IncidentEvery { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Delay before the first incident.</summary>
    public TimeSpan FirstIncidentAfter { get; set; } = TimeSpan.FromSeconds(15);
}
