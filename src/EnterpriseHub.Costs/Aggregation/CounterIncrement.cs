namespace EnterpriseHub.Costs.Aggregation;

/// <summary>The increment between two samples of a cumulative counter, with Prometheus' reset rule: a value lower
/// than its predecessor means the counter restarted from zero, so the whole new value is the increment.</summary>
public static class CounterIncrement
{
    /// <summary>The increment from <paramref name="previous"/> to <paramref name="current"/>.</summary>
    public static double Between(double previous, double current) => current >= previous ? current - previous : current;
}
