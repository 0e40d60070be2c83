using System.Globalization;
using System.Text.RegularExpressions;
using EnterpriseHub.Abstractions.Alerts;

namespace EnterpriseHub.Grains.Monitoring;

/// <summary>
/// A static threshold rule in the compact form operators write: <c>latency_p99_ms &gt; 250 for 5m</c>, optionally
/// followed by <c>keep_firing_for 2m</c> and <c>severity critical</c>.
/// </summary>
public sealed partial record ThresholdRule(
    string Metric,
    string Operator,
    double Threshold,
    TimeSpan For,
    TimeSpan KeepFiringFor,
    AlertSeverity? Severity,
    string Text)
{
    /// <summary>The alert name the rule raises, e.g. <c>latency_p99_ms_above_250</c>.</summary>
    public string AlertName => $"{Metric}_{(Operator[0] == '>' ? "above" : "below")}_{Threshold.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>True when <paramref name="value"/> breaks the rule.</summary>
    public bool IsBreachedBy(double value) => Operator switch
    {
        ">" => value > Threshold,
        ">=" => value >= Threshold,
        "<" => value < Threshold,
        _ => value <= Threshold,
    };

    /// <summary>True when the rule is an upper bound (the forecast may cross it upwards).</summary>
    public bool IsUpperBound => Operator[0] == '>';

    /// <summary>Parses a rule; the error names the part that is wrong.</summary>
    public static ThresholdRule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = RulePattern().Match(text.Trim());
        if (!match.Success)
        {
            throw new FormatException($"Rule '{text}' is not of the form '<metric> <op> <number> [for <duration>] [keep_firing_for <duration>] [severity <level>]' with op one of > >= < <=.");
        }

        var threshold = double.Parse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        var @for = match.Groups["for"].Success ? Durations.Parse(match.Groups["for"].Value) : TimeSpan.Zero;
        var keep = match.Groups["keep"].Success ? Durations.Parse(match.Groups["keep"].Value) : TimeSpan.Zero;
        AlertSeverity? severity = null;
        if (match.Groups["severity"].Success)
        {
            severity = Enum.TryParse<AlertSeverity>(match.Groups["severity"].Value, ignoreCase: true, out var parsed)
                ? parsed
                : throw new FormatException($"Rule '{text}': severity '{match.Groups["severity"].Value}' is not one of critical, high, medium, low.");
        }

        return new ThresholdRule(match.Groups["metric"].Value, match.Groups["op"].Value, threshold, @for, keep, severity, text.Trim());
    }

    [GeneratedRegex(@"^(?<metric>[a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?<op>>=|<=|>|<)\s*(?<value>[-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)(?:\s+for\s+(?<for>\S+))?(?:\s+keep_firing_for\s+(?<keep>\S+))?(?:\s+severity\s+(?<severity>\S+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex RulePattern();
}
