namespace EnterpriseHub.Abstractions.Costs;

/// <summary>What a cost grain aggregates over.</summary>
public enum CostDimension
{
    /// <summary>One service: usage arrives here and is priced per resource.</summary>
    Service,

    /// <summary>A team: the cost of its services (from the <c>team</c> label, else the catalog).</summary>
    Team,

    /// <summary>A cost center: the cost of its services (from the <c>cost_center</c> label, else the catalog).</summary>
    CostCenter,
}

/// <summary>Cost grain keys: <c>service/checkout</c>, <c>team/payments</c>, <c>cost_center/cc-42</c>.</summary>
public static class CostKeys
{
    /// <summary>Attribution when neither a label nor the catalog names a team or cost center.</summary>
    public const string Unassigned = "unassigned";

    /// <summary>The dimension's name in keys, configuration and the API (<c>service</c>, <c>team</c>, <c>cost_center</c>).</summary>
    public static string Name(CostDimension dimension) => dimension switch
    {
        CostDimension.Service => "service",
        CostDimension.Team => "team",
        _ => "cost_center",
    };

    /// <summary>Parses a dimension name; null when unknown.</summary>
    public static CostDimension? ParseDimension(string? text) => text switch
    {
        "service" => CostDimension.Service,
        "team" => CostDimension.Team,
        "cost_center" => CostDimension.CostCenter,
        _ => null,
    };

    /// <summary>The grain key of <paramref name="name"/> in <paramref name="dimension"/>.</summary>
    public static string Of(CostDimension dimension, string name) => Name(dimension) + "/" + name;

    /// <summary>Splits a grain key.</summary>
    public static (CostDimension Dimension, string Name) Parse(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var dimension = slash > 0 ? ParseDimension(key[..slash]) : null;
        return dimension is null || slash == key.Length - 1
            ? throw new FormatException($"'{key}' is not a cost key such as service/checkout.")
            : (dimension.Value, key[(slash + 1)..]);
    }
}
