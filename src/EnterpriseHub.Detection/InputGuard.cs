namespace EnterpriseHub.Detection;

/// <summary>Rejects input that would poison online state: a single NaN would propagate into every mean forever.</summary>
internal static class InputGuard
{
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
