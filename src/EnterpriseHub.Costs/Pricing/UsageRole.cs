namespace EnterpriseHub.Costs.Pricing;

/// <summary>What a usage sample says about its resource.</summary>
public enum UsageRole
{
    /// <summary>What is provisioned or consumed, and billed.</summary>
    Billed,

    /// <summary>What is actually used of a provisioned resource (for rightsizing and idle detection); not billed.</summary>
    Used,
}

/// <summary>How a metric's samples feed a resource: which resource, in which role, scaled by what, read how.</summary>
/// <param name="Resource">The priced resource.</param>
/// <param name="Role">Billed or used.</param>
/// <param name="Factor">Multiplier from the metric's unit to the resource's unit.</param>
/// <param name="Aggregation">How the metric's samples become levels or amounts: the resource's own, or a mapping's.</param>
public sealed record UsageBinding(ResourcePrice Resource, UsageRole Role, double Factor, UsageAggregation Aggregation);
