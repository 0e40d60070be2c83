using System.Globalization;

namespace EnterpriseHub.Detection;

/// <summary>Rejects input that would poison online state: a single NaN would propagate into every mean forever.</summary>
internal static class InputGuard
{
    /// <summary>Throws unless <paramref name="value"/> is a sample value the engine accepts (<see cref="SampleValues"/>).</summary>
    public static void RequireSupported(double value, string paramName)
    {
        if (!SampleValues.IsSupported(value))
        {
            throw OutOfRange(value, paramName, SampleValues.Requirement);
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is finite (the components' own inputs, such as residuals).</summary>
    public static void RequireFinite(double value, string paramName)
    {
        if (!double.IsFinite(value))
        {
            throw OutOfRange(value, paramName, "a finite number");
        }
    }

    private static ArgumentOutOfRangeException OutOfRange(double value, string paramName, string what) =>
        new(paramName, value, $"Sample value must be {what}, but was {value.ToString(CultureInfo.InvariantCulture)}.");
}
