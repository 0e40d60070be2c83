using System.Diagnostics;
using System.Globalization;
using EnterpriseHub.Incidents.Playbooks;

namespace EnterpriseHub.Incidents.Actions;

/// <summary>
/// <c>command</c>: runs an executable named in <c>Incidents:Command:AllowedExecutables</c> (empty by default, so the
/// action is off), never through a shell. Arguments are an argument list: <c>args: [--service, "{{ alert.labels.service }}"]</c>
/// passes each item as one argument however it renders (spaces, quotes and <c>;</c> included), so templated values can
/// neither inject commands nor add arguments; a plain string <c>args</c> without templates is split on whitespace.
/// Standard input is closed. Succeeds on exit code 0; outputs <c>exit_code</c> and <c>stdout</c> (first 4 KB). When
/// the step's timeout ends an attempt, the process and its children are killed before the attempt reports.
/// </summary>
public sealed class CommandAction(IReadOnlyCollection<string> allowedExecutables) : IPlaybookAction
{
    private const int MaxOutput = 4096;

    /// <inheritdoc />
    public string Type => "command";

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(IReadOnlyDictionary<string, string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var problems = new List<string>();
        Inputs.Require(inputs, "executable", problems);
        if (inputs.TryGetValue("executable", out var exe) && Refusal(exe) is { } refusal)
        {
            problems.Add(refusal);
        }

        if (inputs.TryGetValue("args", out var args) && Inputs.IsTemplated(args))
        {
            problems.Add("a templated 'args' string would be split on whitespace after rendering; list the arguments instead (args: [\"--name\", \"{{ ... }}\"]) so each stays one argument");
        }

        if (inputs.ContainsKey("args") && inputs.Keys.Any(IsListedArgument))
        {
            problems.Add("'args' is either a list or a string, not both");
        }

        foreach (var key in inputs.Keys)
        {
            if (key is not ("executable" or "args") && !IsListedArgument(key))
            {
                problems.Add($"unknown input '{key}'");
            }
        }

        return problems;
    }

    /// <inheritdoc />
    public async Task<ActionResult> ExecuteAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var executable = request.Inputs["executable"];
        if (Refusal(executable) is { } refusal)
        {
            // Checked again at run time: the allow-list may have shrunk since the playbook loaded.
            return ActionResult.Fail(refusal, FailureClass.Error);
        }

        var info = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in Arguments(request.Inputs))
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{executable} did not start");
        process.StandardInput.Close();
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var output = await stdout.ConfigureAwait(false);
            var errors = await stderr.ConfigureAwait(false);
            var outputs = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["exit_code"] = process.ExitCode.ToString(CultureInfo.InvariantCulture),
                ["stdout"] = output.Length > MaxOutput ? output[..MaxOutput] : output,
            };
            return process.ExitCode == 0
                ? ActionResult.Ok(outputs)
                : ActionResult.Fail($"{executable} exited with {process.ExitCode}: {errors.Trim()}", FailureClass.Error, outputs);
        }
        catch (OperationCanceledException)
        {
            // The step timed out (or the silo stops): nothing it started may outlive the attempt, or a retry would
            // run next to it.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The arguments: <c>args.0</c>, <c>args.1</c>, ... (a YAML list) in order, else <c>args</c> split on whitespace.</summary>
    public static IReadOnlyList<string> Arguments(IReadOnlyDictionary<string, string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var listed = inputs.Where(p => IsListedArgument(p.Key)).OrderBy(p => Index(p.Key)).Select(p => p.Value).ToList();
        return listed.Count > 0 ? listed : inputs.GetValueOrDefault("args", "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    }

    private string? Refusal(string executable) =>
        allowedExecutables.Count == 0 ? "commands are off: no executable is allowed (Incidents:Command:AllowedExecutables)"
        : allowedExecutables.Contains(executable) ? null
        : $"'{executable}' is not in Incidents:Command:AllowedExecutables";

    private static bool IsListedArgument(string key) => key.StartsWith("args.", StringComparison.Ordinal) && Index(key) >= 0;

    private static int Index(string key) =>
        int.TryParse(key.AsSpan("args.".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : -1;
}
