namespace EnterpriseHub.Detection;

/// <summary>The sample values the detection engine accepts: finite numbers within ±<see cref="MaxMagnitude"/>.</summary>
/// <remarks>
/// The baselines, the detectors and the forecaster square differences of values, and the forecaster multiplies those
/// squares by its horizon's variance factors (up to about 1e6 for a day ahead). Doubles overflow at 1.8e308, so values
/// beyond about 1e150 made infinite variances, which then stayed NaN for good, and values near the largest double made
/// the residual of the ensemble infinite and threw from inside it after half of its state had learned the sample. No
/// measured quantity comes near 1e100 (there are about 1e80 atoms in the observable universe), so a value beyond it is
/// a fault upstream and is refused before it touches any state: ingestion skips and counts it as it does NaN, the
/// JSON endpoint answers with a problem naming the field, and the libraries throw.
/// </remarks>
public static class SampleValues
{
    /// <summary>The largest magnitude accepted.</summary>
    public const double MaxMagnitude = 1e100;

    /// <summary>What an accepted value is, in words, for the errors that refuse one.</summary>
    public const string Requirement = "a finite number of magnitude at most 1e100";

    /// <summary>Whether <paramref name="value"/> is finite and within ±<see cref="MaxMagnitude"/> (false for NaN).</summary>
    public static bool IsSupported(double value) => Math.Abs(value) <= MaxMagnitude;
}
