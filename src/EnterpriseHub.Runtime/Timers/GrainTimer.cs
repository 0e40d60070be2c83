using EnterpriseHub.Runtime.Scheduling;

namespace EnterpriseHub.Runtime;

/// <summary>
/// A grain timer driven by the runtime's <see cref="TimeProvider"/>. Each tick is queued to the activation as a
/// request; the next tick is armed only after the callback finishes, so ticks never overlap and the period runs
/// from the end of one callback to the next tick.
/// </summary>
internal sealed class GrainTimer : IGrainTimer
{
    private readonly Activation _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly Lock _lock = new();
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _disposed = new();
    private TimeSpan _period;
    private bool _tickQueued;

    public GrainTimer(Activation activation, TimeProvider timeProvider, Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.DueTime, TimeSpan.Zero, nameof(options.DueTime));
        if (options.Period <= TimeSpan.Zero && options.Period != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Period, "A timer period must be positive or Timeout.InfiniteTimeSpan.");
        }

        _activation = activation;
        _callback = callback;
        _period = options.Period;
        Interleave = options.Interleave;
        KeepAlive = options.KeepAlive;
        _timer = timeProvider.CreateTimer(static state => ((GrainTimer)state!).OnDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(options.DueTime, Timeout.InfiniteTimeSpan);
    }

    public bool Interleave { get; }

    public bool KeepAlive { get; }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        lock (_lock)
        {
            _period = period;
            _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        _timer.Dispose();
        _activation.OnTimerDisposed(this);
    }

    internal async ValueTask TickAsync()
    {
        try
        {
            if (!_disposed.IsCancellationRequested)
            {
                await _callback(_disposed.Token).ConfigureAwait(true);
            }
        }
        finally
        {
            lock (_lock)
            {
                _tickQueued = false;
                if (!_disposed.IsCancellationRequested && _period != Timeout.InfiniteTimeSpan)
                {
                    _timer.Change(_period, Timeout.InfiniteTimeSpan);
                }
            }
        }
    }

    private void OnDue()
    {
        lock (_lock)
        {
            if (_tickQueued || _disposed.IsCancellationRequested)
            {
                return;
            }

            _tickQueued = true;
        }

        _activation.EnqueueTimerTick(new TimerTickRequest(this));
    }
}
