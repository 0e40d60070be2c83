using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace EnterpriseHub.Costs.Pricing;

/// <summary>
/// Reads a price file (see <c>infra/prices.yml</c>): <c>currency</c>, <c>prices</c> keyed by metric
/// (<c>per: unit_hour|unit</c>, <c>price</c>, optional <c>unit</c>, <c>aggregation: gauge|increment|counter</c>,
/// <c>used_metric</c>, <c>floor</c>, <c>commitment: {discount, term_months, upfront}</c>) and <c>mappings</c>
/// (<c>source</c>, <c>metric</c>, <c>factor</c>, optional <c>aggregation</c>). Metrics the file leaves out keep their defaults unless
/// <c>replace_defaults: true</c>.
/// </summary>
public static class PriceCatalogFile
{
    /// <summary>Loads the file at <paramref name="path"/>; errors name the file and the entry.</summary>
    public static PriceCatalog Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses price-file text; <paramref name="source"/> names it in errors.</summary>
    public static PriceCatalog Parse(string yaml, string source = "prices")
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        Document document;
        try
        {
            document = deserializer.Deserialize<Document?>(yaml) ?? new Document();
        }
        catch (YamlException ex)
        {
            throw new FormatException($"{source}: line {ex.Start.Line}: {ex.Message}", ex);
        }

        var prices = document.ReplaceDefaults ? new Dictionary<string, ResourcePrice>(StringComparer.Ordinal) : DefaultPrices.All.ToDictionary(p => p.Metric, StringComparer.Ordinal);
        foreach (var (metric, entry) in document.Prices ?? [])
        {
            prices[metric] = entry.ToPrice(metric, source);
        }

        var mappings = (document.Mappings ?? []).Select(m => new UsageMapping(
            m.Source ?? throw new FormatException($"{source}: a mapping has no source."),
            m.Metric ?? throw new FormatException($"{source}: the mapping from '{m.Source}' has no metric."),
            m.Factor ?? 1,
            ParseAggregation(m.Aggregation, $"the aggregation of the mapping from '{m.Source}'", source)));
        try
        {
            return new PriceCatalog(document.Currency ?? DefaultPrices.Currency, prices.Values, mappings);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"{source}: {ex.Message}", ex);
        }
    }

    private static UsageAggregation? ParseAggregation(string? text, string entry, string source) => text switch
    {
        null => null,
        "gauge" => UsageAggregation.Gauge,
        "increment" => UsageAggregation.Increment,
        "counter" => UsageAggregation.Counter,
        _ => throw new FormatException($"{source}: {entry} must be gauge, increment or counter, not '{text}'."),
    };

    private sealed class Document
    {
        public string? Currency { get; set; }

        public bool ReplaceDefaults { get; set; }

        public Dictionary<string, PriceEntry>? Prices { get; set; }

        public List<MappingEntry>? Mappings { get; set; }
    }

    private sealed class PriceEntry
    {
        public string? Per { get; set; }

        public double? Price { get; set; }

        public string? Unit { get; set; }

        public string? Aggregation { get; set; }

        public string? UsedMetric { get; set; }

        public double Floor { get; set; }

        public CommitmentEntry? Commitment { get; set; }

        public ResourcePrice ToPrice(string metric, string source)
        {
            var per = Per switch
            {
                "unit_hour" => PriceUnit.UnitHour,
                "unit" => PriceUnit.Unit,
                _ => throw new FormatException($"{source}: prices.{metric}.per must be unit_hour or unit, not '{Per}'."),
            };
            var aggregation = ParseAggregation(Aggregation, $"prices.{metric}.aggregation", source)
                ?? (per == PriceUnit.UnitHour ? UsageAggregation.Gauge : UsageAggregation.Increment);
            return new ResourcePrice
            {
                Metric = metric,
                Per = per,
                Price = Price ?? throw new FormatException($"{source}: prices.{metric}.price is missing."),
                Unit = Unit ?? "unit",
                Aggregation = aggregation,
                UsedMetric = UsedMetric,
                Floor = Floor,
                Commitment = Commitment is null ? null : new CommitmentOffer(Commitment.Discount, Commitment.TermMonths, Commitment.Upfront),
            };
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Per} {Price}");
    }

    private sealed class CommitmentEntry
    {
        public double Discount { get; set; }

        public int TermMonths { get; set; } = 12;

        public double Upfront { get; set; }
    }

    private sealed class MappingEntry
    {
        public string? Source { get; set; }

        public string? Metric { get; set; }

        public double? Factor { get; set; }

        public string? Aggregation { get; set; }
    }
}
