namespace EnterpriseHub.Costs.Pricing;

/// <summary>
/// The catalog used when no price file is configured. Figures are round numbers of the order of public cloud
/// on-demand list prices (2024–2025), meant as a starting point, not a quote: set your negotiated prices in a price
/// file (see <c>infra/prices.yml</c>).
/// </summary>
public static class DefaultPrices
{
    /// <summary>Default currency.</summary>
    public const string Currency = "USD";

    /// <summary>Per vCPU core-hour.</summary>
    public const double CpuCoreHour = 0.04;

    /// <summary>Per GB-hour of memory.</summary>
    public const double MemoryGbHour = 0.005;

    /// <summary>Per GB-hour of block storage (≈ 0.073 per GB-month).</summary>
    public const double StorageGbHour = 0.0001;

    /// <summary>Per GB transferred out to the internet.</summary>
    public const double EgressGb = 0.09;

    /// <summary>Per API call (4 per million).</summary>
    public const double ApiCall = 0.000004;

    /// <summary>Per LLM token (2 per million).</summary>
    public const double LlmToken = 0.000002;

    /// <summary>A one-year, all-upfront reservation at 30% off, typical of compute and memory commitments.</summary>
    public static readonly CommitmentOffer OneYearAllUpfront = new(0.30, 12, 1.0);

    /// <summary>The default prices.</summary>
    public static IReadOnlyList<ResourcePrice> All { get; } =
    [
        new() { Metric = "cpu_cores", Per = PriceUnit.UnitHour, Price = CpuCoreHour, Unit = "core", UsedMetric = "cpu_cores_used", Floor = 0.25, Commitment = OneYearAllUpfront },
        new() { Metric = "memory_gb", Per = PriceUnit.UnitHour, Price = MemoryGbHour, Unit = "GB", UsedMetric = "memory_gb_used", Floor = 0.5, Commitment = OneYearAllUpfront },
        new() { Metric = "storage_gb", Per = PriceUnit.UnitHour, Price = StorageGbHour, Unit = "GB", UsedMetric = "storage_gb_used", Floor = 1 },
        new() { Metric = "egress_gb", Per = PriceUnit.Unit, Price = EgressGb, Unit = "GB", Aggregation = UsageAggregation.Increment },
        new() { Metric = "api_calls", Per = PriceUnit.Unit, Price = ApiCall, Unit = "call", Aggregation = UsageAggregation.Increment, UsedMetric = "api_calls_repeated" },
        new() { Metric = "llm_tokens", Per = PriceUnit.Unit, Price = LlmToken, Unit = "token", Aggregation = UsageAggregation.Increment, UsedMetric = "llm_tokens_cacheable" },
    ];

    /// <summary>A catalog of the defaults.</summary>
    public static PriceCatalog Catalog() => new(Currency, All);
}
