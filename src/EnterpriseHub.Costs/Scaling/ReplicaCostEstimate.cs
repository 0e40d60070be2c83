using EnterpriseHub.Costs.Pricing;

namespace EnterpriseHub.Costs.Scaling;

/// <summary>The hourly cost of changing a replica count: (to − from) × units per replica × price per unit-hour, for
/// every unit-hour resource of the replica's shape (cores, memory, ...).</summary>
public static class ReplicaCostEstimate
{
    /// <summary>The hourly delta of one resource; 0 when it is not priced per unit-hour.</summary>
    public static double HourlyDelta(PriceCatalog catalog, string resource, double unitsPerReplica, int fromReplicas, int toReplicas)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var price = catalog.Find(resource);
        return price is null || price.Per != PriceUnit.UnitHour ? 0 : (toReplicas - fromReplicas) * unitsPerReplica * price.Price;
    }
}
