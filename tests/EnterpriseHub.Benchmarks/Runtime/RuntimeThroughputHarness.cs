using System.Diagnostics;
using System.Globalization;
using EnterpriseHub.TestingHost;

namespace EnterpriseHub.Benchmarks.Runtime;

/// <summary>
/// End-to-end throughput of the grain runtime in one process, printed one figure per line:
/// request/response and one-way calls to 10,000 warm grains from concurrent callers, activation rate, heap bytes
/// per idle activation, and the same request/response pattern through bare channels as the ceiling.
/// </summary>
public static class RuntimeThroughputHarness
{
    private const int WarmGrains = 10_000;

    public static async Task<int> RunAsync(bool quick, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var duration = quick ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(10);
        var callers = Environment.ProcessorCount * 256;
        var oneWayMessages = quick ? 4_000_000 : 10_000_000;
        var newActivations = quick ? 100_000 : 300_000;

        await using var cluster = await InProcessTestCluster.StartAsync(o =>
        {
            o.GrainAssemblies.Add(typeof(PingGrain).Assembly);
            o.ConfigureRuntime = r => r.CollectionAge = TimeSpan.FromHours(1);
        });

        var grains = new IPingGrain[WarmGrains];
        for (var i = 0; i < grains.Length; i++)
        {
            grains[i] = cluster.Client.GetGrain<IPingGrain>("ping-" + i.ToString(CultureInfo.InvariantCulture));
        }

        await Task.WhenAll(grains.Select(g => g.Ping(0).AsTask()));

        // Warm-up of the call path before any figure is taken.
        await MeasureRequests((i, v) => grains[i].Ping(v), callers, TimeSpan.FromSeconds(1));
        var requestRate = await MeasureRequests((i, v) => grains[i].Ping(v), callers, duration);
        output.WriteLine(Line("request_calls_per_sec", requestRate));

        var oneWayRate = await MeasureOneWay(grains, oneWayMessages);
        output.WriteLine(Line("oneway_calls_per_sec", oneWayRate));

        var activationRate = await MeasureActivations(cluster, newActivations);
        output.WriteLine(Line("activations_per_sec", activationRate));

        var bytesPerActivation = await MeasureIdleActivationBytes(cluster, quick ? 50_000 : 100_000);
        output.WriteLine(Line("bytes_per_idle_activation", bytesPerActivation));

        var baseline = new ChannelBaseline(WarmGrains);
        await MeasureRequests(baseline.Ping, callers, TimeSpan.FromSeconds(1));
        var channelRate = await MeasureRequests(baseline.Ping, callers, duration);
        baseline.Stop();
        output.WriteLine(Line("channel_baseline_per_sec", channelRate));
        output.WriteLine(Line("runtime_vs_channel_ratio", channelRate / requestRate, "F2"));
        return 0;
    }

    /// <summary>Each caller awaits one call at a time, walking the grains with a stride so callers rarely collide.</summary>
    private static async Task<double> MeasureRequests(Func<int, int, ValueTask<int>> call, int callers, TimeSpan duration)
    {
        using var stop = new CancellationTokenSource();
        var counts = new long[callers];
        var started = Stopwatch.GetTimestamp();
        var loops = new Task[callers];
        for (var c = 0; c < callers; c++)
        {
            var caller = c;
            loops[c] = Task.Run(async () =>
            {
                var index = caller * 37 % WarmGrains;
                long done = 0;
                while (!stop.IsCancellationRequested)
                {
                    var result = await call(index, (int)done).ConfigureAwait(false);
                    if (result != (int)done + 1)
                    {
                        throw new InvalidOperationException($"Wrong answer {result} for {done}.");
                    }

                    done++;
                    index += 7919;
                    if (index >= WarmGrains)
                    {
                        index -= WarmGrains;
                    }
                }

                counts[caller] = done;
            });
        }

        await Task.Delay(duration).ConfigureAwait(false);
        stop.Cancel();
        await Task.WhenAll(loops).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return counts.Sum() / elapsed.TotalSeconds;
    }

    /// <summary>One producer per core sends one-way calls round-robin; the clock stops when every grain has
    /// processed them (a request/response call queues behind them in each mailbox).</summary>
    private static async Task<double> MeasureOneWay(IPingGrain[] grains, int messages)
    {
        var before = (await Task.WhenAll(grains.Select(g => g.Ticks().AsTask())).ConfigureAwait(false)).Sum();
        var producers = Environment.ProcessorCount;
        var perProducer = messages / producers;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(() =>
        {
            var index = p * (WarmGrains / producers);
            for (var i = 0; i < perProducer; i++)
            {
                _ = grains[index].Tick(i);
                if (++index == WarmGrains)
                {
                    index = 0;
                }
            }
        }))).ConfigureAwait(false);
        var after = (await Task.WhenAll(grains.Select(g => g.Ticks().AsTask())).ConfigureAwait(false)).Sum();
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (after - before != (long)perProducer * producers)
        {
            throw new InvalidOperationException($"Sent {perProducer * producers} one-way calls but grains counted {after - before}.");
        }

        return perProducer * producers / elapsed.TotalSeconds;
    }

    private static async Task<double> MeasureActivations(InProcessTestCluster cluster, int count)
    {
        const int Concurrency = 1024;
        var started = Stopwatch.GetTimestamp();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await cluster.Client.GetGrain<IPingGrain>("fresh-" + i.ToString(CultureInfo.InvariantCulture)).Ping(i).ConfigureAwait(false);
            }
        }))).ConfigureAwait(false);
        return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>Managed heap growth per activation of a grain with no fields, after full collections, with every
    /// reference the harness held dropped: what the runtime keeps per idle activation.</summary>
    private static async Task<double> MeasureIdleActivationBytes(InProcessTestCluster cluster, int count)
    {
        var activationsBefore = cluster.Runtime.ActivationCount;
        var before = FullyCollectedHeap();
        await ActivateEmpty(cluster, count).ConfigureAwait(false);
        var after = FullyCollectedHeap();
        if (cluster.Runtime.ActivationCount - activationsBefore != count)
        {
            throw new InvalidOperationException($"Expected {count} new activations, found {cluster.Runtime.ActivationCount - activationsBefore}.");
        }

        return (after - before) / (double)count;
    }

    private static async Task ActivateEmpty(InProcessTestCluster cluster, int count)
    {
        const int Batch = 1000;
        for (var start = 0; start < count; start += Batch)
        {
            var calls = new Task[Math.Min(Batch, count - start)];
            for (var i = 0; i < calls.Length; i++)
            {
                calls[i] = cluster.Client.GetGrain<IEmptyGrain>("empty-" + (start + i).ToString(CultureInfo.InvariantCulture)).Touch().AsTask();
            }

            await Task.WhenAll(calls).ConfigureAwait(false);
        }
    }

    private static long FullyCollectedHeap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static string Line(string name, double value, string format = "F0") =>
        name + "=" + value.ToString(format, CultureInfo.InvariantCulture);
}
