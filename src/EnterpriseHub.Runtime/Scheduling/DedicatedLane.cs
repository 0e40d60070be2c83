using System.Collections.Concurrent;

namespace EnterpriseHub.Runtime.Scheduling;

/// <summary>
/// One thread that runs turns of activations outside the thread pool: the one lane of the grain types configured in
/// <see cref="Hosting.GrainRuntimeOptions.DedicatedLaneGrainTypes"/>, so control-plane grains (the alert router)
/// never queue behind a flood of data-plane turns, and the data lanes of
/// <see cref="Hosting.GrainRuntimeOptions.DataLaneGrainTypes"/>, so that flood stays out of the thread pool.
/// </summary>
internal sealed class DedicatedLane : IDisposable
{
    private readonly BlockingCollection<IThreadPoolWorkItem> _work = new(new ConcurrentQueue<IThreadPoolWorkItem>());
    private readonly Thread _thread;
    private readonly int _nice;

    /// <summary>Starts the lane's thread, named <paramref name="name"/>, at Linux niceness <paramref name="nice"/>.</summary>
    public DedicatedLane(string name, int nice = 0)
    {
        _nice = nice;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    public void Enqueue(IThreadPoolWorkItem item) => _work.Add(item);

    public void Dispose()
    {
        _work.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(5));
        _work.Dispose();
    }

    private void Run()
    {
        ThreadNice.TrySetCurrent(_nice);
        foreach (var item in _work.GetConsumingEnumerable())
        {
            item.Execute();
        }
    }
}
