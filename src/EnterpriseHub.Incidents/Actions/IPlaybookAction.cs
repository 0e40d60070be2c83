using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Incidents.Playbooks;

namespace EnterpriseHub.Incidents.Actions;

/// <summary>
/// An action a playbook step can take. Implement it and register it with
/// <c>services.AddSingleton&lt;IPlaybookAction, MyAction&gt;()</c>; the step's <c>action</c> names its <see cref="Type"/>.
/// The engine renders inputs, enforces the step's timeout (the token) and retries; the action does one attempt.
/// </summary>
public interface IPlaybookAction
{
    /// <summary>The name steps use (<c>http</c>, <c>scale</c>, ...).</summary>
    string Type { get; }

    /// <summary>Whether an attempt cut short by a crash may simply run again (reads, waits), whatever the step says.</summary>
    bool IsIdempotent => false;

    /// <summary>Problems with a step's (unrendered) inputs, reported when the playbook loads.</summary>
    IReadOnlyList<string> Validate(IReadOnlyDictionary<string, string> inputs);

    /// <summary>The least time one attempt needs (a wait's duration), so a short step timeout does not cut it off.</summary>
    TimeSpan MinimumTimeout(IReadOnlyDictionary<string, string> inputs) => TimeSpan.Zero;

    /// <summary>Makes one attempt. Throwing counts as a failure, classified by the exception
    /// (<see cref="HttpRequestException"/> as a connection failure, a timeout as a timeout).</summary>
    Task<ActionResult> ExecuteAsync(ActionRequest request, CancellationToken cancellationToken);
}

/// <summary>One attempt of a step.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Playbook">The playbook's name.</param>
/// <param name="Step">The step's name.</param>
/// <param name="Inputs">Rendered inputs.</param>
/// <param name="Alert">The alert the incident is about.</param>
/// <param name="Attempt">1 for the first attempt.</param>
public sealed record ActionRequest(string IncidentId, string Playbook, string Step, IReadOnlyDictionary<string, string> Inputs, Alert Alert, int Attempt);

/// <summary>What one attempt did.</summary>
/// <param name="Succeeded">Whether it did what it should.</param>
/// <param name="Outputs">Values later steps can use (<c>steps.NAME.outputs.KEY</c>).</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Failure">The failure's class, for <c>retry_when</c>.</param>
public sealed record ActionResult(bool Succeeded, IReadOnlyDictionary<string, string> Outputs, string? Error = null, FailureClass? Failure = null)
{
    private static readonly Dictionary<string, string> s_none = [];

    /// <summary>A success with outputs.</summary>
    public static ActionResult Ok(IReadOnlyDictionary<string, string>? outputs = null) => new(true, outputs ?? s_none);

    /// <summary>A failure.</summary>
    public static ActionResult Fail(string error, FailureClass failure, IReadOnlyDictionary<string, string>? outputs = null) =>
        new(false, outputs ?? s_none, error, failure);
}
