using EnterpriseHub.Abstractions.Services;

namespace EnterpriseHub.Grains.Monitoring;

/// <summary>Service catalog entries from configuration; services not listed get defaults (medium tier, no SLOs).</summary>
public sealed class ServiceCatalog
{
    private readonly Dictionary<string, ServiceCatalogEntry> _entries;

    /// <summary>A catalog of <paramref name="entries"/>.</summary>
    public ServiceCatalog(IEnumerable<ServiceCatalogEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = new Dictionary<string, ServiceCatalogEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!_entries.TryAdd(entry.Name, entry))
            {
                throw new ArgumentException($"Service '{entry.Name}' appears twice in the catalog.", nameof(entries));
            }

            foreach (var rule in entry.Rules)
            {
                // Validate at load so a typo fails the start, not the first sample.
                ThresholdRule.Parse(rule);
            }
        }
    }

    /// <summary>The configured services.</summary>
    public IReadOnlyCollection<ServiceCatalogEntry> Entries => _entries.Values;

    /// <summary>The configured entry for <paramref name="service"/>, or a default one.</summary>
    public ServiceCatalogEntry For(string service) =>
        _entries.TryGetValue(service, out var entry) ? entry : new ServiceCatalogEntry { Name = service };
}
