using EnterpriseHub.Runtime.Storage;
using EnterpriseHub.Runtime.Tests.Grains;
using EnterpriseHub.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseHub.Runtime.Tests;

public sealed class LifecycleTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new();
    private InProcessTestCluster _cluster = null!;

    private IGrainFactory Grains => _cluster.Client;

    public async Task InitializeAsync() =>
        _cluster = await InProcessTestCluster.StartAsync(o =>
        {
            o.GrainAssemblies.Add(typeof(StatefulGrain).Assembly);
            o.TimeProvider = _clock;
        });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Idle_collection_deactivates_persists_and_the_next_call_reloads()
    {
        const string key = "idle-1";
        var grain = Grains.GetGrain<IStatefulGrain>(key);
        await grain.Set(42);
        var id = new GrainId("StatefulGrain", key);
        Assert.Null(await _cluster.Storage.ReadAsync(id, "counter", CancellationToken.None));

        // Age limit is 2 minutes and the collector runs every minute: the first sweep only notes the activity.
        _clock.Advance(TimeSpan.FromMinutes(1));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, _cluster.Runtime.ActivationCount);
        _clock.Advance(TimeSpan.FromMinutes(1));
        _clock.Advance(TimeSpan.FromMinutes(1));
        await InProcessTestCluster.WaitUntilAsync(() => _cluster.Runtime.ActivationCount == 0, TimeSpan.FromSeconds(10), "idle collection");

        Assert.Equal(DeactivationReasonCode.ActivationIdle, StatefulGrain.LastDeactivation[key]);
        var stored = await _cluster.Storage.ReadAsync(id, "counter", CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal("{\"value\":42}", System.Text.Encoding.UTF8.GetString(stored.Payload));

        Assert.Equal(42, await grain.Get());
        Assert.Equal(2, StatefulGrain.Activations[key]);
    }

    [Fact]
    public async Task An_active_grain_is_not_collected()
    {
        const string key = "busy-1";
        var grain = Grains.GetGrain<IStatefulGrain>(key);
        for (var minute = 0; minute < 10; minute++)
        {
            await grain.Set(minute);
            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(1, StatefulGrain.Activations[key]);
        Assert.Equal(1, _cluster.Runtime.ActivationCount);
    }

    [Fact]
    public async Task A_stale_etag_write_throws_InconsistentStateException()
    {
        const string key = "etag-1";
        var grain = Grains.GetGrain<IStatefulGrain>(key);
        await grain.SetAndWrite(1);
        var etag = await grain.Etag();

        // Another writer changes the record behind the activation's back.
        var id = new GrainId("StatefulGrain", key);
        var newer = await _cluster.Storage.WriteAsync(id, "counter", "{\"value\":99}"u8.ToArray(), etag, CancellationToken.None);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => grain.SetAndWrite(2));
        Assert.Equal(newer, error.StoredEtag);
        Assert.Equal(etag, error.CurrentEtag);
    }

    [Fact]
    public async Task DeactivateOnIdle_persists_and_the_next_call_gets_a_fresh_activation()
    {
        const string key = "deactivate-1";
        var grain = Grains.GetGrain<IStatefulGrain>(key);
        await grain.Set(7);

        await grain.Deactivate();
        await InProcessTestCluster.WaitUntilAsync(() => StatefulGrain.LastDeactivation.ContainsKey(key), TimeSpan.FromSeconds(10), "deactivation");

        Assert.Equal(7, await grain.Get());
        Assert.Equal(2, StatefulGrain.Activations[key]);
        Assert.Equal(DeactivationReasonCode.ApplicationRequested, StatefulGrain.LastDeactivation[key]);
    }

    [Fact]
    public async Task State_holding_infinities_and_NaN_is_written_and_read_back()
    {
        var grain = Grains.GetGrain<IRangeGrain>("range-1");
        await grain.SetLast(double.NaN);
        var stored = await _cluster.Storage.ReadAsync(new GrainId("RangeGrain", "range-1"), "range", CancellationToken.None);
        Assert.Equal("{\"low\":\"Infinity\",\"high\":\"-Infinity\",\"last\":\"NaN\"}", System.Text.Encoding.UTF8.GetString(stored!.Payload));

        await _cluster.StopAsync();
        await using var restarted = await InProcessTestCluster.StartAsync(o =>
        {
            o.GrainAssemblies.Add(typeof(RangeGrain).Assembly);
            o.ConfigureServices = s => s.AddKeyedSingleton(GrainStorageNames.Default, _cluster.Storage);
        });
        var state = await restarted.Client.GetGrain<IRangeGrain>("range-1").Get();
        Assert.Equal((double.PositiveInfinity, double.NegativeInfinity, double.NaN), (state.Low, state.High, state.Last));
    }

    [Fact]
    public async Task Graceful_shutdown_deactivates_every_activation_and_persists_its_state()
    {
        var grains = Enumerable.Range(0, 20).Select(i => Grains.GetGrain<IStatefulGrain>($"shutdown-{i}")).ToArray();
        for (var i = 0; i < grains.Length; i++)
        {
            await grains[i].Set(i + 100);
        }

        var storage = _cluster.Storage;
        await _cluster.StopAsync();

        for (var i = 0; i < grains.Length; i++)
        {
            var stored = await storage.ReadAsync(new GrainId("StatefulGrain", $"shutdown-{i}"), "counter", CancellationToken.None);
            Assert.Equal($"{{\"value\":{i + 100}}}", System.Text.Encoding.UTF8.GetString(stored!.Payload));
            Assert.Equal(DeactivationReasonCode.ShuttingDown, StatefulGrain.LastDeactivation[$"shutdown-{i}"]);
        }
    }

    [Fact]
    public async Task A_keep_alive_timer_keeps_an_idle_grain_active_and_an_ordinary_one_does_not()
    {
        var kept = Grains.GetGrain<ITimerGrain>("keep-alive");
        var plain = Grains.GetGrain<ITimerGrain>("not-kept");
        await kept.StartReleased(TimeSpan.FromSeconds(30), keepAlive: true);
        await plain.StartReleased(TimeSpan.FromSeconds(30), keepAlive: false);

        // Default collection age is 15 minutes; 20 minutes of ticks every 30 s pass.
        for (var i = 1; i <= 40; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(30));
            await InProcessTestCluster.WaitUntilAsync(() => kept.Figures().Result.TicksFinished == i, TimeSpan.FromSeconds(10), $"tick {i}");
        }

        await InProcessTestCluster.WaitUntilAsync(() => _cluster.Runtime.ActivationCount == 1, TimeSpan.FromSeconds(10), "the plain timer grain to be collected");
        Assert.Equal(40, (await kept.Figures()).TicksFinished);
        Assert.Equal(1, _cluster.Runtime.ActivationCount);
    }

    [Fact]
    public async Task Timer_ticks_run_as_turns_and_never_overlap()
    {
        var grain = Grains.GetGrain<ITimerGrain>("timer-1");
        await grain.Start(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        _clock.Advance(TimeSpan.FromSeconds(1));
        await InProcessTestCluster.WaitUntilAsync(() => grain.Figures().Result.TicksStarted == 1, TimeSpan.FromSeconds(10), "first tick");

        // The first tick is still running: ten more periods pass without a second tick.
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(new TimerFigures(1, 0, 1, true), await grain.Figures());

        await grain.ReleaseTick();
        await InProcessTestCluster.WaitUntilAsync(() => grain.Figures().Result.TicksFinished == 1, TimeSpan.FromSeconds(10), "first tick to finish");
        _clock.Advance(TimeSpan.FromSeconds(1));
        await InProcessTestCluster.WaitUntilAsync(() => grain.Figures().Result.TicksStarted == 2, TimeSpan.FromSeconds(10), "second tick");
        await grain.ReleaseTick();
        await InProcessTestCluster.WaitUntilAsync(() => grain.Figures().Result.TicksFinished == 2, TimeSpan.FromSeconds(10), "second tick to finish");

        Assert.Equal(new TimerFigures(2, 2, 1, true), await grain.Figures());
    }
}
