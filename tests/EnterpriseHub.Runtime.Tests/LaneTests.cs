using EnterpriseHub.Runtime.Tests.Grains;
using EnterpriseHub.TestingHost;

namespace EnterpriseHub.Runtime.Tests;

/// <summary>Grain types configured as data-plane types run on the data lanes, each activation on one lane.</summary>
public sealed class LaneTests : IAsyncLifetime
{
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await InProcessTestCluster.StartAsync(o =>
        {
            o.GrainAssemblies.Add(typeof(ThreadGrain).Assembly);
            o.ConfigureRuntime = r =>
            {
                r.DataLaneGrainTypes.Add("thread");
                r.DataLaneCount = 2;
                r.DataLaneNice = 7;
                r.DedicatedLaneGrainTypes.Add("control-thread");
                r.DedicatedLaneNice = 3;
            };
        });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Data_plane_activations_run_on_their_own_lane_and_continuations_come_back_to_it()
    {
        var threads = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => _cluster.Client.GetGrain<IThreadGrain>("series-" + i).Threads()));

        // Before and after the await the turn is on the same lane: the activation is pinned to it.
        Assert.All(threads, t => Assert.Equal(t[0], t[1]));
        // 64 keys hash onto both lanes, and onto nothing else (not the thread pool).
        Assert.Equal(["ehub-data-0", "ehub-data-1"], threads.Select(t => t[0]).Distinct().Order());

        // The same activation stays on its lane call after call.
        var again = await _cluster.Client.GetGrain<IThreadGrain>("series-0").Threads();
        Assert.Equal(threads[0][0], again[0]);
    }

    [Fact]
    public async Task Control_plane_grains_share_the_one_dedicated_lane()
    {
        var names = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => _cluster.Client.GetGrain<IControlThreadGrain>("router-" + i).Thread()));

        Assert.All(names, name => Assert.Equal("ehub-control", name));
    }

    [Fact]
    public async Task Lanes_run_at_the_configured_niceness_on_Linux()
    {
        Assert.True(OperatingSystem.IsLinux(), "the CI machine is Linux; niceness is a Linux setting");
        await _cluster.Client.GetGrain<IThreadGrain>("warm").Threads();
        await _cluster.Client.GetGrain<IControlThreadGrain>("warm").Thread();

        // /proc/self/task/<tid>/comm is the thread name; field 19 of .../stat is its nice value.
        // Other threads of the test process come and go while this reads; one that exits in between is skipped.
        var lanes = Directory.GetDirectories("/proc/self/task")
            .Select(ReadTask)
            .OfType<(string Name, string Stat)>()
            .Where(t => t.Name.StartsWith("ehub-data-", StringComparison.Ordinal) || t.Name == "ehub-control")
            .ToList();

        Assert.Equal(3, lanes.Count);
        Assert.All(lanes.Where(l => l.Name.StartsWith("ehub-data-", StringComparison.Ordinal)), lane => Assert.Equal("7", NiceOf(lane.Stat)));
        Assert.Equal("3", NiceOf(Assert.Single(lanes, l => l.Name == "ehub-control").Stat));
    }

    private static (string Name, string Stat)? ReadTask(string task)
    {
        try
        {
            return (File.ReadAllText(Path.Combine(task, "comm")).Trim(), File.ReadAllText(Path.Combine(task, "stat")));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Field 19 of /proc/[pid]/task/[tid]/stat; fields after the parenthesised name are space separated.</summary>
    private static string NiceOf(string stat) => stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19 - 3];
}
