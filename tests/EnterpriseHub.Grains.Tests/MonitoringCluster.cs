using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Abstractions.Services;
using EnterpriseHub.Grains.Metrics;
using EnterpriseHub.Grains.Monitoring;
using EnterpriseHub.Runtime.Hosting;
using EnterpriseHub.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseHub.Grains.Tests;

/// <summary>A test silo with the monitoring grains, a catalog and the recording alert router.</summary>
public static class MonitoringCluster
{
    public static Task<InProcessTestCluster> StartAsync(params ServiceCatalogEntry[] catalog) => StartAsync(_ => { }, catalog);

    public static Task<InProcessTestCluster> StartAsync(Action<MonitoringOptions> configure, params ServiceCatalogEntry[] catalog) =>
        InProcessTestCluster.StartAsync(o =>
        {
            o.GrainAssemblies.Add(typeof(MetricGrain).Assembly);
            o.GrainAssemblies.Add(typeof(RecordingAlertRouter).Assembly);
            o.ConfigureServices = services =>
            {
                services.AddOptions<MonitoringOptions>().Configure(configure);
                services.AddSingleton(new ServiceCatalog(catalog));
                services.AddSingleton(new RecommendedActionsCatalog());
                services.AddSingleton<AlertFactory>();
                services.AddSingleton<AlertOutbox>();
                services.AddSingleton<MetricGrainServices>();
                services.AddGrainImplementation<IAlertRouterGrain, RecordingAlertRouter>();
            };
        });
}
