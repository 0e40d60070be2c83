using EnterpriseHub.Abstractions.Costs;
using EnterpriseHub.Abstractions.Ingestion;
using EnterpriseHub.Costs.Pricing;
using EnterpriseHub.Grains.Capacity;
using EnterpriseHub.Grains.Costs;
using EnterpriseHub.Grains.Monitoring;
using EnterpriseHub.Runtime;
using EnterpriseHub.Silo.Capacity;
using EnterpriseHub.Silo.Monitoring;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Silo.Costs;

/// <summary>Registers cost tracking and capacity intelligence.</summary>
public static class CostServiceCollectionExtensions
{
    /// <summary>Adds the price catalog, cost grains' dependencies, <see cref="ICostEstimator"/> and the usage hook on
    /// the sample sink (sections <c>Costs</c> and <c>Capacity</c>). Call after <c>AddMonitoring</c>.</summary>
    public static IServiceCollection AddCosts(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CostOptions>().Bind(configuration.GetSection(CostOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CostOptions>, CostOptionsValidator>();
        services.AddOptions<CapacityOptions>().Bind(configuration.GetSection(CapacityOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CapacityOptions>, CapacityOptionsValidator>();
        services.AddSingleton(sp =>
        {
            var file = sp.GetRequiredService<IOptions<CostOptions>>().Value.PriceFile;
            return string.IsNullOrWhiteSpace(file) ? DefaultPrices.Catalog() : PriceCatalogFile.Load(Path.GetFullPath(file));
        });
        services.AddSingleton<ICostEstimator, CostEstimator>();
        services.AddSingleton<ExhaustionBoard>();
        services.AddSingleton<CostBoard>();
        services.Replace(ServiceDescriptor.Singleton<ISampleSink>(sp => new CostSampleSink(
            sp.GetRequiredService<SampleRouter>(),
            sp.GetRequiredService<PriceCatalog>(),
            sp.GetRequiredService<ServiceCatalog>(),
            sp.GetRequiredService<IGrainFactory>())));
        return services;
    }
}
