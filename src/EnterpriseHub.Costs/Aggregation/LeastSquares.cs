namespace EnterpriseHub.Costs.Aggregation;

/// <summary>Ordinary least-squares slope of values against their index: b = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)².</summary>
public static class LeastSquares
{
    /// <summary>The slope per step of <paramref name="values"/>; 0 with fewer than two values.</summary>
    public static double Slope(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var n = values.Count;
        if (n < 2)
        {
            return 0;
        }

        var meanX = (n - 1) / 2.0;
        double meanY = 0;
        for (var i = 0; i < n; i++)
        {
            meanY += values[i];
        }

        meanY /= n;
        double sxy = 0, sxx = 0;
        for (var i = 0; i < n; i++)
        {
            sxy += (i - meanX) * (values[i] - meanY);
            sxx += (i - meanX) * (i - meanX);
        }

        return sxy / sxx;
    }
}
