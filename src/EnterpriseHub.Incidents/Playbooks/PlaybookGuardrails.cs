using System.Globalization;

namespace EnterpriseHub.Incidents.Playbooks;

/// <summary>Limits on a playbook's runs.</summary>
public sealed record PlaybookGuardrails
{
    /// <summary>Runs of the playbook allowed in any rolling hour; 0 means no limit.</summary>
    public int MaxRunsPerHour { get; init; } = DefaultMaxRunsPerHour;

    /// <summary>Time after a run on a target ends before the playbook may run on it again.</summary>
    public TimeSpan Cooldown { get; init; } = DefaultCooldown;

    /// <summary>Runs of the playbook at once on one target.</summary>
    public int MaxConcurrentPerTarget { get; init; } = 1;

    /// <summary>A template naming what the playbook acts on; cooldown and concurrency are per target.</summary>
    public string Target { get; init; } = "{{ alert.labels.service }}";

    /// <summary>When the playbook must not run.</summary>
    public IReadOnlyList<MaintenanceWindow> MaintenanceWindows { get; init; } = [];

    /// <summary>Whether runs only print their plan.</summary>
    public bool DryRun { get; init; }

    /// <summary>How long an approval may wait before the incident escalates.</summary>
    public TimeSpan ApprovalTimeout { get; init; } = DefaultApprovalTimeout;

    /// <summary>The alerting receiver escalations go to; null for the configured default.</summary>
    public string? EscalateTo { get; init; }

    /// <summary>Default <see cref="MaxRunsPerHour"/>.</summary>
    public const int DefaultMaxRunsPerHour = 6;

    /// <summary>Default <see cref="Cooldown"/>.</summary>
    public static readonly TimeSpan DefaultCooldown = TimeSpan.FromMinutes(10);

    /// <summary>Default <see cref="ApprovalTimeout"/>.</summary>
    public static readonly TimeSpan DefaultApprovalTimeout = TimeSpan.FromMinutes(15);
}

/// <summary>A time when playbooks must not act: either a fixed interval, or a daily UTC time-of-day range on some
/// weekdays (all days when none are listed). A range whose end is before its start spans midnight.</summary>
public sealed record MaintenanceWindow
{
    /// <summary>Start of a fixed window.</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>End of a fixed window.</summary>
    public DateTimeOffset? End { get; init; }

    /// <summary>Weekdays of a recurring window.</summary>
    public IReadOnlyList<DayOfWeek> Days { get; init; } = [];

    /// <summary>UTC start of a recurring window.</summary>
    public TimeOnly? From { get; init; }

    /// <summary>UTC end of a recurring window.</summary>
    public TimeOnly? To { get; init; }

    /// <summary>Whether <paramref name="now"/> falls inside the window.</summary>
    public bool Contains(DateTimeOffset now)
    {
        if (Start is { } start && End is { } end)
        {
            return now >= start && now < end;
        }

        if (From is not { } from || To is not { } to)
        {
            return false;
        }

        var utc = now.UtcDateTime;
        var time = TimeOnly.FromDateTime(utc);
        if (from <= to)
        {
            return DayMatches(utc.DayOfWeek) && time >= from && time < to;
        }

        // Spans midnight: the part after midnight belongs to the previous day's window.
        return (DayMatches(utc.DayOfWeek) && time >= from) || (DayMatches(utc.AddDays(-1).DayOfWeek) && time < to);
    }

    /// <summary>The window as an operator wrote it, for the reason a run was held back:
    /// <c>2026-03-04T09:00:00Z/2026-03-04T10:00:00Z</c>, <c>sat,sun 22:00-02:00 UTC</c> or <c>daily 02:00-04:00 UTC</c>.</summary>
    public override string ToString()
    {
        if (Start is { } start && End is { } end)
        {
            return $"{start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}/{end.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}";
        }

        var days = Days.Count == 0 ? "daily" : string.Join(',', Days.Select(d => d.ToString()[..3].ToLowerInvariant()));
        return $"{days} {From?.ToString("HH:mm", CultureInfo.InvariantCulture)}-{To?.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC";
    }

    private bool DayMatches(DayOfWeek day) => Days.Count == 0 || Days.Contains(day);
}
