namespace EnterpriseHub.Costs.Aggregation;

/// <summary>Whole UTC hours since the Unix epoch: the cost ledger's time unit.</summary>
public static class UnixHours
{
    /// <summary>Milliseconds in an hour.</summary>
    public const long MillisecondsPerHour = 3_600_000;

    /// <summary>The hour containing <paramref name="timestampMs"/> (floor, also before 1970).</summary>
    public static long Of(long timestampMs) => Math.DivRem(timestampMs, MillisecondsPerHour) is var (q, r) && r < 0 ? q - 1 : q;

    /// <summary>The hour containing <paramref name="time"/>.</summary>
    public static long Of(DateTimeOffset time) => Of(time.ToUnixTimeMilliseconds());

    /// <summary>The start of <paramref name="hour"/>.</summary>
    public static DateTimeOffset Start(long hour) => DateTimeOffset.FromUnixTimeMilliseconds(hour * MillisecondsPerHour);
}
