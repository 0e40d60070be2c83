namespace EnterpriseHub.Costs.Pricing;

/// <summary>
/// Prices per usage metric and the mappings that derive usage from resource metrics. Every metric named here
/// (billed, used, or a mapping's source) is usage; everything else is not.
/// </summary>
public sealed class PriceCatalog
{
    /// <summary>Hours in a month for monthly figures: 365 × 24 / 12 = 730, the convention of cloud price lists.</summary>
    public const double HoursPerMonth = 730;

    private readonly Dictionary<string, ResourcePrice> _prices;
    private readonly Dictionary<string, UsageBinding> _bindings;

    /// <summary>A catalog of <paramref name="prices"/> in <paramref name="currency"/>.</summary>
    public PriceCatalog(string currency, IEnumerable<ResourcePrice> prices, IEnumerable<UsageMapping>? mappings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(currency);
        ArgumentNullException.ThrowIfNull(prices);
        Currency = currency;
        _prices = new Dictionary<string, ResourcePrice>(StringComparer.Ordinal);
        _bindings = new Dictionary<string, UsageBinding>(StringComparer.Ordinal);
        foreach (var price in prices)
        {
            Validate(price);
            if (!_prices.TryAdd(price.Metric, price))
            {
                throw new ArgumentException($"Metric '{price.Metric}' is priced twice.", nameof(prices));
            }

            Bind(price.Metric, new UsageBinding(price, UsageRole.Billed, 1, price.Aggregation));
            if (price.UsedMetric is { } used)
            {
                Bind(used, new UsageBinding(price, UsageRole.Used, 1, price.Aggregation));
            }
        }

        foreach (var mapping in mappings ?? [])
        {
            var target = _bindings.GetValueOrDefault(mapping.Metric)
                ?? throw new ArgumentException($"Mapping from '{mapping.Source}' names '{mapping.Metric}', which is neither a priced metric nor a used metric.", nameof(mappings));
            if (!(mapping.Factor > 0) || double.IsInfinity(mapping.Factor))
            {
                throw new ArgumentException($"Mapping from '{mapping.Source}' needs a positive factor.", nameof(mappings));
            }

            var aggregation = mapping.Aggregation ?? target.Aggregation;
            if ((target.Resource.Per == PriceUnit.UnitHour) != (aggregation == UsageAggregation.Gauge))
            {
                throw new ArgumentException(target.Resource.Per == PriceUnit.UnitHour
                    ? $"Mapping from '{mapping.Source}' feeds '{mapping.Metric}', priced per unit-hour, so its samples must be levels (gauge)."
                    : $"Mapping from '{mapping.Source}' feeds '{mapping.Metric}', priced per unit, so its samples must be increments or a counter.", nameof(mappings));
            }

            Bind(mapping.Source, target with { Factor = mapping.Factor, Aggregation = aggregation });
        }
    }

    /// <summary>The currency of every price, e.g. <c>USD</c>.</summary>
    public string Currency { get; }

    /// <summary>The priced resources.</summary>
    public IReadOnlyCollection<ResourcePrice> Prices => _prices.Values;

    /// <summary>The price of <paramref name="resource"/>, or null.</summary>
    public ResourcePrice? Find(string resource) => _prices.GetValueOrDefault(resource);

    /// <summary>How samples of <paramref name="metric"/> feed a resource; null when the metric is not usage.</summary>
    public UsageBinding? Classify(string metric) => _bindings.GetValueOrDefault(metric);

    /// <summary>The cost of <paramref name="quantity"/> (unit-hours or units) of <paramref name="resource"/>.</summary>
    public static double Cost(ResourcePrice resource, double quantity)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return quantity * resource.Price;
    }

    private void Bind(string metric, UsageBinding binding)
    {
        if (!_bindings.TryAdd(metric, binding))
        {
            throw new ArgumentException($"Metric '{metric}' feeds more than one resource or role.");
        }
    }

    private static void Validate(ResourcePrice price)
    {
        ArgumentException.ThrowIfNullOrEmpty(price.Metric);
        if (!(price.Price >= 0) || double.IsInfinity(price.Price))
        {
            throw new ArgumentException($"The price of '{price.Metric}' must be a non-negative number.");
        }

        if (price.Per == PriceUnit.UnitHour && price.Aggregation != UsageAggregation.Gauge)
        {
            throw new ArgumentException($"'{price.Metric}' is priced per unit-hour, so its samples must be levels (gauge).");
        }

        if (price.Per == PriceUnit.Unit && price.Aggregation == UsageAggregation.Gauge)
        {
            throw new ArgumentException($"'{price.Metric}' is priced per unit, so its samples must be increments or a counter.");
        }

        if (price.Commitment is { } c && (c.Discount is <= 0 or >= 1 || c.TermMonths < 1 || c.UpfrontFraction is < 0 or > 1))
        {
            throw new ArgumentException($"The commitment of '{price.Metric}' needs a discount in (0, 1), a term of at least a month and an upfront share in [0, 1].");
        }
    }
}
