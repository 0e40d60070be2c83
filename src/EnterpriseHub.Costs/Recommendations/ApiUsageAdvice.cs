namespace EnterpriseHub.Costs.Recommendations;

/// <summary>Thresholds of the API-usage advice.</summary>
public sealed class ApiUsageThresholds
{
    /// <summary>Caching is worth it from this many calls per hour.</summary>
    public double CacheMinCallsPerHour { get; set; } = 10_000;

    /// <summary>... when at least this share of calls repeats a recent identical call.</summary>
    public double CacheMinRepeatRatio { get; set; } = 0.2;

    /// <summary>Batching is worth it from this many calls per hour.</summary>
    public double BatchMinCallsPerHour { get; set; } = 100_000;

    /// <summary>Calls per batch assumed for the saving.</summary>
    public int BatchSize { get; set; } = 10;
}

/// <summary>One piece of API-usage advice.</summary>
/// <param name="Action"><c>cache</c> or <c>batch</c>.</param>
/// <param name="CallsPerHour">Mean calls per hour over the window.</param>
/// <param name="RepeatRatio">Repeated calls / calls.</param>
/// <param name="SavedShare">Share of the API cost the action removes.</param>
public sealed record ApiUsageAdviceResult(string Action, double CallsPerHour, double RepeatRatio, double SavedShare);

/// <summary>
/// Caching and batching advice for per-call priced usage. A cache serves the repeated share of calls, so it saves that
/// share of the cost; batching n calls into one request removes (1 − 1/n) of per-request charges. Repeated calls are
/// what agents or gateways report under the resource's repeated metric (for example <c>api_calls_repeated</c>).
/// </summary>
public static class ApiUsageAdvice
{
    /// <summary>The advice for <paramref name="calls"/> calls (of which <paramref name="repeated"/> repeat) over
    /// <paramref name="hours"/> observed hours; caching wins over batching when both apply.</summary>
    public static ApiUsageAdviceResult? Evaluate(double calls, double repeated, int hours, ApiUsageThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        if (hours <= 0 || calls <= 0)
        {
            return null;
        }

        var perHour = calls / hours;
        var ratio = Math.Clamp(repeated / calls, 0, 1);
        if (perHour >= thresholds.CacheMinCallsPerHour && ratio >= thresholds.CacheMinRepeatRatio)
        {
            return new ApiUsageAdviceResult("cache", perHour, ratio, ratio);
        }

        return perHour >= thresholds.BatchMinCallsPerHour && thresholds.BatchSize > 1
            ? new ApiUsageAdviceResult("batch", perHour, ratio, 1 - (1.0 / thresholds.BatchSize))
            : null;
    }
}
