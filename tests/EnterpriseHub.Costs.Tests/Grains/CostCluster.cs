using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Costs.Pricing;
using EnterpriseHub.Grains.Costs;
using EnterpriseHub.Grains.Monitoring;
using EnterpriseHub.Grains.Tests;
using EnterpriseHub.Runtime.Hosting;
using EnterpriseHub.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseHub.Costs.Tests.Grains;

/// <summary>A test silo with the cost grains on a manual clock, the default prices unless others are given, and the
/// recording alert router in place of the real one, so tests read the alerts the cost grains raise.</summary>
public static class CostCluster
{
    public static Task<InProcessTestCluster> StartAsync(ManualTimeProvider clock, Action<CostOptions>? configure = null, PriceCatalog? prices = null,
        Action<IServiceCollection>? services = null) =>
        InProcessTestCluster.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.GrainAssemblies.Add(typeof(CostGrain).Assembly);
            o.GrainAssemblies.Add(typeof(RecordingAlertRouter).Assembly);
            o.ConfigureServices = s =>
            {
                s.AddSingleton(prices ?? DefaultPrices.Catalog());
                s.AddOptions<CostOptions>().Configure(c => configure?.Invoke(c));
                s.AddSingleton<AlertOutbox>();
                s.AddGrainImplementation<IAlertRouterGrain, RecordingAlertRouter>();
                services?.Invoke(s);
            };
        });

    /// <summary>The alerts named <paramref name="alertName"/> raised so far for the cost grain labelled <paramref name="service"/>
    /// (a service, or <c>team/&lt;name&gt;</c>, <c>cost_center/&lt;name&gt;</c>).</summary>
    public static IReadOnlyList<Alert> Alerts(string service, string alertName) =>
        [.. RecordingAlertRouter.Received.Where(a => a.Name == alertName && a.Labels.GetValueOrDefault("service") == service)];

    /// <summary>Alerts go through the outbox's own thread, so tests wait for them to land.</summary>
    public static async Task<IReadOnlyList<Alert>> WaitForAlerts(string service, string alertName, int count)
    {
        await InProcessTestCluster.WaitUntilAsync(() => Alerts(service, alertName).Count >= count, TimeSpan.FromSeconds(10), $"{count} {alertName} alert(s) for {service}");
        return Alerts(service, alertName);
    }
}
