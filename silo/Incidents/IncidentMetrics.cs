using EnterpriseHub.Incidents.Engine;
using EnterpriseHub.Silo.Metrics;

namespace EnterpriseHub.Silo.Incidents;

/// <summary>Writes the incident KPIs into <c>/metrics</c>.</summary>
public sealed class IncidentMetrics(IncidentKpiBoard board) : IMetricsContributor
{
    /// <inheritdoc />
    public void Write(PrometheusTextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var k = board.Current;
        writer.Family("ehub_incidents_total", "gauge", "Incidents known, by outcome (opened counts all).");
        writer.Sample("ehub_incidents_total", k.Opened, ("outcome", "opened"));
        writer.Sample("ehub_incidents_total", k.Resolved, ("outcome", "resolved"));
        writer.Sample("ehub_incidents_total", k.AutoResolved, ("outcome", "auto_resolved"));
        writer.Sample("ehub_incidents_total", k.Escalated, ("outcome", "escalated"));
        writer.Family("ehub_incident_auto_resolution_ratio", "gauge", "Incidents resolved without a human over incidents closed.");
        writer.Sample("ehub_incident_auto_resolution_ratio", k.AutoResolutionRate);
        writer.Family("ehub_incident_mean_time_to_detect_seconds", "gauge", "Mean time from the condition's start (alert startsAt) to the incident opening, late detections excluded.");
        writer.Sample("ehub_incident_mean_time_to_detect_seconds", k.MeanTimeToDetectSeconds);
        writer.Family("ehub_incident_late_detections", "gauge", "Incidents whose condition began more than Incidents:MaxDetectionDelay before they opened (late data such as a backfill); not in the mean time to detect.");
        writer.Sample("ehub_incident_late_detections", k.LateDetections);
        writer.Family("ehub_incident_mean_time_to_resolve_seconds", "gauge", "Mean time from the incident opening to its resolution, over resolved incidents.");
        writer.Sample("ehub_incident_mean_time_to_resolve_seconds", k.MeanTimeToResolveSeconds);
        writer.Family("ehub_playbook_runs_total", "counter", "Finished playbook runs (dry runs excluded).");
        foreach (var p in k.Playbooks)
        {
            writer.Sample("ehub_playbook_runs_total", p.Runs, ("playbook", p.Playbook));
        }

        writer.Family("ehub_playbook_success_ratio", "gauge", "Successful runs over finished runs, per playbook.");
        foreach (var p in k.Playbooks)
        {
            writer.Sample("ehub_playbook_success_ratio", p.SuccessRate, ("playbook", p.Playbook));
        }

        writer.Family("ehub_playbook_mean_duration_seconds", "gauge", "Mean run duration, per playbook.");
        foreach (var p in k.Playbooks)
        {
            writer.Sample("ehub_playbook_mean_duration_seconds", p.MeanDurationSeconds, ("playbook", p.Playbook));
        }
    }
}
