using System.Text;

namespace EnterpriseHub.Ingestion.Otlp;

/// <summary>
/// Turns OTLP metric names, units and attribute keys into Prometheus-style names, following the conventions of the
/// OpenTelemetry-to-Prometheus compatibility specification: characters outside <c>[a-zA-Z0-9_:]</c> become
/// <c>_</c> (runs collapse to one), a leading digit gets a <c>_</c> prefix; the UCUM unit becomes a suffix
/// (<c>s</c> → <c>_seconds</c>, <c>By/s</c> → <c>_bytes_per_second</c>, <c>1</c> on a gauge → <c>_ratio</c>,
/// <c>{request}</c> annotations are dropped) unless the name already ends with it; cumulative monotonic sums end in
/// <c>_total</c>.
/// </summary>
internal static class PrometheusNaming
{
    private static readonly Dictionary<string, string> s_units = new(StringComparer.Ordinal)
    {
        ["d"] = "days", ["h"] = "hours", ["min"] = "minutes", ["s"] = "seconds", ["ms"] = "milliseconds",
        ["us"] = "microseconds", ["ns"] = "nanoseconds",
        ["By"] = "bytes", ["KiBy"] = "kibibytes", ["MiBy"] = "mebibytes", ["GiBy"] = "gibibytes", ["TiBy"] = "tebibytes",
        ["KBy"] = "kilobytes", ["MBy"] = "megabytes", ["GBy"] = "gigabytes", ["TBy"] = "terabytes",
        ["bit"] = "bits", ["m"] = "meters", ["V"] = "volts", ["A"] = "amperes", ["J"] = "joules", ["W"] = "watts",
        ["g"] = "grams", ["Cel"] = "celsius", ["Hz"] = "hertz", ["%"] = "percent",
    };

    private static readonly Dictionary<string, string> s_perUnits = new(StringComparer.Ordinal)
    {
        ["s"] = "second", ["m"] = "minute", ["h"] = "hour", ["d"] = "day", ["w"] = "week", ["mo"] = "month", ["y"] = "year",
    };

    /// <summary>The series name of a gauge or sum, or the base name of a histogram or summary.</summary>
    public static string MetricName(OtlpMetric metric)
    {
        var name = Sanitize(metric.Name, allowColon: true);
        var suffix = UnitSuffix(metric.Unit, metric.Kind == OtlpMetricKind.Gauge);
        if (suffix.Length > 0 && !name.EndsWith("_" + suffix, StringComparison.Ordinal) && name != suffix)
        {
            name = $"{name}_{suffix}";
        }

        if (metric.Kind == OtlpMetricKind.Sum && metric.IsMonotonic && metric.Temporality == OtlpMetric.TemporalityCumulative
            && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        return name;
    }

    /// <summary>An attribute key as a label name; null for an empty key.</summary>
    public static string? LabelName(string key)
    {
        if (key.Length == 0)
        {
            return null;
        }

        var name = Sanitize(key, allowColon: false);
        return char.IsAsciiDigit(key[0]) ? "key" + name : name;
    }

    /// <summary>The unit suffix for a UCUM unit, empty when none applies.</summary>
    public static string UnitSuffix(string unit, bool isGauge)
    {
        // Annotations in braces carry no unit: "{request}" → "", "{packet}/s" → "/s".
        var text = StripAnnotations(unit).Trim();
        if (text.Length == 0)
        {
            return string.Empty;
        }

        if (text == "1")
        {
            return isGauge ? "ratio" : string.Empty;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var main = slash < 0 ? text : text[..slash];
        var per = slash < 0 ? string.Empty : text[(slash + 1)..];
        var mainName = main.Length == 0 ? string.Empty : s_units.TryGetValue(main, out var m) ? m : Sanitize(main, allowColon: false).Trim('_');
        var perName = per.Length == 0 ? string.Empty : s_perUnits.TryGetValue(per, out var p) ? p : Sanitize(per, allowColon: false).Trim('_');
        if (perName.Length == 0)
        {
            return mainName;
        }

        return mainName.Length == 0 ? $"per_{perName}" : $"{mainName}_per_{perName}";
    }

    private static string StripAnnotations(string unit)
    {
        if (!unit.Contains('{', StringComparison.Ordinal))
        {
            return unit;
        }

        var text = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static string Sanitize(string name, bool allowColon)
    {
        var text = new StringBuilder(name.Length + 1);
        if (name.Length > 0 && char.IsAsciiDigit(name[0]))
        {
            text.Append('_');
        }

        foreach (var c in name)
        {
            var valid = char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
            var append = valid ? c : '_';
            if (append == '_' && text.Length > 0 && text[^1] == '_' && !valid)
            {
                continue;
            }

            text.Append(append);
        }

        return text.ToString();
    }
}
