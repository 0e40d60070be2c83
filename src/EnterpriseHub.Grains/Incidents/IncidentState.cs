using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Abstractions.Incidents;
using EnterpriseHub.Incidents.Engine;

namespace EnterpriseHub.Grains.Incidents;

/// <summary>An incident's persistent state: written before every step starts and after it finishes, so a restart
/// knows exactly which steps completed.</summary>
public sealed class IncidentState
{
    /// <summary>Whether the incident ever opened.</summary>
    public bool Opened { get; set; }

    /// <summary>The alert group key.</summary>
    public string GroupKey { get; set; } = "";

    /// <summary>The group's receiver.</summary>
    public string Receiver { get; set; } = "";

    /// <summary>One line for humans.</summary>
    public string Title { get; set; } = "";

    /// <summary>Lifecycle status.</summary>
    public IncidentStatus Status { get; set; }

    /// <summary>The group's alerts by fingerprint.</summary>
    public Dictionary<string, Alert> Alerts { get; set; } = [];

    /// <summary>When the condition began.</summary>
    public DateTimeOffset DetectedAt { get; set; }

    /// <summary>When the incident opened.</summary>
    public DateTimeOffset OpenedAt { get; set; }

    /// <summary>When it resolved or escalated.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Who acknowledged it.</summary>
    public string? AcknowledgedBy { get; set; }

    /// <summary>When.</summary>
    public DateTimeOffset? AcknowledgedAt { get; set; }

    /// <summary>Whether it resolved without a human.</summary>
    public bool AutoResolved { get; set; }

    /// <summary>Counts runs, so late reports of an earlier run are recognised.</summary>
    public int RunId { get; set; }

    /// <summary>The current or last run.</summary>
    public PlaybookRunState? Run { get; set; }

    /// <summary>Every event.</summary>
    public List<TimelineEntry> Timeline { get; set; } = [];

    /// <summary>Whether it is open.</summary>
    public bool IsOpen => Opened && Status is not (IncidentStatus.Resolved or IncidentStatus.Escalated);
}
