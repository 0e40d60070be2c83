using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Abstractions.Services;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace EnterpriseHub.Silo.Monitoring;

/// <summary>
/// Reads the service catalog YAML (see infra/catalog.yml): a list of services with tier, owner, team, cost center,
/// SLOs, threshold rules and business impact per severity. Errors name the file, line and column.
/// </summary>
public static class CatalogFile
{
    /// <summary>Parses the catalog at <paramref name="path"/>.</summary>
    public static IReadOnlyList<ServiceCatalogEntry> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The service catalog file {path} (Monitoring:CatalogFile) does not exist.", path);
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses catalog YAML; <paramref name="source"/> names it in errors.</summary>
    public static IReadOnlyList<ServiceCatalogEntry> Parse(string yaml, string source)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        CatalogDocument document;
        try
        {
            document = deserializer.Deserialize<CatalogDocument?>(yaml) ?? new CatalogDocument();
        }
        catch (YamlException ex)
        {
            throw new InvalidDataException($"{source}:{ex.Start.Line}:{ex.Start.Column}: {ex.InnerException?.Message ?? ex.Message}", ex);
        }

        var entries = new List<ServiceCatalogEntry>();
        for (var i = 0; i < document.Services.Count; i++)
        {
            var service = document.Services[i];
            var where = $"{source}: services[{i}]";
            if (string.IsNullOrWhiteSpace(service.Name))
            {
                throw new InvalidDataException($"{where}: 'name' is required.");
            }

            entries.Add(new ServiceCatalogEntry
            {
                Name = service.Name,
                Tier = ParseEnum<ServiceTier>(service.Tier ?? "medium", $"{where} ({service.Name}).tier"),
                Owner = service.Owner,
                Team = service.Team,
                CostCenter = service.CostCenter,
                Rules = service.Rules,
                Slos = [.. service.Slos.Select((s, j) => new SloTarget(
                    s.Name ?? throw new InvalidDataException($"{where} ({service.Name}).slos[{j}]: 'name' is required."),
                    s.Metric ?? throw new InvalidDataException($"{where} ({service.Name}).slos[{j}]: 'metric' is required."),
                    s.Threshold,
                    s.Objective is > 0 and < 1 ? s.Objective : throw new InvalidDataException($"{where} ({service.Name}).slos[{j}]: 'objective' must be between 0 and 1, e.g. 0.999."),
                    s.LowerIsBad))],
                BusinessImpact = service.BusinessImpact.ToDictionary(
                    p => ParseEnum<AlertSeverity>(p.Key, $"{where} ({service.Name}).business_impact"),
                    p => p.Value),
            });
        }

        return entries;
    }

    private static T ParseEnum<T>(string text, string where)
        where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value)
            ? value
            : throw new InvalidDataException($"{where}: '{text}' is not one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.");

    private sealed class CatalogDocument
    {
        public List<ServiceDocument> Services { get; set; } = [];
    }

    private sealed class ServiceDocument
    {
        public string? Name { get; set; }

        public string? Tier { get; set; }

        public string? Owner { get; set; }

        public string? Team { get; set; }

        public string? CostCenter { get; set; }

        public List<string> Rules { get; set; } = [];

        public List<SloDocument> Slos { get; set; } = [];

        public Dictionary<string, string> BusinessImpact { get; set; } = [];
    }

    private sealed class SloDocument
    {
        public string? Name { get; set; }

        public string? Metric { get; set; }

        public double Threshold { get; set; }

        public double Objective { get; set; }

        public bool LowerIsBad { get; set; }
    }
}
