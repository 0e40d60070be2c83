using System.Globalization;
using System.Text.RegularExpressions;

namespace EnterpriseHub.Grains.Monitoring;

/// <summary>Prometheus-style durations: <c>90s</c>, <c>5m</c>, <c>1h30m</c>, <c>7d</c>, <c>250ms</c>.</summary>
public static partial class Durations
{
    /// <summary>Parses a duration; the error quotes the text.</summary>
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var matches = Part().Matches(text);
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != text)
        {
            throw new FormatException($"'{text}' is not a duration like 30s, 5m, 1h30m or 7d.");
        }

        var total = TimeSpan.Zero;
        foreach (Match part in matches)
        {
            var amount = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            total += part.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                "d" => TimeSpan.FromDays(amount),
                _ => TimeSpan.FromDays(7 * amount),
            };
        }

        return total;
    }

    [GeneratedRegex(@"([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d|w)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
