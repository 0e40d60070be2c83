namespace EnterpriseHub.Alerting.Storage;

/// <summary>
/// Tells event-stream readers that new events are in the store. It carries no events itself: readers always read
/// from the store after the last id they sent, so a slow reader cannot miss events or hold memory, and a stream
/// resumed with <c>Last-Event-ID</c> takes the same path as a live one.
/// </summary>
public sealed class AlertEventFeed
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>A task that completes at the next <see cref="Publish"/>. Take it before reading the store, so an
    /// event stored between the read and the wait is not slept through.</summary>
    public Task NextChange()
    {
        lock (_lock)
        {
            return _changed.Task;
        }
    }

    /// <summary>Wakes every reader waiting on <see cref="NextChange"/>.</summary>
    public void Publish()
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
