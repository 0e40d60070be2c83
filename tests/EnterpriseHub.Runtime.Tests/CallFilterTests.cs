using System.Collections.Concurrent;
using EnterpriseHub.Runtime.Tests.Grains;
using EnterpriseHub.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseHub.Runtime.Tests;

public sealed class CallFilterTests
{
    private sealed class RecordingFilter : IIncomingGrainCallFilter
    {
        public ConcurrentQueue<string> Seen { get; } = new();

        public async Task Invoke(IIncomingGrainCallContext context)
        {
            Seen.Enqueue($"{context.TargetId.Type}.{context.Method.MethodName}:before:{SynchronizationContext.Current is not null}");
            if (context.Method.MethodName == nameof(IFaultGrain.Throw) && context.TargetId.Key == "guarded")
            {
                throw new UnauthorizedAccessException("blocked by filter");
            }

            await context.Invoke();
            Seen.Enqueue($"{context.TargetId.Type}.{context.Method.MethodName}:after");
        }
    }

    [Fact]
    public async Task Filters_run_inside_the_turn_around_every_call_and_can_refuse_one()
    {
        var filter = new RecordingFilter();
        await using var cluster = await InProcessTestCluster.StartAsync(o =>
        {
            o.GrainAssemblies.Add(typeof(FaultGrain).Assembly);
            o.ConfigureServices = s => s.AddSingleton<IIncomingGrainCallFilter>(filter);
        });
        var grain = cluster.Client.GetGrain<IFaultGrain>("guarded");

        Assert.Equal(1, await grain.Ping());
        var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => grain.Throw("never thrown by the grain"));

        Assert.Equal("blocked by filter", refused.Message);
        Assert.Equal(
            ["FaultGrain.Ping:before:True", "FaultGrain.Ping:after", "FaultGrain.Throw:before:True"],
            filter.Seen.ToArray());
    }
}
