using EnterpriseHub.Alerting.Configuration;
using EnterpriseHub.Incidents.Actions;
using EnterpriseHub.Incidents.Engine;
using EnterpriseHub.Incidents.Playbooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Incidents.Hosting;

/// <summary>Registers the playbook engine: options, the built-in actions, the simulated scaler (unless another
/// <see cref="IScaler"/> is registered), the step executor and the playbook catalog.</summary>
public static class IncidentsEngineServiceCollectionExtensions
{
    /// <summary>The name of the HTTP client of the http and notify actions.</summary>
    public const string HttpClientName = "EnterpriseHub.Incidents";

    /// <summary>Adds the engine. <see cref="IRemediationProbe"/> must be registered by the host (the silo asks its grains).</summary>
    public static IServiceCollection AddIncidentsEngine(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<IncidentsOptions>().Bind(configuration.GetSection(IncidentsOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IncidentsOptions>, IncidentsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(HttpClientName, http =>
        {
            // Each attempt's timeout comes from its step, through Polly.
            http.Timeout = Timeout.InfiniteTimeSpan;
            http.DefaultRequestHeaders.UserAgent.ParseAdd("EnterpriseHub-Playbooks/1.0");
        });
        services.TryAddSingleton<IScaler, SimulatedScaler>();
        services.AddSingleton<IPlaybookAction>(sp => new HttpAction(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName)));
        services.AddSingleton<IPlaybookAction>(sp => new NotifyAction(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetService<IOptions<AlertingOptions>>()?.Value.ExternalUrl ?? "http://127.0.0.1:8080"));
        services.AddSingleton<IPlaybookAction>(sp => new ScaleAction(sp.GetRequiredService<IScaler>(), sp.GetService<EnterpriseHub.Abstractions.Costs.ICostEstimator>()));
        services.AddSingleton<IPlaybookAction>(sp => new WaitAction(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IPlaybookAction>(sp => new VerifyAction(sp.GetRequiredService<IRemediationProbe>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IPlaybookAction>(sp => new CommandAction(
            sp.GetRequiredService<IOptions<IncidentsOptions>>().Value.Command.AllowedExecutables.ToHashSet(StringComparer.Ordinal)));
        services.TryAddSingleton(sp => new ActionCatalog(sp.GetServices<IPlaybookAction>()));
        services.TryAddSingleton<StepExecutor>();
        services.TryAddSingleton(sp =>
        {
            var catalog = new PlaybookCatalog(
                sp.GetRequiredService<IOptions<IncidentsOptions>>().Value.PlaybookDirectory,
                sp.GetRequiredService<ActionCatalog>(),
                sp.GetRequiredService<ILogger<PlaybookCatalog>>());
            catalog.Start();
            return catalog;
        });
        return services;
    }
}
