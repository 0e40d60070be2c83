using EnterpriseHub.Abstractions.Incidents;
using EnterpriseHub.Incidents.Engine;
using EnterpriseHub.Incidents.Hosting;
using EnterpriseHub.Runtime;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Grains.Incidents;

/// <summary>The directory's persistent state.</summary>
public sealed class IncidentDirectoryState
{
    /// <summary>Latest summary per incident.</summary>
    public Dictionary<string, IncidentView> Incidents { get; set; } = [];

    /// <summary>Finished runs per playbook.</summary>
    public Dictionary<string, PlaybookTally> Playbooks { get; set; } = [];
}

/// <summary>A playbook's finished runs.</summary>
public sealed class PlaybookTally
{
    /// <summary>Runs.</summary>
    public long Runs { get; set; }

    /// <summary>Successful runs.</summary>
    public long Succeeded { get; set; }

    /// <summary>Sum of run durations in seconds.</summary>
    public double TotalSeconds { get; set; }
}

/// <summary>
/// The list of incidents and the KPIs. Incidents report their summary after every change (one-way, so they never
/// wait on it); the directory keeps the newest <see cref="MaxIncidents"/> and publishes KPIs to the
/// <see cref="IncidentKpiBoard"/> that /metrics reads.
/// </summary>
[GrainType("incident-directory")]
public sealed class IncidentDirectoryGrain(
    [PersistentState("directory")] IPersistentState<IncidentDirectoryState> state,
    IncidentKpiBoard board,
    IOptions<IncidentsOptions> options) : Grain, IIncidentDirectoryGrain
{
    /// <summary>Summaries kept; the oldest closed ones go first.</summary>
    public const int MaxIncidents = 10_000;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        board.Current = Compute();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task Update(IncidentView summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        state.State.Incidents[summary.Id] = summary;
        if (state.State.Incidents.Count > MaxIncidents)
        {
            var oldest = state.State.Incidents.Values.Where(i => i.ClosedAt is not null).MinBy(i => i.OpenedAt);
            if (oldest is not null)
            {
                state.State.Incidents.Remove(oldest.Id);
            }
        }

        board.Current = Compute();
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public async Task RunFinished(string playbook, RunStatus status, double durationSeconds)
    {
        if (status is RunStatus.DryRun)
        {
            return;
        }

        if (!state.State.Playbooks.TryGetValue(playbook, out var tally))
        {
            state.State.Playbooks[playbook] = tally = new PlaybookTally();
        }

        tally.Runs++;
        tally.Succeeded += status == RunStatus.Succeeded ? 1 : 0;
        tally.TotalSeconds += durationSeconds;
        board.Current = Compute();
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public Task<IncidentView[]> List(IncidentQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var list = state.State.Incidents.Values
            .Where(i => query.Status is null || i.Status == query.Status)
            .Where(i => query.Open is null || (i.ClosedAt is null) == query.Open)
            .Where(i => query.Service is null || i.Service == query.Service)
            .Where(i => query.Playbook is null || i.Run?.Playbook == query.Playbook)
            .Where(i => query.Since is null || i.OpenedAt >= query.Since)
            .OrderByDescending(i => i.OpenedAt)
            .ThenBy(i => i.Id, StringComparer.Ordinal)
            .Take(Math.Clamp(query.Limit, 1, IncidentQuery.MaxLimit))
            .ToArray();
        return Task.FromResult(list);
    }

    /// <inheritdoc />
    public Task<string[]> OpenIncidents() =>
        Task.FromResult(state.State.Incidents.Values.Where(i => i.Status is not (IncidentStatus.Resolved or IncidentStatus.Escalated)).Select(i => i.Id).ToArray());

    /// <inheritdoc />
    public Task<IncidentKpis> Kpis() => Task.FromResult(Compute());

    private IncidentKpis Compute()
    {
        var all = state.State.Incidents.Values;
        var resolved = all.Where(i => i.Status == IncidentStatus.Resolved).ToList();
        var escalated = all.Count(i => i.Status == IncidentStatus.Escalated);
        var auto = resolved.Count(i => i.AutoResolved);
        var closed = resolved.Count + escalated;
        // Time to detect: from the condition's start (the earliest firing alert's startsAt, a sample time) to the
        // incident opening. A start further back than MaxDetectionDelay comes from late data (the demo backfills a
        // day; a replay or an agent catching up does the same): the engine could not have detected it earlier, so
        // such incidents are counted apart instead of adding a day to the mean. Clamping them to the limit would
        // still skew it, just less visibly. A start after the opening (an agent's clock ahead) counts as 0.
        var maxDelay = options.Value.MaxDetectionDelay.TotalSeconds;
        var delays = all.Select(i => Math.Max(0, (i.OpenedAt - i.DetectedAt).TotalSeconds)).ToList();
        var timely = delays.Where(d => d <= maxDelay).ToList();
        var mttd = timely.Count == 0 ? 0 : timely.Average();
        // Time to resolve: from the incident opening to its resolution, so MTTD + MTTR is the whole outage and late
        // data cannot inflate it either.
        var mttr = resolved.Count == 0 ? 0 : resolved.Average(i => Math.Max(0, (i.ClosedAt!.Value - i.OpenedAt).TotalSeconds));
        var playbooks = state.State.Playbooks
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new PlaybookKpis(p.Key, p.Value.Runs, p.Value.Succeeded,
                p.Value.Runs == 0 ? 0 : (double)p.Value.Succeeded / p.Value.Runs,
                p.Value.Runs == 0 ? 0 : p.Value.TotalSeconds / p.Value.Runs))
            .ToList();
        return new IncidentKpis(all.Count, resolved.Count, auto, escalated, closed == 0 ? 0 : (double)auto / closed, mttd, mttr, delays.Count - timely.Count, playbooks);
    }
}
