using System.Collections.Concurrent;

namespace EnterpriseHub.Runtime.Scheduling;

/// <summary>
/// One thread that runs the turns of the grain types configured in
/// <see cref="Hosting.GrainRuntimeOptions.DedicatedLaneGrainTypes"/>. Control-plane grains (the alert router) then
/// never queue behind a flood of data-plane turns in the thread pool: their latency stays that of their own work.
/// </summary>
internal sealed class DedicatedLane : IDisposable
{
    private readonly BlockingCollection<IThreadPoolWorkItem> _work = new(new ConcurrentQueue<IThreadPoolWorkItem>());
    private readonly Thread _thread;

    public DedicatedLane()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "ehub-dedicated-lane" };
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
        foreach (var item in _work.GetConsumingEnumerable())
        {
            item.Execute();
        }
    }
}
