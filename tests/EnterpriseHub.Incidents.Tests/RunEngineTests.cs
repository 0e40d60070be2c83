using EnterpriseHub.Abstractions.Incidents;
using EnterpriseHub.Incidents.Actions;
using EnterpriseHub.Incidents.Engine;
using EnterpriseHub.Incidents.Playbooks;

namespace EnterpriseHub.Incidents.Tests;

public sealed class RunEngineTests
{
    private static readonly DateTimeOffset s_now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ActionCatalog s_actions = new([new HttpAction(new HttpClient()), new WaitAction(TimeProvider.System)]);

    private static PlaybookDefinition Playbook(bool idempotent) => new()
    {
        Name = "p",
        Trigger = new PlaybookTrigger(),
        Steps =
        [
            new StepDefinition { Name = "a", Action = "http", Inputs = new Dictionary<string, string> { ["url"] = "http://x/" } },
            new StepDefinition { Name = "b", Action = "http", Idempotent = idempotent, Inputs = new Dictionary<string, string> { ["url"] = "http://x/" } },
        ],
    };

    private static PlaybookRunState RunCutShortInStepB(PlaybookDefinition playbook)
    {
        var run = new PlaybookRunState { Playbook = "p", StartedAt = s_now };
        Assert.Equal(RunDirectiveKind.Execute, PlaybookRunEngine.Next(run, playbook, s_now).Kind);
        PlaybookRunEngine.Start(run, playbook.Steps[0], [], s_now);
        PlaybookRunEngine.Finish(run, playbook, new StepOutcome(true, new Dictionary<string, string>(), null, 1), s_now);
        Assert.Equal(RunDirectiveKind.Execute, PlaybookRunEngine.Next(run, playbook, s_now).Kind);
        PlaybookRunEngine.Start(run, playbook.Steps[1], [], s_now);
        return run;
    }

    [Fact]
    public void A_step_cut_short_by_a_crash_escalates_unless_it_is_idempotent()
    {
        var unsafeRun = RunCutShortInStepB(Playbook(idempotent: false));
        var record = PlaybookRunEngine.Recover(unsafeRun, Playbook(false), s_actions, s_now);
        Assert.Equal(StepStatus.Unknown, record!.Status);
        Assert.Equal(RunStatus.Failed, unsafeRun.Status);
        Assert.Equal([StepStatus.Succeeded, StepStatus.Unknown], unsafeRun.Steps.Select(s => s.Status));

        var safeRun = RunCutShortInStepB(Playbook(idempotent: true));
        record = PlaybookRunEngine.Recover(safeRun, Playbook(true), s_actions, s_now);
        Assert.Equal(StepStatus.Interrupted, record!.Status);
        var (kind, step) = PlaybookRunEngine.Next(safeRun, Playbook(true), s_now);
        Assert.Equal((RunDirectiveKind.Execute, "b"), (kind, step!.Name));
    }

    [Fact]
    public void Guardrails_apply_cooldown_concurrency_runs_per_hour_and_the_kill_switch()
    {
        var playbook = Playbook(false) with { Guardrails = new PlaybookGuardrails { MaxRunsPerHour = 2, Cooldown = TimeSpan.FromMinutes(10) } };
        var state = new Guardrails.GuardrailLedgerState();
        Assert.True(Guardrails.GuardrailLedger.TryAdmit(state, playbook, "shop", "i1", s_now, false).Admitted);
        Assert.Equal("1 run(s) already on shop (max_concurrent_per_target 1)", Guardrails.GuardrailLedger.TryAdmit(state, playbook, "shop", "i2", s_now, false).Reason);
        Guardrails.GuardrailLedger.Release(state, "p", "shop", "i1", s_now);
        Assert.Equal("cooldown on shop until 2025-01-01T00:10:00.0000000+00:00", Guardrails.GuardrailLedger.TryAdmit(state, playbook, "shop", "i2", s_now.AddMinutes(5), false).Reason);
        Assert.True(Guardrails.GuardrailLedger.TryAdmit(state, playbook, "cart", "i3", s_now.AddMinutes(5), false).Admitted);
        Assert.Equal("2 run(s) in the last hour (max_runs_per_hour 2)", Guardrails.GuardrailLedger.TryAdmit(state, playbook, "shop", "i4", s_now.AddMinutes(11), false).Reason);
        Assert.True(Guardrails.GuardrailLedger.TryAdmit(state, playbook, "shop", "i4", s_now.AddMinutes(61), false).Admitted);
        state.KillSwitch = true;
        state.KillSwitchBy = "alice";
        Assert.Equal(new RunAdmission(false, false, "kill switch engaged by alice"), Guardrails.GuardrailLedger.TryAdmit(state, playbook, "x", "i5", s_now.AddHours(3), false));
        state.KillSwitch = false;
        Assert.Equal(new RunAdmission(true, true, "dry-run mode is on (Incidents:DryRun)"), Guardrails.GuardrailLedger.TryAdmit(state, playbook, "x", "i5", s_now.AddHours(3), true));
    }

    [Fact]
    public void A_fixed_maintenance_window_holds_back_runs_from_its_start_up_to_its_end_and_takes_precedence_over_dry_run()
    {
        var window = new MaintenanceWindow { Start = s_now.AddHours(1), End = s_now.AddHours(2) };
        var playbook = Playbook(false) with { Guardrails = new PlaybookGuardrails { MaintenanceWindows = [window], Cooldown = TimeSpan.Zero } };
        var state = new Guardrails.GuardrailLedgerState();
        var inside = new RunAdmission(false, false, "inside the maintenance window 2025-01-01T01:00:00Z/2025-01-01T02:00:00Z");

        Assert.Equal(inside, Guardrails.GuardrailLedger.TryAdmit(state, playbook, "shop", "i1", s_now.AddHours(1), false));
        Assert.Equal(inside, Guardrails.GuardrailLedger.TryAdmit(state, playbook, "shop", "i1", s_now.AddHours(2).AddTicks(-1), true));
        Assert.Empty(state.Starts.Values.SelectMany(s => s));
        Assert.Equal(new RunAdmission(true, false, null), Guardrails.GuardrailLedger.TryAdmit(state, playbook, "shop", "i1", s_now.AddHours(1).AddTicks(-1), false));
        Guardrails.GuardrailLedger.Release(state, "p", "shop", "i1", s_now);
        Assert.Equal(new RunAdmission(true, false, null), Guardrails.GuardrailLedger.TryAdmit(state, playbook, "shop", "i2", s_now.AddHours(2), false));
    }
}
