using EnterpriseHub.Runtime;

namespace EnterpriseHub.Runtime.Tests.Grains;

/// <summary>Reports the thread its turns run on, before and after an await.</summary>
public interface IThreadGrain : IGrainWithStringKey
{
    Task<string[]> Threads();
}

[GrainType("thread")]
public sealed class ThreadGrain : Grain, IThreadGrain
{
    public async Task<string[]> Threads()
    {
        var before = Thread.CurrentThread.Name ?? "";
        await Task.Delay(1);
        return [before, Thread.CurrentThread.Name ?? ""];
    }
}
