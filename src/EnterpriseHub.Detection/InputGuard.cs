namespace EnterpriseHub.Detection;

/// <summary>Rejects input that would poison online state: a single NaN would propagate into every mean forever.</summary>
internal static class InputGuard
{
    /// <summary>Throws unless <paramref name="value"/> is a sample value the engine accepts (<see cref="SampleValues"/>).</summary>
    public static void RequireSupported(double value, string paramName)
    {
        if (!SampleValues.IsSupported(value))
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                value,
                $"Sample value must be a finite number of magnitude at most 1e100, but was {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        }
    }

    public static void RequireFinite(double value, string paramName)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                value,
                $"Sample value must be a finite number, but was {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        }
    }
}
