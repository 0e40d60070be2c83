using EnterpriseHub.Abstractions.Incidents;
using EnterpriseHub.Incidents.Playbooks;
using EnterpriseHub.Runtime;

namespace EnterpriseHub.Silo.Incidents;

/// <summary>At start: loads the playbooks (so errors show at once), then activates every open incident so a run
/// that a restart interrupted resumes (or escalates) without waiting for someone to look at it.</summary>
public sealed class IncidentsStartup(IGrainFactory grains, PlaybookCatalog playbooks, ILogger<IncidentsStartup> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Playbooks: {Count} loaded from {Directory}, {Errors} error(s)", playbooks.Playbooks.Count, playbooks.Directory, playbooks.Errors.Count);
        var open = await grains.GetGrain<IIncidentDirectoryGrain>(IIncidentDirectoryGrain.DefaultKey).OpenIncidents().ConfigureAwait(false);
        foreach (var id in open)
        {
            try
            {
                await grains.GetGrain<IIncidentGrain>(id).Resume().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Could not resume incident {Incident}", id);
            }
        }

        if (open.Length > 0)
        {
            logger.LogInformation("Resumed {Count} open incident(s)", open.Length);
        }
    }
}
