using EnterpriseHub.Costs.Aggregation;
using EnterpriseHub.Costs.Performance;
using EnterpriseHub.Costs.Pricing;
using EnterpriseHub.Costs.Recommendations;
using EnterpriseHub.Costs.Scaling;

namespace EnterpriseHub.Costs.Tests.Formulas;

public sealed class PerformanceAndPricingTests
{
    [Fact]
    public void Performance_score_is_the_mean_of_target_ratios()
    {
        // Latency 500 vs 250 → 50; error rate 0.005 vs 0.01 → met, 100; throughput 150 vs 200 → 75. Mean 75.
        TargetScore[] scores =
        [
            PerformanceScore.Score(new PerformanceTarget("latency_p99_ms", 250, false), 500),
            PerformanceScore.Score(new PerformanceTarget("error_rate", 0.01, false), 0.005),
            PerformanceScore.Score(new PerformanceTarget("throughput_rps", 200, true), 150),
        ];
        Assert.Equal([50, 100, 75], scores.Select(s => s.Score));
        Assert.Equal(75, PerformanceScore.Overall(scores));
    }

    [Fact]
    public void Gauge_hours_cost_their_mean_level_and_counters_their_increments()
    {
        // Gauge samples 2, 4, 6 cores in one hour → 4 core-hours × 0.04 = 0.16.
        var ledger = new ResourceLedger();
        foreach (var v in new double[] { 2, 4, 6 })
        {
            ledger.AddBilled(100, v);
        }

        var cpu = DefaultPrices.Catalog().Find("cpu_cores")!;
        Assert.Equal(0.16, PriceCatalog.Cost(cpu, ledger.Find(100)!.Quantity(cpu.Aggregation)), 12);
        // Counter 10 → 25 → 5 (reset): increments 15 and 5.
        Assert.Equal(15, CounterIncrement.Between(10, 25));
        Assert.Equal(5, CounterIncrement.Between(25, 5));
    }

    [Fact]
    public void Price_file_overrides_defaults_and_maps_resource_metrics()
    {
        var catalog = PriceCatalogFile.Parse("""
            currency: EUR
            prices:
              cpu_cores: { per: unit_hour, price: 0.05, unit: core, used_metric: cpu_cores_used }
              gpu_hours: { per: unit_hour, price: 2.5 }
            mappings:
              - { source: container_memory_bytes, metric: memory_gb_used, factor: 0.000000001 }
            """);
        Assert.Equal("EUR", catalog.Currency);
        Assert.Equal(0.05, catalog.Find("cpu_cores")!.Price);
        Assert.Equal(2.5, catalog.Find("gpu_hours")!.Price);
        Assert.Equal(DefaultPrices.ApiCall, catalog.Find("api_calls")!.Price);
        var mapped = catalog.Classify("container_memory_bytes")!;
        Assert.Equal(("memory_gb", UsageRole.Used, 1e-9, UsageAggregation.Gauge), (mapped.Resource.Metric, mapped.Role, mapped.Factor, mapped.Aggregation));
        Assert.Null(catalog.Classify("latency_p99_ms"));
    }

    [Fact]
    public void A_mapping_reads_a_counter_into_a_per_unit_resource_and_must_not_read_one_into_a_unit_hour_resource()
    {
        var catalog = PriceCatalogFile.Parse("""
            mappings:
              - { source: http_requests_total, metric: api_calls, aggregation: counter }
              - { source: bytes_sent, metric: egress_gb, factor: 1e-9 }
            """);
        var requests = catalog.Classify("http_requests_total")!;
        Assert.Equal(("api_calls", UsageAggregation.Counter), (requests.Resource.Metric, requests.Aggregation));
        // Without its own aggregation a mapping reads samples as its metric does: egress is increments.
        Assert.Equal(UsageAggregation.Increment, catalog.Classify("bytes_sent")!.Aggregation);
        Assert.Equal(UsageAggregation.Increment, catalog.Classify("api_calls")!.Aggregation);

        var error = Assert.Throws<FormatException>(() => PriceCatalogFile.Parse("mappings:\n  - { source: cpu_seconds_total, metric: cpu_cores, aggregation: counter }\n", "prices.yml"));
        Assert.Equal("prices.yml: Mapping from 'cpu_seconds_total' feeds 'cpu_cores', priced per unit-hour, so its samples must be levels (gauge). (Parameter 'mappings')", error.Message);
        error = Assert.Throws<FormatException>(() => PriceCatalogFile.Parse("mappings:\n  - { source: x, metric: api_calls, aggregation: sum }\n", "prices.yml"));
        Assert.Equal("prices.yml: the aggregation of the mapping from 'x' must be gauge, increment or counter, not 'sum'.", error.Message);
    }

    [Fact]
    public void Price_file_errors_name_the_entry()
    {
        var error = Assert.Throws<FormatException>(() => PriceCatalogFile.Parse("prices:\n  cpu_cores: { per: hourly, price: 1 }\n", "prices.yml"));
        Assert.Contains("prices.cpu_cores.per", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scaling_from_3_to_5_replicas_costs_the_extra_replicas_shape()
    {
        // 2 more replicas × 0.5 core × 0.04 = 0.04 per hour; × 2 GB × 0.005 = 0.02 per hour.
        var catalog = DefaultPrices.Catalog();
        Assert.Equal(0.04, ReplicaCostEstimate.HourlyDelta(catalog, "cpu_cores", 0.5, 3, 5), 12);
        Assert.Equal(0.02, ReplicaCostEstimate.HourlyDelta(catalog, "memory_gb", 2, 3, 5), 12);
        Assert.Equal(-0.02, ReplicaCostEstimate.HourlyDelta(catalog, "memory_gb", 2, 5, 3), 12);
    }

    [Fact]
    public void Api_advice_caches_repeated_calls_and_batches_heavy_traffic()
    {
        var thresholds = new ApiUsageThresholds();
        // 240,000 calls in 10 h = 24,000/h ≥ 10,000; 30% repeated ≥ 20% → cache, saving 30% of the cost.
        Assert.Equal(new ApiUsageAdviceResult("cache", 24_000, 0.3, 0.3), ApiUsageAdvice.Evaluate(240_000, 72_000, 10, thresholds));
        // 2,000,000 calls in 10 h = 200,000/h, 5% repeated → batch 10 per request, saving 90%.
        Assert.Equal("batch", ApiUsageAdvice.Evaluate(2_000_000, 100_000, 10, thresholds)!.Action);
        Assert.Null(ApiUsageAdvice.Evaluate(5_000, 4_000, 10, thresholds));
    }
}

public sealed class ExamplePriceFileTests
{
    [Fact]
    public void The_example_price_file_in_infra_loads()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "../../../../../infra/prices.yml");
        var catalog = PriceCatalogFile.Load(path);
        Assert.Equal(2.5, catalog.Find("gpu_count")!.Price);
        Assert.Equal(UsageRole.Used, catalog.Classify("container_memory_working_set_bytes")!.Role);
        Assert.Equal(UsageAggregation.Counter, catalog.Classify("http_requests_billed_total")!.Aggregation);
    }
}
