using System.Globalization;
using System.Text;

namespace EnterpriseHub.Alerting.Configuration;

/// <summary>Durations as Prometheus and Alertmanager write them: a sequence of number-unit pairs from
/// largest to smallest unit, such as <c>30s</c>, <c>5m</c>, <c>1h30m</c>; units <c>y w d h m s ms</c>.</summary>
public static class PrometheusDuration
{
    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> naming it when invalid.</summary>
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim();
        if (s == "0")
        {
            return TimeSpan.Zero;
        }

        if (s.Length == 0)
        {
            throw new FormatException("An empty duration; write for example 30s, 5m or 4h.");
        }

        var total = TimeSpan.Zero;
        var i = 0;
        var lastRank = int.MaxValue;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == start)
            {
                throw new FormatException($"Invalid duration '{text}': expected a number at position {start + 1}; write for example 30s, 5m or 1h30m.");
            }

            var number = long.Parse(s.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture);
            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]))
            {
                i++;
            }

            var (unit, rank) = s[unitStart..i] switch
            {
                "y" => (TimeSpan.FromDays(365), 7),
                "w" => (TimeSpan.FromDays(7), 6),
                "d" => (TimeSpan.FromDays(1), 5),
                "h" => (TimeSpan.FromHours(1), 4),
                "m" => (TimeSpan.FromMinutes(1), 3),
                "s" => (TimeSpan.FromSeconds(1), 2),
                "ms" => (TimeSpan.FromMilliseconds(1), 1),
                var other => throw new FormatException($"Invalid duration '{text}': unknown unit '{other}' (use y, w, d, h, m, s or ms)."),
            };
            if (rank >= lastRank)
            {
                throw new FormatException($"Invalid duration '{text}': units must go from largest to smallest, each once.");
            }

            lastRank = rank;
            total += unit * number;
        }

        return total;
    }

    /// <summary>Formats a duration the same way (<c>1h30m</c>, <c>0s</c>).</summary>
    public static string Format(TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            return "0s";
        }

        var text = new StringBuilder();
        Append(text, (long)value.TotalDays, "d");
        Append(text, value.Hours, "h");
        Append(text, value.Minutes, "m");
        Append(text, value.Seconds, "s");
        Append(text, value.Milliseconds, "ms");
        return text.ToString();
    }

    private static void Append(StringBuilder text, long amount, string unit)
    {
        if (amount > 0)
        {
            text.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }
}
