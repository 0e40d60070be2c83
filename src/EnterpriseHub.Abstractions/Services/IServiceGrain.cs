using EnterpriseHub.Runtime;

namespace EnterpriseHub.Abstractions.Services;

/// <summary>One service (key: its name): its catalog entry, a health score across its series, and correlation of
/// concurrent anomalies as root-cause hints.</summary>
public interface IServiceGrain : IGrainWithStringKey
{
    /// <summary>A series reports its status when it changes (and when it first appears).</summary>
    [OneWay]
    Task ReportSeries(SeriesReport report);

    /// <summary>The service for the API.</summary>
    [AlwaysInterleave]
    Task<ServiceView> Describe();

    /// <summary>The effective catalog entry: the API's edit if any, else configuration, else defaults.</summary>
    [AlwaysInterleave]
    Task<ServiceCatalogEntry> Catalog();

    /// <summary>Replaces the catalog entry (an operator's edit); it persists and wins over configuration.</summary>
    Task<ServiceCatalogEntry> UpdateCatalog(ServiceCatalogEntry entry);
}
