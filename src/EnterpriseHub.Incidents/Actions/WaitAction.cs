namespace EnterpriseHub.Incidents.Actions;

/// <summary><c>wait</c>: waits <c>duration</c> (for example for a scale-out to settle). Idempotent by nature.</summary>
public sealed class WaitAction(TimeProvider time) : IPlaybookAction
{
    /// <inheritdoc />
    public string Type => "wait";

    /// <inheritdoc />
    public bool IsIdempotent => true;

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(IReadOnlyDictionary<string, string> inputs)
    {
        var problems = new List<string>();
        Inputs.Require(inputs, "duration", problems);
        Inputs.Duration(inputs, "duration", problems);
        return problems;
    }

    /// <inheritdoc />
    public TimeSpan MinimumTimeout(IReadOnlyDictionary<string, string> inputs) =>
        Inputs.DurationOr(inputs, "duration", TimeSpan.Zero) + TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    public async Task<ActionResult> ExecuteAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await Task.Delay(Inputs.DurationOr(request.Inputs, "duration", TimeSpan.Zero), time, cancellationToken).ConfigureAwait(false);
        return ActionResult.Ok();
    }
}
