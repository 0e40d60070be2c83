using Microsoft.Extensions.Options;

namespace EnterpriseHub.Incidents.Hosting;

/// <summary>Settings of incidents and playbooks (section <c>Incidents</c>).</summary>
public sealed class IncidentsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Incidents";

    /// <summary>The directory of playbook files; none means incidents open but nothing remediates.</summary>
    public string? PlaybookDirectory { get; set; }

    /// <summary>When true every run only prints its plan.</summary>
    public bool DryRun { get; set; }

    /// <summary>The alerting receiver escalations go to when a playbook names none; null: the alert group's own receiver.</summary>
    public string? EscalationReceiver { get; set; }

    /// <summary>Section <c>Incidents:Command</c>.</summary>
    public CommandOptions Command { get; set; } = new();

    /// <summary>Timeline entries kept per incident; older ones are dropped (the first ones stay) to bound the state.</summary>
    public int MaxTimelineEntries { get; set; } = DefaultMaxTimelineEntries;

    /// <summary>Default <see cref="MaxTimelineEntries"/>.</summary>
    public const int DefaultMaxTimelineEntries = 500;

    /// <summary>The longest time from an alert's <c>startsAt</c> to its incident opening that counts as detection
    /// time. Longer means the samples arrived late (the demo's backfilled day, a replay, an agent catching up): such
    /// an incident is counted as a late detection and left out of the mean time to detect. Raise it when rules hold
    /// conditions for longer (<c>for: 2h</c>).</summary>
    public TimeSpan MaxDetectionDelay { get; set; } = DefaultMaxDetectionDelay;

    /// <summary>Default <see cref="MaxDetectionDelay"/>: one hour.</summary>
    public static readonly TimeSpan DefaultMaxDetectionDelay = TimeSpan.FromHours(1);
}

/// <summary>Settings of the <c>command</c> action.</summary>
public sealed class CommandOptions
{
    /// <summary>Full paths of the executables steps may run; empty turns the action off.</summary>
    public List<string> AllowedExecutables { get; set; } = [];
}

/// <summary>Rejects settings that cannot work.</summary>
public sealed class IncidentsOptionsValidator : IValidateOptions<IncidentsOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, IncidentsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxTimelineEntries < 10)
        {
            return ValidateOptionsResult.Fail("Incidents:MaxTimelineEntries must be at least 10.");
        }

        if (options.MaxDetectionDelay <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail("Incidents:MaxDetectionDelay must be positive (for example 01:00:00).");
        }

        var relative = options.Command.AllowedExecutables.FirstOrDefault(e => !Path.IsPathFullyQualified(e));
        return relative is null
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Incidents:Command:AllowedExecutables must hold full paths; '{relative}' is not one (no PATH lookup, so nothing else can be run under its name).");
    }
}
