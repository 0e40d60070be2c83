using EnterpriseHub.Runtime.Tests.Grains;

namespace EnterpriseHub.Runtime.Tests;

[Collection(ClusterCollection.Name)]
public sealed class TurnSchedulingTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Cluster.Client;

    [Fact]
    public async Task Non_reentrant_counter_is_exact_after_1000_concurrent_calls()
    {
        var counter = Grains.GetGrain<ICounterGrain>(nameof(Non_reentrant_counter_is_exact_after_1000_concurrent_calls));

        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => counter.IncrementWithAwait())));

        Assert.Equal(1000, await counter.Get());
        // Every turn saw a distinct count: no two turns overlapped.
        Assert.Equal(Enumerable.Range(1, 1000), results.Order());
    }

    [Fact]
    public async Task Reentrant_grain_interleaves_calls_at_await_points()
    {
        var gate = Grains.GetGrain<IGateGrain>(nameof(Reentrant_grain_interleaves_calls_at_await_points));

        // Each call waits inside the grain until three are inside at once; only interleaving lets that happen.
        var maxima = await Task.WhenAll(gate.EnterAndWaitForOthers(3), gate.EnterAndWaitForOthers(3), gate.EnterAndWaitForOthers(3))
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.All(maxima, max => Assert.Equal(3, max));
    }

    [Fact]
    public async Task Non_reentrant_grain_runs_one_call_at_a_time_but_lets_AlwaysInterleave_through()
    {
        var gate = Grains.GetGrain<INonReentrantGateGrain>(nameof(Non_reentrant_grain_runs_one_call_at_a_time_but_lets_AlwaysInterleave_through));

        var first = gate.EnterAndWaitForOthers(2);
        var second = gate.EnterAndWaitForOthers(2);

        // The first call holds the activation; an AlwaysInterleave call still gets in and sees exactly one inside.
        Assert.Equal(1, await gate.PeekInside().WaitAsync(TimeSpan.FromSeconds(5)));
        // The second never joins the first, so both wait out their 300 ms timeout.
        await Assert.ThrowsAsync<TimeoutException>(() => first);
        await Assert.ThrowsAsync<TimeoutException>(() => second);
        await gate.Release();
    }

    [Fact]
    public async Task One_way_calls_arrive_in_order_per_caller()
    {
        var order = Grains.GetGrain<IOrderGrain>(nameof(One_way_calls_arrive_in_order_per_caller));

        for (var i = 0; i < 2000; i++)
        {
            var pending = order.Append(i);
            Assert.True(pending.IsCompletedSuccessfully, "a one-way call returns before the grain runs it");
        }

        // A request/response call queues behind the one-way calls, so it sees all of them.
        Assert.Equal(Enumerable.Range(0, 2000), await order.Received());
    }

    [Fact]
    public async Task Exceptions_thrown_inside_a_grain_reach_the_caller()
    {
        var grain = Grains.GetGrain<IFaultGrain>(nameof(Exceptions_thrown_inside_a_grain_reach_the_caller));

        var sync = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Throw("boom"));
        var async = await Assert.ThrowsAsync<ArgumentException>(() => grain.ThrowAfterAwait("late boom"));

        Assert.Equal("boom", sync.Message);
        Assert.StartsWith("late boom", async.Message, StringComparison.Ordinal);
        Assert.Equal(1, await grain.Ping());
    }

    [Fact]
    public async Task A_call_past_its_timeout_gets_TimeoutException_and_the_grain_keeps_serving_interleaving_calls()
    {
        var grain = Grains.GetGrain<IFaultGrain>(nameof(A_call_past_its_timeout_gets_TimeoutException_and_the_grain_keeps_serving_interleaving_calls));
        var started = DateTime.UtcNow;

        var error = await Assert.ThrowsAsync<TimeoutException>(() => grain.Hang());

        var waited = DateTime.UtcNow - started;
        Assert.InRange(waited, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
        Assert.Contains("IFaultGrain.Hang", error.Message, StringComparison.Ordinal);
        Assert.True(fixture.Cluster.Runtime.Statistics.TimedOutRequests >= 1);
        await grain.ReleaseHang();
        Assert.Equal(1, await grain.Ping());
    }

    [Fact]
    public async Task A_failed_activation_gives_its_exception_to_every_waiting_caller()
    {
        var grain = Grains.GetGrain<IFailingActivationGrain>("broken");

        var errors = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ => await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Ping())));

        Assert.All(errors, e => Assert.Equal("cannot activate broken", e.Message));
    }

    [Fact]
    public async Task Statistics_count_calls_and_exceptions_per_type_and_method()
    {
        var grain = Grains.GetGrain<IFaultGrain>(nameof(Statistics_count_calls_and_exceptions_per_type_and_method));
        var stats = fixture.Cluster.Runtime.Statistics.GrainTypes.SingleOrDefault(t => t.GrainType == "FaultGrain");
        long Calls(string method) => fixture.Cluster.Runtime.Statistics.GrainTypes.Single(t => t.GrainType == "FaultGrain")
            .Methods.Where(m => m.Method.MethodName == method).Sum(m => m.Calls);
        long Exceptions(string method) => fixture.Cluster.Runtime.Statistics.GrainTypes.Single(t => t.GrainType == "FaultGrain")
            .Methods.Where(m => m.Method.MethodName == method).Sum(m => m.Exceptions);
        var pingsBefore = stats is null ? 0 : Calls("Ping");
        var throwsBefore = stats is null ? 0 : Exceptions("Throw");

        for (var i = 0; i < 5; i++)
        {
            await grain.Ping();
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Throw("x"));

        Assert.Equal(pingsBefore + 5, Calls("Ping"));
        Assert.Equal(throwsBefore + 1, Exceptions("Throw"));
    }
}
