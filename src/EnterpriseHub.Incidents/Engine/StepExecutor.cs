using EnterpriseHub.Incidents.Actions;
using EnterpriseHub.Incidents.Playbooks;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace EnterpriseHub.Incidents.Engine;

/// <summary>
/// Runs one step's attempts through a Polly pipeline built from the step: a timeout per attempt inside a retry
/// strategy (exponential backoff from <c>backoff</c>, capped at <c>max_backoff</c>, decorrelated jitter unless turned
/// off, only for the <c>retry_when</c> failure classes). Delays run on the injected clock, so tests step them.
/// </summary>
public sealed class StepExecutor(ActionCatalog actions, TimeProvider time, ILogger<StepExecutor> logger)
{
    /// <summary>Runs <paramref name="step"/> with rendered <paramref name="request"/> inputs until it succeeds, fails
    /// for good or runs out of retries.</summary>
    public async Task<StepOutcome> ExecuteAsync(StepDefinition step, ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(request);
        var action = actions.Find(step.Action);
        if (action is null)
        {
            return new StepOutcome(false, new Dictionary<string, string>(), $"unknown action '{step.Action}'", 0);
        }

        var timeout = step.Timeout > action.MinimumTimeout(request.Inputs) ? step.Timeout : action.MinimumTimeout(request.Inputs);
        var builder = new ResiliencePipelineBuilder<ActionResult> { TimeProvider = time };
        if (step.Retry.Count > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<ActionResult>
            {
                MaxRetryAttempts = step.Retry.Count,
                Delay = step.Retry.Backoff,
                MaxDelay = step.Retry.MaxBackoff,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = step.Retry.Jitter,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(step.Retry, args.Outcome, cancellationToken)),
                OnRetry = args =>
                {
                    logger.LogInformation("Step {Step} of {Playbook} for {Incident}: attempt {Attempt} failed ({Error}); retrying in {Delay}",
                        request.Step, request.Playbook, request.IncidentId, args.AttemptNumber + 1, Describe(args.Outcome), args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddTimeout(timeout);
        var pipeline = builder.Build();
        var attempts = 0;
        try
        {
            var result = await pipeline.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    return await action.ExecuteAsync(request with { Attempt = attempts }, token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
            return new StepOutcome(result.Succeeded, result.Outputs, result.Error, attempts);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            return new StepOutcome(false, new Dictionary<string, string>(), Describe(Outcome.FromException<ActionResult>(ex)), attempts);
        }
    }

    /// <summary>The failure class of an attempt's outcome; null for a success.</summary>
    public static FailureClass? Classify(Outcome<ActionResult> outcome) => outcome.Exception switch
    {
        null => outcome.Result is { Succeeded: false } r ? r.Failure ?? FailureClass.Error : null,
        TimeoutRejectedException or TimeoutException => FailureClass.Timeout,
        HttpRequestException or IOException or System.Net.Sockets.SocketException => FailureClass.Connection,
        _ => FailureClass.Error,
    };

    private static bool ShouldRetry(RetryPolicy policy, Outcome<ActionResult> outcome, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested || Classify(outcome) is not { } failure)
        {
            return false;
        }

        return policy.RetryWhen.Count == 0 || policy.RetryWhen.Contains(FailureClass.Error) || policy.RetryWhen.Contains(failure);
    }

    private static string Describe(Outcome<ActionResult> outcome) => outcome.Exception switch
    {
        null => outcome.Result?.Error ?? "failed",
        TimeoutRejectedException t => $"timed out after {t.Timeout}",
        var ex => ex.Message,
    };
}

/// <summary>How a step ended after all its attempts.</summary>
/// <param name="Succeeded">Whether the last attempt succeeded.</param>
/// <param name="Outputs">The last attempt's outputs.</param>
/// <param name="Error">The last failure.</param>
/// <param name="Attempts">Attempts made.</param>
public sealed record StepOutcome(bool Succeeded, IReadOnlyDictionary<string, string> Outputs, string? Error, int Attempts);
