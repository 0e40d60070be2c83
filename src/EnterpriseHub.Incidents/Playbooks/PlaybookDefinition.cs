namespace EnterpriseHub.Incidents.Playbooks;

/// <summary>A remediation playbook as loaded from YAML: when it applies, what it does, how it undoes it and the
/// guardrails that keep it safe.</summary>
public sealed record PlaybookDefinition
{
    /// <summary>The unique name, used in the API and in guardrail accounting.</summary>
    public required string Name { get; init; }

    /// <summary>What it is for.</summary>
    public string Description { get; init; } = "";

    /// <summary>Which alerts start it.</summary>
    public required PlaybookTrigger Trigger { get; init; }

    /// <summary>Conditions on the alert checked when a run is about to start; a failed one skips the playbook.</summary>
    public IReadOnlyList<Precondition> Preconditions { get; init; } = [];

    /// <summary>The ordered steps.</summary>
    public required IReadOnlyList<StepDefinition> Steps { get; init; }

    /// <summary>Steps that undo the run, in order, when a step fails with <see cref="OnFailure.Rollback"/>.</summary>
    public IReadOnlyList<StepDefinition> Rollback { get; init; } = [];

    /// <summary>Limits on when and how often it runs.</summary>
    public PlaybookGuardrails Guardrails { get; init; } = new();

    /// <summary>The file it came from.</summary>
    public string SourceFile { get; init; } = "";
}

/// <summary>Which alerts start a playbook; every non-empty list must contain the alert's value.</summary>
public sealed record PlaybookTrigger
{
    /// <summary>Service names (the <c>service</c> label).</summary>
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>Metric names (the <c>metric</c> label).</summary>
    public IReadOnlyList<string> Metrics { get; init; } = [];

    /// <summary>Severities, lower case (low, medium, high, critical).</summary>
    public IReadOnlyList<string> Severities { get; init; } = [];

    /// <summary>Alert kinds, as the <c>kind</c> label writes them (anomaly, threshold, sloBurnRate, predictive).</summary>
    public IReadOnlyList<string> Kinds { get; init; } = [];

    /// <summary>Label matchers in Alertmanager syntax (<c>alertname=~"Anomaly.*"</c>).</summary>
    public IReadOnlyList<Alerting.Matching.Matcher> Labels { get; init; } = [];
}

/// <summary>A condition on the rendered value of a template.</summary>
/// <param name="Value">A template such as <c>{{ alert.labels.env }}</c>.</param>
/// <param name="Operator">How to compare.</param>
/// <param name="Operand">What to compare with (a regular expression for <see cref="PreconditionOperator.Matches"/>).</param>
public sealed record Precondition(string Value, PreconditionOperator Operator, string Operand);

/// <summary>How a <see cref="Precondition"/> compares.</summary>
public enum PreconditionOperator
{
    /// <summary>Equal, ordinal.</summary>
    Equals,

    /// <summary>Not equal, ordinal.</summary>
    NotEquals,

    /// <summary>The whole value matches a regular expression.</summary>
    Matches,
}

/// <summary>One step of a playbook.</summary>
public sealed record StepDefinition
{
    /// <summary>Unique within the playbook; later steps refer to its outputs as <c>steps.NAME.outputs.KEY</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The action type (<c>http</c>, <c>notify</c>, <c>scale</c>, <c>wait</c>, <c>verify</c>, <c>command</c>, or a plug-in's).</summary>
    public required string Action { get; init; }

    /// <summary>Inputs, each a template rendered just before the step runs.</summary>
    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>();

    /// <summary>How long one attempt may take.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Retries of failed attempts.</summary>
    public RetryPolicy Retry { get; init; } = RetryPolicy.None;

    /// <summary>What a failure after retries does to the run.</summary>
    public OnFailure OnFailure { get; init; } = OnFailure.Abort;

    /// <summary>Whether a human must approve the step before it runs.</summary>
    public bool RequiresApproval { get; init; }

    /// <summary>How much harm the step can do; high and critical steps are listed first in approvals.</summary>
    public RiskLevel Risk { get; init; } = RiskLevel.Low;

    /// <summary>Whether running it twice is harmless, so a step whose outcome a crash left unknown may run again.</summary>
    public bool Idempotent { get; init; }

    /// <summary>Default <see cref="Timeout"/>.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
}

/// <summary>Retries of a step: up to <see cref="Count"/> more attempts, waiting <see cref="Backoff"/> × 2^n (capped at
/// <see cref="MaxBackoff"/>, with jitter if asked) when the failure is one of <see cref="RetryWhen"/>.</summary>
public sealed record RetryPolicy
{
    /// <summary>No retries.</summary>
    public static readonly RetryPolicy None = new();

    /// <summary>Retries after the first attempt.</summary>
    public int Count { get; init; }

    /// <summary>The first wait.</summary>
    public TimeSpan Backoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether waits are randomised (decorrelated jitter) so many runs do not retry in lockstep.</summary>
    public bool Jitter { get; init; } = true;

    /// <summary>Failure classes that are retried; empty means any failure.</summary>
    public IReadOnlyList<FailureClass> RetryWhen { get; init; } = [];
}

/// <summary>Why an attempt failed, for <see cref="RetryPolicy.RetryWhen"/>.</summary>
public enum FailureClass
{
    /// <summary>Anything.</summary>
    Error,

    /// <summary>The attempt ran out of time.</summary>
    Timeout,

    /// <summary>No connection or a broken one.</summary>
    Connection,

    /// <summary>An HTTP 5xx answer.</summary>
    Status5xx,

    /// <summary>An HTTP 429 answer.</summary>
    Status429,

    /// <summary>Any other HTTP answer that was not expected.</summary>
    Status4xx,

    /// <summary>A verify condition that did not hold.</summary>
    NotVerified,
}

/// <summary>What a failed step does to the run.</summary>
public enum OnFailure
{
    /// <summary>Stop the run; the incident escalates.</summary>
    Abort,

    /// <summary>Record the failure and go on with the next step.</summary>
    Continue,

    /// <summary>Run the rollback steps, then escalate.</summary>
    Rollback,
}

/// <summary>How much harm a step can do.</summary>
public enum RiskLevel
{
    /// <summary>Harmless (reads, notifications).</summary>
    Low,

    /// <summary>Changes something reversible.</summary>
    Medium,

    /// <summary>Changes production in a way that is hard to undo.</summary>
    High,

    /// <summary>Could cause an outage.</summary>
    Critical,
}
