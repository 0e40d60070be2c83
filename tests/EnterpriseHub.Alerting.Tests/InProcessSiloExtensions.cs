using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Runtime;
using EnterpriseHub.Silo.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseHub.Alerting.Tests;

/// <summary>The alert router of an in-process silo.</summary>
public static class InProcessSiloExtensions
{
    public static IAlertRouterGrain Router(this InProcessSilo silo) =>
        silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IAlertRouterGrain>(IAlertRouterGrain.DefaultKey);
}
