using EnterpriseHub.Incidents.Actions;
using EnterpriseHub.Incidents.Engine;
using EnterpriseHub.Incidents.Playbooks;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnterpriseHub.Incidents.Tests;

public sealed class CommandActionTests
{
    private const string Printf = "/usr/bin/printf";
    private const string Sleep = "/bin/sleep";
    private const string Touch = "/usr/bin/touch";

    private static List<string> Errors(string yaml, params string[] allowed)
    {
        var errors = new List<PlaybookError>();
        new PlaybookParser(new ActionCatalog([new CommandAction(allowed)]).Check).Parse("cmd.yml", yaml, errors);
        return [.. errors.Select(e => e.ToString())];
    }

    private static Task<StepOutcome> RunAsync(string[] allowed, StepDefinition step) =>
        new StepExecutor(new ActionCatalog([new CommandAction(allowed)]), TimeProvider.System, NullLogger<StepExecutor>.Instance)
            .ExecuteAsync(step, new ActionRequest("inc-1", "p", step.Name, step.Inputs, StepExecutorTests.SampleAlert, 1), CancellationToken.None);

    private const string TouchPlaybook = """
        name: cmd
        trigger: { services: [shop] }
        steps:
          - name: run
            action: command
            with: { executable: /usr/bin/touch, args: [/tmp/never] }
        """;

    [Fact]
    public async Task Commands_are_off_by_default_and_a_command_step_names_the_allow_list_at_load_and_at_run_time()
    {
        Assert.Equal(["cmd.yml:6:11: step 'run' (command): commands are off: no executable is allowed (Incidents:Command:AllowedExecutables)"], Errors(TouchPlaybook));

        var marker = Path.Combine(Path.GetTempPath(), "ehub-cmd-" + Guid.NewGuid().ToString("N"));
        var outcome = await RunAsync([], new StepDefinition { Name = "run", Action = "command", Inputs = new Dictionary<string, string> { ["executable"] = Touch, ["args.0"] = marker } });

        Assert.False(outcome.Succeeded);
        Assert.Equal("commands are off: no executable is allowed (Incidents:Command:AllowedExecutables)", outcome.Error);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task An_executable_missing_from_the_allow_list_is_refused_at_load_and_never_started()
    {
        Assert.Equal(["cmd.yml:6:11: step 'run' (command): '/usr/bin/touch' is not in Incidents:Command:AllowedExecutables"], Errors(TouchPlaybook, Printf));

        var marker = Path.Combine(Path.GetTempPath(), "ehub-cmd-" + Guid.NewGuid().ToString("N"));
        var outcome = await RunAsync([Printf], new StepDefinition { Name = "run", Action = "command", Inputs = new Dictionary<string, string> { ["executable"] = Touch, ["args.0"] = marker } });

        Assert.False(outcome.Succeeded);
        Assert.Equal("'/usr/bin/touch' is not in Incidents:Command:AllowedExecutables", outcome.Error);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task An_allowed_executable_gets_each_listed_argument_as_one_argument_without_a_shell_and_its_stdout_is_the_step_output()
    {
        var step = new StepDefinition
        {
            Name = "print",
            Action = "command",
            Inputs = new Dictionary<string, string> { ["executable"] = Printf, ["args.0"] = "[%s]\n", ["args.1"] = "a b", ["args.2"] = "$(id); echo injected" },
        };

        var outcome = await RunAsync([Printf], step);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal("[a b]\n[$(id); echo injected]\n", outcome.Outputs["stdout"]);
        Assert.Equal("0", outcome.Outputs["exit_code"]);
    }

    [Fact]
    public void A_templated_args_string_is_rejected_because_its_rendering_would_be_split_into_arguments()
    {
        const string Yaml = """
            name: cmd
            trigger: { services: [shop] }
            steps:
              - name: run
                action: command
                with: { executable: /usr/bin/printf, args: "%s {{ alert.labels.service }}" }
              - name: listed
                action: command
                with: { executable: /usr/bin/printf, args: ["%s", "{{ alert.labels.service }}"] }
            """;
        Assert.Equal(
            ["cmd.yml:6:11: step 'run' (command): a templated 'args' string would be split on whitespace after rendering; list the arguments instead (args: [\"--name\", \"{{ ... }}\"]) so each stays one argument"],
            Errors(Yaml, Printf));
    }

    [Fact]
    public async Task A_command_that_outlives_the_step_timeout_is_killed_and_the_step_fails_as_timed_out()
    {
        // A duration no other process on the machine uses, to find this sleep in /proc.
        var seconds = "59." + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var step = new StepDefinition
        {
            Name = "hang",
            Action = "command",
            Timeout = TimeSpan.FromSeconds(1),
            Inputs = new Dictionary<string, string> { ["executable"] = Sleep, ["args.0"] = seconds },
        };

        var outcome = await RunAsync([Sleep], step);

        Assert.False(outcome.Succeeded);
        Assert.Equal(1, outcome.Attempts);
        Assert.Equal("timed out after 00:00:01", outcome.Error);
        // The attempt reports only after the process is gone.
        Assert.Empty(ProcessesWithArgument(seconds));
    }

    [Fact]
    public async Task An_incident_runs_a_command_allow_listed_in_the_silo_configuration_with_templated_arguments()
    {
        await using var scenario = new IncidentScenario("""
            name: run-command
            trigger:
              services: [shop]
            steps:
              - name: print
                action: command
                with: { executable: /usr/bin/printf, args: ["%s|", "{{ alert.labels.service }}", "{{ incident.id }}"] }
            """);
        await scenario.StartInProcessAsync(settings: new Dictionary<string, string?> { ["Incidents:Command:AllowedExecutables:0"] = Printf });
        using var http = scenario.Client();

        var id = scenario.Notify("Stuck", DateTimeOffset.UtcNow);
        var resolved = await IncidentScenario.WaitForIncidentAsync(http, id, i => IncidentScenario.Status(i) == "resolved", "resolved by the command");

        var step = Assert.Single(resolved.GetProperty("run").GetProperty("steps").EnumerateArray());
        Assert.Equal("succeeded", step.GetProperty("status").GetString());
        Assert.Equal($"shop|{id}|", step.GetProperty("outputs").GetProperty("stdout").GetString());
        Assert.Equal("shop", step.GetProperty("inputs").GetProperty("args.1").GetString());
    }

    private static List<int> ProcessesWithArgument(string argument)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0').Contains(argument))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours.
            }
        }

        return found;
    }
}
