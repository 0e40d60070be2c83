using System.Text;
using EnterpriseHub.Abstractions.Metrics;

namespace EnterpriseHub.Ingestion;

/// <summary>
/// The rules every protocol applies to a series before it becomes a <see cref="SeriesKey"/>: label names
/// <c>[a-zA-Z_][a-zA-Z0-9_]*</c>, metric names <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c> (Prometheus' rules), a service that
/// cannot break the canonical id (no <c>:</c>, braces, quotes, backslashes or control characters), and the
/// configured count and length limits.
/// </summary>
internal static class SeriesRules
{
    /// <summary>Whether <paramref name="name"/> is a valid label name.</summary>
    public static bool IsValidLabelName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || !(IsLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name[1..])
        {
            if (!(IsLetter(c) || c == '_' || char.IsAsciiDigit(c)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="name"/> is a valid metric name.</summary>
    public static bool IsValidMetricName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || !(IsLetter(name[0]) || name[0] == '_' || name[0] == ':'))
        {
            return false;
        }

        foreach (var c in name[1..])
        {
            if (!(IsLetter(c) || c == '_' || c == ':' || char.IsAsciiDigit(c)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="service"/> can stand before the colon of a series id.</summary>
    public static bool IsValidService(ReadOnlySpan<char> service)
    {
        if (service.IsEmpty)
        {
            return false;
        }

        foreach (var c in service)
        {
            if (c is ':' or '{' or '}' or '"' or '\\' || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Checks the service, metric and labels against the rules and limits and builds the key.</summary>
    /// <param name="service">The service.</param>
    /// <param name="metric">The metric name.</param>
    /// <param name="labels">The remaining labels; empty values must already be dropped.</param>
    /// <param name="options">The limits.</param>
    /// <param name="where">Prefix of error messages (<c>"line 3: "</c>), may be empty.</param>
    /// <param name="series">The series as the client named it, for errors.</param>
    /// <param name="line">The NDJSON line, for errors.</param>
    /// <param name="index">The JSON array index, for errors.</param>
    public static SeriesKey Build(string service, string metric, List<Label> labels, IngestionOptions options,
        string where, string? series, int? line = null, int? index = null)
    {
        if (!IsValidService(service))
        {
            throw new IngestValidationException("service", $"{where}service '{Shorten(service)}' must be non-empty without ':', braces, quotes, backslashes or control characters.", series, line, index);
        }

        if (service.Length > options.MaxLabelValueLength)
        {
            throw new IngestValidationException("service", $"{where}service is {service.Length} characters long; the limit is {options.MaxLabelValueLength} (Ingestion:MaxLabelValueLength).", series, line, index);
        }

        if (!IsValidMetricName(metric))
        {
            throw new IngestValidationException("metric", $"{where}metric name '{Shorten(metric)}' must match [a-zA-Z_:][a-zA-Z0-9_:]*.", series, line, index);
        }

        if (metric.Length > options.MaxLabelValueLength)
        {
            throw new IngestValidationException("metric", $"{where}metric name is {metric.Length} characters long; the limit is {options.MaxLabelValueLength} (Ingestion:MaxLabelValueLength).", series, line, index);
        }

        if (labels.Count > options.MaxLabelsPerSeries)
        {
            throw new IngestValidationException("labels", $"{where}series {series} has {labels.Count} labels; the limit is {options.MaxLabelsPerSeries} (Ingestion:MaxLabelsPerSeries).", series, line, index);
        }

        for (var i = 0; i < labels.Count; i++)
        {
            CheckLabel(labels[i].Name, labels[i].Value, options, where, series, line, index);
            for (var j = 0; j < i; j++)
            {
                if (labels[j].Name == labels[i].Name)
                {
                    throw new IngestValidationException($"labels.{labels[i].Name}", $"{where}series {series} has label '{labels[i].Name}' twice.", series, line, index);
                }
            }
        }

        return SeriesKey.Create(service, metric, labels);
    }

    /// <summary>Checks one label's name and lengths.</summary>
    public static void CheckLabel(string name, string value, IngestionOptions options, string where, string? series, int? line = null, int? index = null)
    {
        if (name.Length > options.MaxLabelNameLength)
        {
            throw new IngestValidationException("labels", $"{where}series {series} has a label name of {name.Length} characters ('{Shorten(name)}'); the limit is {options.MaxLabelNameLength} (Ingestion:MaxLabelNameLength).", series, line, index);
        }

        if (!IsValidLabelName(name))
        {
            throw new IngestValidationException($"labels.{Shorten(name)}", $"{where}series {series} has label name '{Shorten(name)}', which must match [a-zA-Z_][a-zA-Z0-9_]*.", series, line, index);
        }

        if (value.Length > options.MaxLabelValueLength)
        {
            throw new IngestValidationException($"labels.{name}", $"{where}series {series}: label '{name}' has a value of {value.Length} characters; the limit is {options.MaxLabelValueLength} (Ingestion:MaxLabelValueLength).", series, line, index);
        }
    }

    /// <summary>A label set in Prometheus notation for messages, cut at 256 characters.</summary>
    public static string Describe(string? metric, IReadOnlyList<Label> labels)
    {
        var text = new StringBuilder();
        text.Append(metric).Append('{');
        for (var i = 0; i < labels.Count; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            text.Append(labels[i].Name).Append("=\"").Append(labels[i].Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
            if (text.Length > 256)
            {
                break;
            }
        }

        text.Append('}');
        return text.Length > 258 ? string.Concat(text.ToString(0, 256), "…}") : text.ToString();
    }

    /// <summary>A value cut to 64 characters for messages.</summary>
    public static string Shorten(string value) => value.Length <= 64 ? value : string.Concat(value.AsSpan(0, 64), "…");

    private static bool IsLetter(char c) => char.IsAsciiLetter(c);
}
