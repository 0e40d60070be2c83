using EnterpriseHub.Abstractions.Incidents;
using EnterpriseHub.Incidents.Guardrails;
using EnterpriseHub.Incidents.Hosting;
using EnterpriseHub.Incidents.Playbooks;
using EnterpriseHub.Runtime;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Grains.Incidents;

/// <summary>The silo's guardrails: one grain, so that admission across incidents is decided in one turn at a time
/// and limits (runs per hour, cooldowns, active runs, the kill switch) persist across restarts.</summary>
[GrainType("playbook-guard")]
public sealed class PlaybookGuardGrain(
    [PersistentState("guard")] IPersistentState<GuardrailLedgerState> state,
    PlaybookCatalog playbooks,
    IOptions<IncidentsOptions> options,
    TimeProvider time) : Grain, IPlaybookGuardGrain
{
    /// <inheritdoc />
    public async Task<RunAdmission> TryAdmit(string playbook, string target, string incidentId)
    {
        var definition = playbooks.Find(playbook);
        if (definition is null)
        {
            return new RunAdmission(false, false, $"playbook {playbook} is not loaded");
        }

        var admission = GuardrailLedger.TryAdmit(state.State, definition, target, incidentId, time.GetUtcNow(), options.Value.DryRun);
        if (admission is { Admitted: true, DryRun: false })
        {
            await state.WriteStateAsync();
        }

        return admission;
    }

    /// <inheritdoc />
    public async Task Release(string playbook, string target, string incidentId)
    {
        GuardrailLedger.Release(state.State, playbook, target, incidentId, time.GetUtcNow());
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public async Task<KillSwitchState> SetKillSwitch(bool engaged, string actor)
    {
        state.State.KillSwitch = engaged;
        state.State.KillSwitchBy = actor;
        state.State.KillSwitchAt = time.GetUtcNow();
        await state.WriteStateAsync();
        return await GetKillSwitch();
    }

    /// <inheritdoc />
    public Task<KillSwitchState> GetKillSwitch() =>
        Task.FromResult(new KillSwitchState(state.State.KillSwitch, state.State.KillSwitchBy, state.State.KillSwitchAt));
}
