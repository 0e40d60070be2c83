namespace EnterpriseHub.Costs.Pricing;

/// <summary>What a price is charged for.</summary>
public enum PriceUnit
{
    /// <summary>Per unit held for an hour (cores, GB of memory or disk): samples are levels (gauges).</summary>
    UnitHour,

    /// <summary>Per unit consumed (calls, tokens, GB transferred): samples are amounts.</summary>
    Unit,
}
