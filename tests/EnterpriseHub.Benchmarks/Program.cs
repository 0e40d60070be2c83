using BenchmarkDotNet.Running;
using EnterpriseHub.Benchmarks.Runtime;

// `runtime [--quick]`: the grain runtime throughput harness, one figure per line.
// Anything else goes to BenchmarkDotNet (micro benchmarks of hot paths), e.g. `--filter *Ewma*`.
if (args.Length > 0 && args[0] == "runtime")
{
    return await RuntimeThroughputHarness.RunAsync(quick: args.Contains("--quick"), Console.Out);
}

BenchmarkSwitcher.FromAssembly(typeof(RuntimeThroughputHarness).Assembly).Run(args);
return 0;
