using EnterpriseHub.Incidents.Actions;
using EnterpriseHub.Incidents.Playbooks;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnterpriseHub.Incidents.Tests;

public sealed class PlaybookParserTests
{
    private static readonly ActionCatalog s_actions = new(
    [
        new HttpAction(new HttpClient()), new WaitAction(TimeProvider.System), new ScaleAction(new SimulatedScaler()),
        new NotifyAction(new HttpClient(), "http://127.0.0.1:8080"), new CommandAction([]),
        new VerifyAction(new NeverProbe(), TimeProvider.System),
    ]);

    private static List<PlaybookError> Errors(string yaml)
    {
        var errors = new List<PlaybookError>();
        new PlaybookParser(s_actions.Check).Parse("bad.yml", yaml, errors);
        return errors;
    }

    [Fact]
    public void Invalid_yaml_reports_file_line_and_column()
    {
        var error = Assert.Single(Errors("name: x\ntrigger:\n  services: [a, b\nsteps: []\n"));
        Assert.Equal(("bad.yml", 3), (error.File, error.Line));
        Assert.StartsWith("bad.yml:3:", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("invalid YAML", error.Message, StringComparison.Ordinal);

        var tab = Assert.Single(Errors("name: x\ntrigger:\n  services: a\n   bad: : :\n"));
        Assert.Equal(4, tab.Line);
        Assert.Contains("invalid YAML", tab.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_mistake_is_reported_at_its_line()
    {
        const string Yaml = """
            name: demo
            trigger:
              severities: [urgent]
            steps:
              - name: one
                action: teleport
              - name: two
                action: http
                with: { url: "{{ alrt.labels.service }}" }
                timeout: soon
                on_failure: explode
              - name: three
                action: command
                with: { executable: /bin/sh }
            """;
        var errors = Errors(Yaml).Select(e => e.ToString()).ToList();
        Assert.Equal(
        [
            "bad.yml:3:16: 'urgent' is not one of the trigger's severities: low, medium, high, critical",
            "bad.yml:6:13: unknown action 'teleport'",
            "bad.yml:9:18: 'alrt.labels.service' starts with 'alrt'; a path starts with one of alert, incident, playbook, steps, target",
            "bad.yml:10:14: 'timeout' is not a duration such as 30s, 5m or 1h: " + DurationMessage("soon"),
            "bad.yml:11:17: 'explode' is not a valid on_failure; expected one of abort, continue, rollback",
            "bad.yml:14:11: step 'three' (command): commands are off: no executable is allowed (Incidents:Command:AllowedExecutables)",
        ], errors);
    }

    [Fact]
    public void A_reference_to_a_later_step_is_an_error()
    {
        const string Yaml = """
            name: demo
            trigger: { services: [a] }
            steps:
              - name: one
                action: scale
                with: { target: a, replicas: "{{ steps.two.outputs.before }}" }
              - name: two
                action: wait
                with: { duration: 1s }
            """;
        Assert.Equal(["bad.yml:6:34: 'steps.two.outputs.before' refers to step 'two', which does not run before this one"], Errors(Yaml).Select(e => e.ToString()));
    }

    [Fact]
    public void The_shipped_playbooks_load_without_errors()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "playbooks");
        foreach (var directory in new[] { root, Path.Combine(root, "demo") })
        {
            using var catalog = new PlaybookCatalog(directory, s_actions, NullLogger<PlaybookCatalog>.Instance);
            catalog.Reload();
            Assert.Empty(catalog.Errors);
            Assert.Equal(directory == root ? 5 : 3, catalog.Playbooks.Count);
        }
    }

    private static string DurationMessage(string text)
    {
        try
        {
            Alerting.Configuration.PrometheusDuration.Parse(text);
            return "";
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }

    private sealed class NeverProbe : IRemediationProbe
    {
        public Task<bool> IsAlertResolvedAsync(string incidentId, Abstractions.Alerts.Alert alert, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<bool> IsMetricInBandAsync(Abstractions.Alerts.Alert alert, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
