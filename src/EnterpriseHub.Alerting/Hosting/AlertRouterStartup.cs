using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Alerting.Configuration;
using EnterpriseHub.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EnterpriseHub.Alerting.Hosting;

/// <summary>At start, loads the alerting configuration (so a bad file stops the silo with its error) and activates
/// the alert router, which restores its state and arms its timers: resolve timeouts and repeat notifications run
/// even before the first source reports.</summary>
internal sealed class AlertRouterStartup(IServiceProvider services, IGrainFactory grains, ILogger<AlertRouterStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configuration = services.GetRequiredService<AlertingConfiguration>();
        logger.LogInformation("Alerting: {Receivers} receiver(s), {Rules} inhibition rule(s), resolve timeout {ResolveTimeout}",
            configuration.Receivers.Count, configuration.InhibitRules.Count, configuration.ResolveTimeout);
        await grains.GetGrain<IAlertRouterGrain>(IAlertRouterGrain.DefaultKey).GetSilences().ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
