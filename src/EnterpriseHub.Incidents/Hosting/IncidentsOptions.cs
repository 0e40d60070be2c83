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

        var relative = options.Command.AllowedExecutables.FirstOrDefault(e => !Path.IsPathFullyQualified(e));
        return relative is null
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Incidents:Command:AllowedExecutables must hold full paths; '{relative}' is not one (no PATH lookup, so nothing else can be run under its name).");
    }
}
