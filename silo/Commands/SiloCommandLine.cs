using System.CommandLine;
using EnterpriseHub.Silo.Hosting;

namespace EnterpriseHub.Silo.Commands;

/// <summary>The <c>ehub</c> command line: <c>run</c> (the default) and the tool subcommands.</summary>
public static class SiloCommandLine
{
    /// <summary>Exit code of <c>run</c> when a setting is invalid (the silo never started).</summary>
    public const int ConfigurationErrorExitCode = 2;

    /// <summary>Builds the root command.</summary>
    public static RootCommand Create()
    {
        var root = new RootCommand("EnterpriseHub.Orleans silo: predictive monitoring, alerting and incident response on a grain runtime.");
        var run = CreateRunCommand();
        foreach (var option in run.Options)
        {
            root.Options.Add(option);
        }

        root.TreatUnmatchedTokensAsErrors = false;
        root.Action = run.Action;
        root.Subcommands.Add(run);
        root.Subcommands.Add(BacktestCommand.Create());
        return root;
    }

    private static Command CreateRunCommand()
    {
        var urls = new Option<string?>("--urls") { Description = "Addresses to listen on (default http://127.0.0.1:8080)." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Directory for the database and keys (default ./data)." };
        var demo = new Option<bool>("--demo") { Description = "Also run a built-in generator of realistic metrics with injected incidents." };
        var run = new Command("run", "Run the silo (the default command). Other --Section:Key value pairs become configuration.")
        {
            urls,
            dataDir,
            demo,
        };
        run.TreatUnmatchedTokensAsErrors = false;
        run.SetAction(async (parseResult, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            if (parseResult.GetValue(urls) is { } u)
            {
                overrides["urls"] = u;
            }

            if (parseResult.GetValue(dataDir) is { } d)
            {
                overrides[$"{SiloOptions.SectionName}:{nameof(SiloOptions.DataDirectory)}"] = d;
            }

            if (parseResult.GetValue(demo))
            {
                overrides["Demo:Enabled"] = "true";
            }

            var app = SiloHost.Build([.. parseResult.UnmatchedTokens], overrides);
            if (SiloHost.ConfigurationErrors(app.Services) is { Count: > 0 } errors)
            {
                await Console.Error.WriteLineAsync("The silo did not start; fix these settings:").ConfigureAwait(false);
                foreach (var error in errors)
                {
                    await Console.Error.WriteLineAsync("  " + error).ConfigureAwait(false);
                }

                await app.DisposeAsync().ConfigureAwait(false);
                return ConfigurationErrorExitCode;
            }

            await app.RunAsync().ConfigureAwait(false);
            return 0;
        });
        return run;
    }
}
