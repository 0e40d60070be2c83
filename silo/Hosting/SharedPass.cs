namespace EnterpriseHub.Silo.Hosting;

/// <summary>
/// The last result of an expensive pass (one that asks many grains), shared by the requests that want it: a request
/// that finds it older than the maximum age starts the pass again, and requests that arrive while a pass runs wait
/// for that same pass. A failed pass is not kept, so the next request tries again.
/// </summary>
/// <typeparam name="T">What the pass produces.</typeparam>
public sealed class SharedPass<T>(Func<Task<T>> pass, TimeProvider time)
{
    private readonly Lock _lock = new();
    private Task<T>? _current;
    private long _takenAt;

    /// <summary>The current result, from a pass started at most <paramref name="maxAge"/> ago or from a new one.</summary>
    public Task<T> GetAsync(TimeSpan maxAge)
    {
        lock (_lock)
        {
            if (_current is null || _current.IsFaulted || _current.IsCanceled
                || (_current.IsCompleted && time.GetElapsedTime(_takenAt) >= maxAge))
            {
                _takenAt = time.GetTimestamp();
                _current = pass();
            }

            return _current;
        }
    }
}
