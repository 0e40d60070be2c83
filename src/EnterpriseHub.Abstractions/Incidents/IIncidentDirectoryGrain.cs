using EnterpriseHub.Runtime;

namespace EnterpriseHub.Abstractions.Incidents;

/// <summary>The silo's list of incidents (key <see cref="DefaultKey"/>): summaries for listing and filtering, the
/// open ones to resume after a restart, and the KPIs.</summary>
public interface IIncidentDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The key of the silo's directory.</summary>
    public const string DefaultKey = "default";

    /// <summary>An incident's latest summary.</summary>
    [OneWay]
    Task Update(IncidentView summary);

    /// <summary>A finished playbook run, for the playbook statistics.</summary>
    [OneWay]
    Task RunFinished(string playbook, RunStatus status, double durationSeconds);

    /// <summary>Summaries (no timelines), newest first.</summary>
    Task<IncidentView[]> List(IncidentQuery query);

    /// <summary>Ids of incidents that are not closed.</summary>
    Task<string[]> OpenIncidents();

    /// <summary>The KPIs.</summary>
    Task<IncidentKpis> Kpis();
}
