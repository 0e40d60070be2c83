namespace EnterpriseHub.Abstractions.Incidents;

/// <summary>Filters of the incident list.</summary>
public sealed record IncidentQuery
{
    /// <summary>Largest page.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Only this status.</summary>
    public IncidentStatus? Status { get; init; }

    /// <summary>Only open (true) or closed (false) incidents.</summary>
    public bool? Open { get; init; }

    /// <summary>Only this service.</summary>
    public string? Service { get; init; }

    /// <summary>Only this playbook.</summary>
    public string? Playbook { get; init; }

    /// <summary>Only incidents opened at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>At most this many, newest first.</summary>
    public int Limit { get; init; } = 100;
}

/// <summary>Incident KPIs.</summary>
/// <param name="Opened">Incidents opened.</param>
/// <param name="Resolved">Incidents resolved.</param>
/// <param name="AutoResolved">Incidents resolved without a human.</param>
/// <param name="Escalated">Incidents escalated.</param>
/// <param name="AutoResolutionRate">Auto-resolved over closed (resolved or escalated); 0 when none closed.</param>
/// <param name="MeanTimeToDetectSeconds">Mean time from the condition's start (the earliest firing alert's
/// <c>startsAt</c>) to the incident opening, over incidents that are not <paramref name="LateDetections"/>.</param>
/// <param name="MeanTimeToResolveSeconds">Mean time from the incident opening to its resolution, over resolved
/// incidents; the mean time from the condition's start to resolution is MTTD + MTTR.</param>
/// <param name="LateDetections">Incidents whose condition began longer before they opened than
/// <c>Incidents:MaxDetectionDelay</c>: raised on late data (backfilled history, a replay, an agent catching up), so
/// their delay measures the data's lateness, not detection, and they are left out of the MTTD.</param>
/// <param name="Playbooks">Per playbook.</param>
public sealed record IncidentKpis(
    long Opened,
    long Resolved,
    long AutoResolved,
    long Escalated,
    double AutoResolutionRate,
    double MeanTimeToDetectSeconds,
    double MeanTimeToResolveSeconds,
    long LateDetections,
    IReadOnlyList<PlaybookKpis> Playbooks);

/// <summary>A playbook's run statistics.</summary>
/// <param name="Playbook">Its name.</param>
/// <param name="Runs">Finished runs (dry runs excluded).</param>
/// <param name="Succeeded">Runs that succeeded.</param>
/// <param name="SuccessRate">Succeeded over runs; 0 when none.</param>
/// <param name="MeanDurationSeconds">Mean run duration.</param>
public sealed record PlaybookKpis(string Playbook, long Runs, long Succeeded, double SuccessRate, double MeanDurationSeconds);
