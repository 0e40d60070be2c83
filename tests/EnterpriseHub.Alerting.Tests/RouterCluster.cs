using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Alerting.Hosting;
using EnterpriseHub.Alerting.Storage;
using EnterpriseHub.Grains.Alerts;
using EnterpriseHub.TestingHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseHub.Alerting.Tests;

/// <summary>An in-process silo hosting the alert router on a manual clock, configured from YAML.</summary>
public sealed class RouterCluster : IAsyncDisposable
{
    private readonly TempDirectory _data;

    private RouterCluster(InProcessTestCluster cluster, ManualTimeProvider clock, TempDirectory data)
    {
        Cluster = cluster;
        Clock = clock;
        _data = data;
    }

    public InProcessTestCluster Cluster { get; }

    public ManualTimeProvider Clock { get; }

    public IAlertRouterGrain Router => Cluster.Client.GetGrain<IAlertRouterGrain>(IAlertRouterGrain.DefaultKey);

    public AlertStore Store => Cluster.Services.GetRequiredService<AlertStore>();

    public static async Task<RouterCluster> StartAsync(string yaml, params (string Key, string Value)[] settings)
    {
        var clock = new ManualTimeProvider(Alerts.T0);
        var data = new TempDirectory();
        var file = Path.Combine(data.Path, "alerting.yml");
        await File.WriteAllTextAsync(file, yaml);
        var values = new Dictionary<string, string?>
        {
            ["Alerting:ConfigFile"] = file,
            ["Alerting:ExternalUrl"] = "http://ehub.test:8080",
            ["Alerting:InitialRetryDelay"] = "00:00:01",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var cluster = await InProcessTestCluster.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.GrainAssemblies.Add(typeof(AlertRouterGrain).Assembly);
            o.ConfigureServices = services => services.AddAlerting(configuration, data.Path);
        });
        return new RouterCluster(cluster, clock, data);
    }

    /// <summary>Waits until the event log holds an event of <paramref name="type"/> beyond <paramref name="count"/> of them.</summary>
    public Task WaitForEventAsync(string type, int count = 1) =>
        InProcessTestCluster.WaitUntilAsync(
            () => Store.ReadEvents(0, 10_000).Count(e => e.Type == type) >= count,
            TimeSpan.FromSeconds(10),
            $"{count} '{type}' event(s)");

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _data.Dispose();
    }
}
