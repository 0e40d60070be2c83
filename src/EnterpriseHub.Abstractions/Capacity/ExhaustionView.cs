namespace EnterpriseHub.Abstractions.Capacity;

/// <summary>When a utilisation series reaches its limit at its current trend.</summary>
/// <param name="SeriesId">The series.</param>
/// <param name="Service">Its service.</param>
/// <param name="Metric">The utilisation metric (disk, memory, connection pool, quota).</param>
/// <param name="Current">The latest value.</param>
/// <param name="Limit">100 for percentages; 1 for utilisation ratios that stay within [0, 1].</param>
/// <param name="SlopePerHour">Least-squares growth per hour over the recent points.</param>
/// <param name="ExhaustsAt">Most likely time of exhaustion; null when the series is not rising steadily.</param>
/// <param name="ExpectedIn">Time from now to <paramref name="ExhaustsAt"/>.</param>
/// <param name="Earliest">Lower end of the 95% interval.</param>
/// <param name="Latest">Upper end; null when the slope could be zero at 95%.</param>
/// <param name="Status"><c>exhausted</c>, <c>rising</c> or <c>stable</c>.</param>
public sealed record ExhaustionView(string SeriesId, string Service, string Metric, double Current, double Limit, double SlopePerHour, DateTimeOffset? ExhaustsAt, TimeSpan? ExpectedIn, TimeSpan? Earliest, TimeSpan? Latest, string Status);
