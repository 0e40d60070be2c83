namespace EnterpriseHub.Costs.Aggregation;

/// <summary>Sample quantiles by linear interpolation between order statistics: definition 7 of Hyndman and Fan,
/// "Sample Quantiles in Statistical Packages" (The American Statistician 50(4), 1996), the default of R and NumPy.
/// With n sorted values x and h = (n − 1)p: Q(p) = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋ + 1] − x[⌊h⌋]).</summary>
public static class Percentile
{
    /// <summary>The <paramref name="p"/>-quantile (p in [0, 1]) of <paramref name="values"/>; NaN when empty.</summary>
    public static double Of(IEnumerable<double> values, double p)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1);
        var sorted = values.ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        Array.Sort(sorted);
        var h = (sorted.Length - 1) * p;
        var low = (int)Math.Floor(h);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((h - low) * (sorted[high] - sorted[low]));
    }
}
