using EnterpriseHub.Runtime.Tests.Grains;
using EnterpriseHub.TestingHost;

namespace EnterpriseHub.Runtime.Tests;

/// <summary>One silo on the real clock shared by the tests that do not move time.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Cluster = await InProcessTestCluster.StartAsync(o => o.GrainAssemblies.Add(typeof(CounterGrain).Assembly));

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
