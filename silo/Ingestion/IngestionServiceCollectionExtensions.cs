using EnterpriseHub.Ingestion;
using EnterpriseHub.Ingestion.Json;
using EnterpriseHub.Ingestion.Otlp;
using EnterpriseHub.Ingestion.RemoteWrite;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Silo.Ingestion;

/// <summary>Registers the ingestion decoders, limits and statistics.</summary>
public static class IngestionServiceCollectionExtensions
{
    /// <summary>Binds <see cref="IngestionOptions"/> to section <c>Ingestion</c> (validated at start) and registers the
    /// decoders, the series identity cache and <see cref="IngestionStatistics"/>. The <c>ISampleSink</c> is registered
    /// by whoever provides it; until then the endpoints answer 503.</summary>
    public static IServiceCollection AddIngestion(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<IngestionOptions>().Bind(configuration.GetSection(IngestionOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IngestionOptions>, IngestionOptionsValidator>();
        services.AddSingleton<IngestionStatistics>();
        services.AddSingleton<Metrics.IMetricsContributor, IngestionMetricsWriter>();
        services.AddSingleton(sp => new SeriesIdentityCache(Limits(sp).SeriesCacheSize));
        services.AddSingleton(sp => new RemoteWriteDecoder(Limits(sp), sp.GetRequiredService<SeriesIdentityCache>()));
        services.AddSingleton(sp => new OtlpMetricsDecoder(Limits(sp)));
        services.AddSingleton(sp => new SampleJsonDecoder(Limits(sp)));
        services.AddSingleton<IngestionPipeline>();
        return services;
    }

    private static IngestionOptions Limits(IServiceProvider services) => services.GetRequiredService<IOptions<IngestionOptions>>().Value;
}
