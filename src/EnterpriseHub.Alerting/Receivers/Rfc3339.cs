using System.Globalization;

namespace EnterpriseHub.Alerting.Receivers;

/// <summary>Times as Alertmanager's JSON writes them (Go's RFC 3339 with nanoseconds): UTC, <c>Z</c>, fractional
/// seconds only when non-zero and without trailing zeros; the zero time for "unset".</summary>
public static class Rfc3339
{
    /// <summary>Go's zero time, which Alertmanager writes for an alert that has not ended.</summary>
    public const string ZeroTime = "0001-01-01T00:00:00Z";

    /// <summary>Formats <paramref name="value"/>, or the zero time when null.</summary>
    public static string Format(DateTimeOffset? value)
    {
        if (value is null)
        {
            return ZeroTime;
        }

        var utc = value.Value.UtcDateTime;
        var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var fraction = utc.Ticks % TimeSpan.TicksPerSecond;
        if (fraction != 0)
        {
            text += "." + fraction.ToString("0000000", CultureInfo.InvariantCulture).TrimEnd('0');
        }

        return text + "Z";
    }
}
