using EnterpriseHub.Abstractions.Costs;
using EnterpriseHub.Costs.Pricing;
using EnterpriseHub.Costs.Scaling;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Grains.Costs;

/// <summary>Prices replica changes from the price catalog and the replica shapes of <see cref="CostOptions"/>.</summary>
public sealed class CostEstimator(PriceCatalog prices, IOptionsMonitor<CostOptions> options) : ICostEstimator
{
    /// <inheritdoc />
    public string Currency => prices.Currency;

    /// <inheritdoc />
    public double HourlyDelta(string service, string resource, int fromReplicas, int toReplicas) =>
        Shape(service).TryGetValue(resource, out var units) ? ReplicaCostEstimate.HourlyDelta(prices, resource, units, fromReplicas, toReplicas) : 0;

    /// <inheritdoc />
    public double HourlyDelta(string service, int fromReplicas, int toReplicas)
    {
        double total = 0;
        foreach (var (resource, units) in Shape(service))
        {
            total += ReplicaCostEstimate.HourlyDelta(prices, resource, units, fromReplicas, toReplicas);
        }

        return total;
    }

    private Dictionary<string, double> Shape(string service)
    {
        var settings = options.CurrentValue;
        return settings.ReplicaShapes.TryGetValue(service, out var shape) ? shape : settings.DefaultReplicaShape;
    }
}
