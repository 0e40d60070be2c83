using System.Diagnostics;
using System.Globalization;
using EnterpriseHub.Incidents.Playbooks;

namespace EnterpriseHub.Incidents.Actions;

/// <summary>
/// <c>command</c>: runs an executable named in <c>Incidents:Command:AllowedExecutables</c> (empty by default, so the
/// action is off) with <c>args</c> split on whitespace, never through a shell: templated values cannot inject
/// commands. Succeeds on exit code 0; outputs <c>exit_code</c> and <c>stdout</c> (first 4 KB).
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
        if (inputs.TryGetValue("executable", out var exe) && !allowedExecutables.Contains(exe))
        {
            problems.Add(allowedExecutables.Count == 0
                ? "commands are off: no executable is allowed (Incidents:Command:AllowedExecutables)"
                : $"'{exe}' is not in Incidents:Command:AllowedExecutables");
        }

        return problems;
    }

    /// <inheritdoc />
    public async Task<ActionResult> ExecuteAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var executable = request.Inputs["executable"];
        if (!allowedExecutables.Contains(executable))
        {
            // Checked again at run time: the allow-list may have shrunk since the playbook loaded.
            return ActionResult.Fail($"'{executable}' is not allowed", FailureClass.Error);
        }

        var info = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in request.Inputs.GetValueOrDefault("args", "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{executable} did not start");
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
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}
