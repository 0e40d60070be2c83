using System.Globalization;
using EnterpriseHub.Abstractions.Costs;
using EnterpriseHub.Costs.Aggregation;
using EnterpriseHub.Costs.Pricing;
using EnterpriseHub.Costs.Recommendations;

namespace EnterpriseHub.Grains.Costs;

/// <summary>Turns a service's hourly ledgers into recommendations: rightsizing and commitments per unit-hour
/// resource, caching or batching for API usage, and idle for the whole service.</summary>
public static class ServiceRecommender
{
    /// <summary>The service's recommendations as of <paramref name="asOf"/>, largest saving first.</summary>
    public static CostRecommendation[] Recommend(string service, IReadOnlyDictionary<string, ResourceLedger> resources, PriceCatalog prices, HourlyCosts costs, CostOptions options, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(prices);
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentNullException.ThrowIfNull(options);
        var to = UnixHours.Of(asOf) + 1;
        var list = new List<CostRecommendation>();
        foreach (var (resource, ledger) in resources.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (prices.Find(resource) is not { } price)
            {
                continue;
            }

            if (price.Per == PriceUnit.UnitHour)
            {
                AddIfAny(list, Rightsize(service, price, ledger, options, to));
                AddIfAny(list, Commit(service, price, ledger, options, to));
            }
            else if (options.ApiResources.Contains(resource))
            {
                AddIfAny(list, Api(service, price, ledger, options, to));
            }
        }

        if (resources.TryGetValue(options.Idle.Resource, out var idleLedger))
        {
            AddIfAny(list, Idle(service, idleLedger, costs, options, to));
        }

        return [.. list.OrderByDescending(r => r.ProjectedMonthlySavings).ThenBy(r => r.Id, StringComparer.Ordinal)];
    }

    private static void AddIfAny(List<CostRecommendation> list, CostRecommendation? recommendation)
    {
        if (recommendation is not null)
        {
            list.Add(recommendation);
        }
    }

    private static CostRecommendation? Rightsize(string service, ResourcePrice price, ResourceLedger ledger, CostOptions options, long to)
    {
        var settings = options.Rightsizing;
        var window = settings.WindowDays * 24;
        var buckets = ledger.Between(to - window, to).ToList();
        var usage = buckets.Where(b => b.UsedCount > 0).Select(b => b.UsedPeakLevel).ToList();
        var provisioned = buckets.LastOrDefault(b => b.Count > 0);
        if (usage.Count == 0 || provisioned is null)
        {
            return null;
        }

        var current = provisioned.Quantity(price.Aggregation);
        var result = Rightsizing.Evaluate(current, usage, price.Floor, window, settings.TargetUtilisation)!;
        var savings = result.Reduction * price.Price * PriceCatalog.HoursPerMonth;
        if (savings < settings.MinMonthlySavings)
        {
            return null;
        }

        return new CostRecommendation
        {
            Id = $"rightsizing:{service}:{price.Metric}",
            Kind = "rightsizing",
            Service = service,
            Resource = price.Metric,
            Summary = Text($"Resize {price.Metric} of {service} from {current:0.###} to {result.Recommended:0.###} {price.Unit} (p95 usage {result.P95:0.###} at {settings.TargetUtilisation:P0} target utilisation)"),
            CurrentMonthlyCost = CostGrain.Money(current * price.Price * PriceCatalog.HoursPerMonth),
            ProjectedMonthlySavings = CostGrain.Money(savings),
            Confidence = Math.Round(result.Confidence, 4),
            Risk = Risk(result.Risk),
            AutoApplicable = result.Risk == RiskLevel.Low && result.Confidence >= settings.AutoApplyConfidence,
            Details = new Dictionary<string, double>
            {
                ["current"] = current,
                ["p95"] = Math.Round(result.P95, 9),
                ["peak"] = result.Peak,
                ["recommended"] = Math.Round(result.Recommended, 9),
                ["target_utilisation"] = settings.TargetUtilisation,
                ["hours"] = usage.Count,
            },
        };
    }

    private static CostRecommendation? Commit(string service, ResourcePrice price, ResourceLedger ledger, CostOptions options, long to)
    {
        if (price.Commitment is not { } offer)
        {
            return null;
        }

        var windows = new List<(int Days, double[] Usage, double Best)>();
        foreach (var days in CommitmentSimulation.WindowDays)
        {
            var usage = ledger.Between(to - (days * 24), to).Where(b => b.Count > 0).Select(b => b.Quantity(price.Aggregation)).ToArray();
            if (usage.Length > 0)
            {
                windows.Add((days, usage, CommitmentSimulation.Sweep(usage, price.Price, offer, options.CommitmentStep).Best.Level));
            }
        }

        // The smallest of the windows' best levels: a commitment lasts a year, so it should suit the quietest recent period.
        var level = windows.Count == 0 ? 0 : windows.Min(w => w.Best);
        if (level <= 0)
        {
            return null;
        }

        var views = windows.Select(w =>
        {
            var r = CommitmentSimulation.Simulate(w.Usage, price.Price, offer, level);
            return new CommitmentWindowView(w.Days, r.Hours, w.Best, level, CostGrain.Money(r.OnDemandCost), CostGrain.Money(r.TotalCost), CostGrain.Money(r.MonthlySavings), Math.Round(r.Utilisation, 4), r.BreakEvenMonths is { } b ? Math.Round(b, 4) : null);
        }).ToList();
        var reference = views.FirstOrDefault(v => v.Days == 30) ?? views[^1];
        var sixty = views.FirstOrDefault(v => v.Days == 60)?.Hours ?? 0;
        return new CostRecommendation
        {
            Id = $"commitment:{service}:{price.Metric}",
            Kind = "commitment",
            Service = service,
            Resource = price.Metric,
            Summary = Text($"Commit to {level:0.###} {price.Unit} of {price.Metric} for {offer.TermMonths} months at {offer.Discount:P0} off; pays back in {reference.BreakEvenMonths:0.#} months"),
            CurrentMonthlyCost = CostGrain.Money(reference.OnDemandCost / reference.Hours * PriceCatalog.HoursPerMonth),
            ProjectedMonthlySavings = reference.MonthlySavings,
            Confidence = Math.Round(Math.Min(1, sixty / (60.0 * 24)), 4),
            Risk = Risk(RiskLevel.Medium),
            AutoApplicable = false,
            Details = new Dictionary<string, double>
            {
                ["level"] = level,
                ["discount"] = offer.Discount,
                ["term_months"] = offer.TermMonths,
                ["upfront_fraction"] = offer.UpfrontFraction,
            },
            Simulation = views,
        };
    }

    private static CostRecommendation? Api(string service, ResourcePrice price, ResourceLedger ledger, CostOptions options, long to)
    {
        var window = options.Rightsizing.WindowDays * 24;
        var buckets = ledger.Between(to - window, to).Where(b => b.Count > 0).ToList();
        if (buckets.Count == 0)
        {
            return null;
        }

        var hours = (int)(buckets[^1].Hour - buckets[0].Hour + 1);
        var calls = buckets.Sum(b => b.Sum);
        var repeated = buckets.Sum(b => b.UsedSum);
        if (ApiUsageAdvice.Evaluate(calls, repeated, hours, options.Api) is not { } advice)
        {
            return null;
        }

        var monthly = calls * price.Price / hours * PriceCatalog.HoursPerMonth;
        var coverage = Math.Min(1, hours / (double)window);
        var caching = advice.Action == "cache";
        return new CostRecommendation
        {
            Id = $"api_{(caching ? "caching" : "batching")}:{service}:{price.Metric}",
            Kind = caching ? "api_caching" : "api_batching",
            Service = service,
            Resource = price.Metric,
            Summary = caching
                ? Text($"Cache {price.Metric} of {service}: {advice.RepeatRatio:P0} of {advice.CallsPerHour:0} calls per hour repeat a recent call")
                : Text($"Batch {price.Metric} of {service}: {advice.CallsPerHour:0} calls per hour, {options.Api.BatchSize} per request"),
            CurrentMonthlyCost = CostGrain.Money(monthly),
            ProjectedMonthlySavings = CostGrain.Money(monthly * advice.SavedShare),
            // Batching assumes the provider accepts batched requests, which the usage alone cannot tell.
            Confidence = Math.Round(caching ? coverage : 0.5 * coverage, 4),
            Risk = Risk(RiskLevel.Medium),
            AutoApplicable = false,
            Details = new Dictionary<string, double>
            {
                ["calls_per_hour"] = Math.Round(advice.CallsPerHour, 6),
                ["repeat_ratio"] = Math.Round(advice.RepeatRatio, 6),
                ["saved_share"] = Math.Round(advice.SavedShare, 6),
            },
        };
    }

    private static CostRecommendation? Idle(string service, ResourceLedger ledger, HourlyCosts costs, CostOptions options, long to)
    {
        var settings = options.Idle;
        var window = settings.Days * 24;
        var percents = ledger.Between(to - window, to)
            .Where(b => b.UsedCount > 0 && b.Quantity(UsageAggregation.Gauge) > 0)
            .Select(b => b.UsedPeakLevel / b.Quantity(UsageAggregation.Gauge) * 100)
            .ToList();
        var result = IdleDetection.Evaluate(percents, window, settings.MaxPercent, settings.MinCoverage);
        if (!result.IsIdle)
        {
            return null;
        }

        var monthly = costs.Window(to - window, to).PerMonth;
        return new CostRecommendation
        {
            Id = $"idle:{service}:*",
            Kind = "idle",
            Service = service,
            Resource = "*",
            Summary = Text($"{service} looks idle: {settings.Resource} peaked at {result.MaxUtilisationPercent:0.##}% over {settings.Days} days; scale it to zero or decommission it"),
            CurrentMonthlyCost = CostGrain.Money(monthly),
            ProjectedMonthlySavings = CostGrain.Money(monthly),
            Confidence = Math.Round(result.Coverage, 4),
            Risk = Risk(RiskLevel.Medium),
            AutoApplicable = false,
            Details = new Dictionary<string, double> { ["max_utilisation_percent"] = result.MaxUtilisationPercent, ["days"] = settings.Days },
        };
    }

    private static string Risk(RiskLevel risk) => risk.ToString().ToLowerInvariant();

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
