using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Incidents.Actions;
using EnterpriseHub.Incidents.Engine;
using EnterpriseHub.Incidents.Playbooks;
using EnterpriseHub.TestingHost;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnterpriseHub.Incidents.Tests;

public sealed class StepExecutorTests
{
    internal static readonly Alert SampleAlert = new()
    {
        Fingerprint = "f1",
        Name = "HighLatency",
        Kind = AlertKind.Threshold,
        Severity = AlertSeverity.High,
        Confidence = 1,
        Labels = new Dictionary<string, string> { ["alertname"] = "HighLatency", ["service"] = "shop" },
        Summary = "latency high",
        StartsAt = DateTimeOffset.UnixEpoch,
        State = AlertState.Firing,
    };

    [Fact]
    public async Task A_failing_http_step_is_retried_with_exponential_backoff_until_the_target_succeeds()
    {
        var manual = new ManualTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var clock = new TimerWatchingClock(manual);
        await using var target = await FlakyTarget.StartAsync(clock);
        using var http = new HttpClient();
        var executor = new StepExecutor(new ActionCatalog([new HttpAction(http)]), clock, NullLogger<StepExecutor>.Instance);
        var step = new StepDefinition
        {
            Name = "call",
            Action = "http",
            Timeout = TimeSpan.FromSeconds(10),
            Retry = new RetryPolicy { Count = 4, Backoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(30), Jitter = false, RetryWhen = [FailureClass.Status5xx] },
        };
        var inputs = new Dictionary<string, string> { ["method"] = "POST", ["url"] = new Uri(target.Url, "/fail/3/call").ToString() };
        var start = clock.GetUtcNow();

        var run = executor.ExecuteAsync(step, new ActionRequest("inc-1", "p", "call", inputs, SampleAlert, 1), CancellationToken.None);
        // Only the fake clock moves the backoff on: once Polly has armed its wait (a timer of exactly the backoff), the
        // clock jumps by that much.
        foreach (var backoff in new[] { 1, 2, 4 })
        {
            var delay = TimeSpan.FromSeconds(backoff);
            await InProcessTestCluster.WaitUntilAsync(() => clock.Armed(delay), TimeSpan.FromSeconds(10), $"a {backoff} s backoff");
            manual.Advance(delay);
        }

        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(4, outcome.Attempts);
        Assert.Equal("200", outcome.Outputs["status"]);
        // Waits of 1 s, 2 s and 4 s: attempts at 0, 1, 3 and 7 s.
        Assert.Equal([0.0, 1.0, 3.0, 7.0], target.Calls("call").Select(t => (t - start).TotalSeconds));
    }

    [Fact]
    public async Task A_failure_outside_retry_when_is_not_retried()
    {
        await using var target = await FlakyTarget.StartAsync();
        using var http = new HttpClient();
        var executor = new StepExecutor(new ActionCatalog([new HttpAction(http)]), TimeProvider.System, NullLogger<StepExecutor>.Instance);
        var step = new StepDefinition
        {
            Name = "call",
            Action = "http",
            Retry = new RetryPolicy { Count = 3, Backoff = TimeSpan.FromMilliseconds(1), RetryWhen = [FailureClass.Timeout] },
        };
        var inputs = new Dictionary<string, string> { ["method"] = "POST", ["url"] = new Uri(target.Url, "/fail/5/once").ToString() };

        var outcome = await executor.ExecuteAsync(step, new ActionRequest("inc-1", "p", "call", inputs, SampleAlert, 1), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal(1, outcome.Attempts);
        Assert.Equal(1, target.Count("once"));
        Assert.StartsWith("HTTP 503", outcome.Error, StringComparison.Ordinal);
    }

    /// <summary>Delegates to a manual clock and remembers the due times of the timers created on it.</summary>
    private sealed class TimerWatchingClock(ManualTimeProvider inner) : TimeProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentBag<TimeSpan> _dueTimes = [];

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override long GetTimestamp() => inner.GetTimestamp();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _dueTimes.Add(dueTime);
            return inner.CreateTimer(callback, state, dueTime, period);
        }

        public bool Armed(TimeSpan dueTime) => _dueTimes.Contains(dueTime);
    }
}
