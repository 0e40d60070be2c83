using EnterpriseHub.Abstractions.Incidents;
using EnterpriseHub.Incidents.Playbooks;

namespace EnterpriseHub.Incidents.Guardrails;

/// <summary>What the guard remembers; stored by the guard grain so limits survive a restart.</summary>
public sealed class GuardrailLedgerState
{
    /// <summary>Run starts per playbook (the last hour's are kept).</summary>
    public Dictionary<string, List<DateTimeOffset>> Starts { get; set; } = [];

    /// <summary>When the last run of a playbook on a target ended, by <c>playbook|target</c>.</summary>
    public Dictionary<string, DateTimeOffset> LastEnded { get; set; } = [];

    /// <summary>Incidents running a playbook on a target, by <c>playbook|target</c>.</summary>
    public Dictionary<string, List<string>> Active { get; set; } = [];

    /// <summary>The kill switch.</summary>
    public bool KillSwitch { get; set; }

    /// <summary>Who last changed it.</summary>
    public string? KillSwitchBy { get; set; }

    /// <summary>When it was last changed.</summary>
    public DateTimeOffset? KillSwitchAt { get; set; }
}

/// <summary>
/// Applies the guardrails in a fixed order so the reason given is the most fundamental one: kill switch,
/// maintenance window, concurrency per target, cooldown per target, runs per hour. A dry-run playbook (or a global
/// dry-run) is admitted to print its plan and does not count against any limit.
/// </summary>
public static class GuardrailLedger
{
    /// <summary>Admits a run or says why not; an admitted real run is recorded as active.</summary>
    public static RunAdmission TryAdmit(GuardrailLedgerState state, PlaybookDefinition playbook, string target, string incidentId, DateTimeOffset now, bool globalDryRun)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(playbook);
        var g = playbook.Guardrails;
        if (state.KillSwitch)
        {
            return new RunAdmission(false, false, $"kill switch engaged by {state.KillSwitchBy ?? "unknown"}");
        }

        if (g.MaintenanceWindows.FirstOrDefault(w => w.Contains(now)) is { } window)
        {
            return new RunAdmission(false, false, $"inside the maintenance window {window}");
        }

        if (g.DryRun || globalDryRun)
        {
            return new RunAdmission(true, true, g.DryRun ? "the playbook is dry-run" : "dry-run mode is on (Incidents:DryRun)");
        }

        var key = Key(playbook.Name, target);
        var active = state.Active.TryGetValue(key, out var list) ? list : [];
        if (active.Contains(incidentId))
        {
            return new RunAdmission(true, false, null);
        }

        if (active.Count >= g.MaxConcurrentPerTarget)
        {
            return new RunAdmission(false, false, $"{active.Count} run(s) already on {target} (max_concurrent_per_target {g.MaxConcurrentPerTarget})");
        }

        if (state.LastEnded.TryGetValue(key, out var ended) && now < ended + g.Cooldown)
        {
            return new RunAdmission(false, false, $"cooldown on {target} until {ended + g.Cooldown:O}");
        }

        var starts = state.Starts.TryGetValue(playbook.Name, out var s) ? s : state.Starts[playbook.Name] = [];
        starts.RemoveAll(t => t <= now - TimeSpan.FromHours(1));
        if (g.MaxRunsPerHour > 0 && starts.Count >= g.MaxRunsPerHour)
        {
            return new RunAdmission(false, false, $"{starts.Count} run(s) in the last hour (max_runs_per_hour {g.MaxRunsPerHour})");
        }

        starts.Add(now);
        active.Add(incidentId);
        state.Active[key] = active;
        return new RunAdmission(true, false, null);
    }

    /// <summary>Ends a run: frees its slot and starts the cooldown.</summary>
    public static void Release(GuardrailLedgerState state, string playbook, string target, string incidentId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var key = Key(playbook, target);
        if (state.Active.TryGetValue(key, out var active) && active.Remove(incidentId))
        {
            state.LastEnded[key] = now;
            if (active.Count == 0)
            {
                state.Active.Remove(key);
            }
        }
    }

    private static string Key(string playbook, string target) => playbook + "|" + target;
}
