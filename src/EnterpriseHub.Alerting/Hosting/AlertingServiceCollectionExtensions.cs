using EnterpriseHub.Alerting.Configuration;
using EnterpriseHub.Alerting.Receivers;
using EnterpriseHub.Alerting.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Alerting.Hosting;

/// <summary>Registers the alert router's services with the generic host.</summary>
public static class AlertingServiceCollectionExtensions
{
    /// <summary>The name of the HTTP client receivers send with.</summary>
    public const string HttpClientName = "EnterpriseHub.Alerting";

    /// <summary>Adds the alert router's services: options (section <c>Alerting</c>), the configuration file (or the
    /// built-in one), the store <c>alerts.db</c> in <paramref name="dataDirectory"/>, the event feed, the notification
    /// worker and its counters, and a hosted service that activates the router at start so its timers run.</summary>
    public static IServiceCollection AddAlerting(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        services.AddOptions<AlertingOptions>().Bind(configuration.GetSection(AlertingOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertingOptions>, AlertingOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var file = sp.GetRequiredService<IOptions<AlertingOptions>>().Value.ConfigFile;
            return string.IsNullOrEmpty(file) ? AlertingConfiguration.Default : AlertingConfigurationLoader.Load(file);
        });
        services.TryAddSingleton(_ => new AlertStore(Path.Combine(dataDirectory, AlertingOptions.DatabaseFileName)));
        services.TryAddSingleton<AlertEventFeed>();
        services.TryAddSingleton<AlertNotificationCounters>();
        services.AddHttpClient(HttpClientName, http =>
        {
            http.Timeout = Timeout.InfiniteTimeSpan;
            http.DefaultRequestHeaders.UserAgent.ParseAdd("EnterpriseHub-Alerting/1.0");
        });
        services.TryAddSingleton(sp => new AlertReceiverFactory(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IOptions<AlertingOptions>>()));
        services.TryAddSingleton<NotificationWorker>();
        services.AddHostedService<AlertRouterStartup>();
        return services;
    }
}
