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

/// <summary>The same report, from a grain type configured for the dedicated (control-plane) lane.</summary>
public interface IControlThreadGrain : IGrainWithStringKey
{
    Task<string> Thread();
}

[GrainType("control-thread")]
public sealed class ControlThreadGrain : Grain, IControlThreadGrain
{
    public Task<string> Thread() => Task.FromResult(System.Threading.Thread.CurrentThread.Name ?? "");
}
