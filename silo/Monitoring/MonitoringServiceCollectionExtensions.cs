using EnterpriseHub.Abstractions.Ingestion;
using EnterpriseHub.Grains.Metrics;
using EnterpriseHub.Grains.Monitoring;
using EnterpriseHub.Runtime.Hosting;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Silo.Monitoring;

/// <summary>Registers the monitoring pipeline: catalog, metric and service grains' dependencies, the series index
/// and the sample router.</summary>
public static class MonitoringServiceCollectionExtensions
{
    /// <summary>Adds monitoring, reading sections <c>Monitoring</c> and <c>Ingestion</c>.</summary>
    public static IServiceCollection AddMonitoring(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddGrains(typeof(MetricGrain).Assembly);
        services.AddOptions<MonitoringOptions>().Bind(configuration.GetSection(MonitoringOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MonitoringOptions>, MonitoringOptionsValidator>();
        services.AddOptions<SampleRouterOptions>().Bind(configuration.GetSection("Ingestion"));
        services.AddSingleton(sp =>
        {
            var file = sp.GetRequiredService<IOptions<MonitoringOptions>>().Value.CatalogFile;
            var fromFile = string.IsNullOrWhiteSpace(file) ? [] : CatalogFile.Load(Path.GetFullPath(file));
            // The file wins: contributed entries (the demo's) only fill in services it does not name.
            var extra = sp.GetServices<CatalogContribution>().SelectMany(c => c.Entries).Where(e => !fromFile.Any(f => f.Name == e.Name));
            return new ServiceCatalog(fromFile.Concat(extra));
        });
        services.AddSingleton(sp => new RecommendedActionsCatalog(sp.GetRequiredService<IOptions<MonitoringOptions>>().Value.RecommendedActions));
        services.AddSingleton<AlertFactory>();
        services.AddSingleton<AlertOutbox>();
        services.AddSingleton<MetricGrainServices>();
        services.AddSingleton(sp => new SeriesIndexStore(dataDirectory, sp.GetRequiredService<ILogger<SeriesIndexStore>>()));
        services.AddSingleton<SeriesIndex>();
        services.AddSingleton<EnterpriseHub.Abstractions.Metrics.ISeriesKeyLookup>(sp => sp.GetRequiredService<SeriesIndex>());
        services.AddSingleton<Metrics.IMetricsContributor, SeriesMetrics>();
        services.AddSingleton<SampleRouter>();
        services.AddSingleton<ISampleSink>(sp => sp.GetRequiredService<SampleRouter>());
        return services;
    }
}

/// <summary>Catalog entries contributed by code (the demo) in addition to the catalog file.</summary>
/// <param name="Entries">The entries.</param>
public sealed record CatalogContribution(IReadOnlyList<EnterpriseHub.Abstractions.Services.ServiceCatalogEntry> Entries);
