using EnterpriseHub.Runtime;

namespace EnterpriseHub.Runtime.Tests.Grains;

public interface ITimerGrain : IGrainWithStringKey
{
    Task Start(TimeSpan dueTime, TimeSpan period);

    /// <summary>Starts a timer whose ticks finish at once.</summary>
    Task StartReleased(TimeSpan period, bool keepAlive);

    [AlwaysInterleave]
    Task<TimerFigures> Figures();

    /// <summary>Interleaves, so it can release a tick that holds the activation.</summary>
    [AlwaysInterleave]
    Task ReleaseTick();
}

public sealed record TimerFigures(int TicksStarted, int TicksFinished, int MaxConcurrentTicks, bool TickRanInsideTurn);

/// <summary>Each tick waits for the test to release it, so a test can hold a tick open across many periods.</summary>
public sealed class TimerGrain : Grain, ITimerGrain
{
    private IGrainTimer? _timer;
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;
    private int _finished;
    private int _running;
    private int _maxRunning;
    private bool _insideTurn = true;

    public Task Start(TimeSpan dueTime, TimeSpan period)
    {
        _timer = RegisterGrainTimer(Tick, dueTime, period);
        return Task.CompletedTask;
    }

    public Task StartReleased(TimeSpan period, bool keepAlive)
    {
        _release.TrySetResult();
        _timer = RegisterGrainTimer(
            static (grain, _) =>
            {
                grain._started++;
                grain._finished++;
                return Task.CompletedTask;
            },
            this,
            new GrainTimerCreationOptions { DueTime = period, Period = period, KeepAlive = keepAlive });
        return Task.CompletedTask;
    }

    public Task<TimerFigures> Figures() => Task.FromResult(new TimerFigures(_started, _finished, _maxRunning, _insideTurn));

    public Task ReleaseTick()
    {
        var release = _release;
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        release.TrySetResult();
        return Task.CompletedTask;
    }

    private async Task Tick(CancellationToken cancellationToken)
    {
        _insideTurn &= SynchronizationContext.Current is not null;
        _started++;
        _running++;
        _maxRunning = Math.Max(_maxRunning, _running);
        await _release.Task;
        _insideTurn &= SynchronizationContext.Current is not null;
        _running--;
        _finished++;
    }
}
