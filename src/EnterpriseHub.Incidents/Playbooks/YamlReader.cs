using System.Globalization;
using EnterpriseHub.Alerting.Configuration;
using YamlDotNet.RepresentationModel;

namespace EnterpriseHub.Incidents.Playbooks;

/// <summary>Reads typed values out of YAML nodes and records every problem at the node's line and column, so one
/// load reports all mistakes in a file rather than the first.</summary>
internal sealed class YamlReader(string file, List<PlaybookError> errors)
{
    public string File { get; } = file;

    public void Error(YamlNode node, string message) =>
        errors.Add(new PlaybookError(File, (int)node.Start.Line, (int)node.Start.Column, message));

    /// <summary>The mapping's entries by key, reporting keys outside <paramref name="allowed"/>.</summary>
    public Dictionary<string, YamlNode>? Mapping(YamlNode node, string what, params string[] allowed)
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(node, $"{what} must be a mapping");
            return null;
        }

        var entries = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (allowed.Length > 0 && !allowed.Contains(key))
            {
                Error(keyNode, $"unknown key '{key}' in {what}; expected one of {string.Join(", ", allowed)}");
                continue;
            }

            if (!entries.TryAdd(key, value))
            {
                Error(keyNode, $"duplicate key '{key}' in {what}");
            }
        }

        return entries;
    }

    public string? String(YamlNode node, string what)
    {
        if (node is YamlScalarNode { Value: { } value })
        {
            return value;
        }

        Error(node, $"{what} must be a string");
        return null;
    }

    public string? RequiredString(Dictionary<string, YamlNode> map, YamlNode owner, string key, string what)
    {
        if (!map.TryGetValue(key, out var node))
        {
            Error(owner, $"{what} needs '{key}'");
            return null;
        }

        var value = String(node, $"{what}.{key}");
        if (value is not null && string.IsNullOrWhiteSpace(value))
        {
            Error(node, $"{what}.{key} must not be empty");
            return null;
        }

        return value;
    }

    public int Int(Dictionary<string, YamlNode> map, string key, int fallback, int min, int max)
    {
        if (!map.TryGetValue(key, out var node))
        {
            return fallback;
        }

        if (node is YamlScalarNode { Value: { } text } && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            if (value >= min && value <= max)
            {
                return value;
            }

            Error(node, $"'{key}' must be between {min} and {max}, not {value}");
            return fallback;
        }

        Error(node, $"'{key}' must be a whole number");
        return fallback;
    }

    public bool Bool(Dictionary<string, YamlNode> map, string key, bool fallback)
    {
        if (!map.TryGetValue(key, out var node))
        {
            return fallback;
        }

        if (node is YamlScalarNode { Value: { } text } && bool.TryParse(text, out var value))
        {
            return value;
        }

        Error(node, $"'{key}' must be true or false");
        return fallback;
    }

    public TimeSpan Duration(Dictionary<string, YamlNode> map, string key, TimeSpan fallback, TimeSpan min)
    {
        if (!map.TryGetValue(key, out var node))
        {
            return fallback;
        }

        var text = String(node, $"'{key}'");
        if (text is null)
        {
            return fallback;
        }

        try
        {
            var value = PrometheusDuration.Parse(text);
            if (value < min)
            {
                Error(node, $"'{key}' must be at least {PrometheusDuration.Format(min)}");
                return fallback;
            }

            return value;
        }
        catch (FormatException ex)
        {
            Error(node, $"'{key}' is not a duration such as 30s, 5m or 1h: {ex.Message}");
            return fallback;
        }
    }

    public TEnum Enum<TEnum>(Dictionary<string, YamlNode> map, string key, TEnum fallback)
        where TEnum : struct, Enum
    {
        if (!map.TryGetValue(key, out var node))
        {
            return fallback;
        }

        return Enum<TEnum>(node, key) ?? fallback;
    }

    public TEnum? Enum<TEnum>(YamlNode node, string what)
        where TEnum : struct, Enum
    {
        var text = String(node, what);
        if (text is null)
        {
            return null;
        }

        var normalized = text.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (System.Enum.TryParse<TEnum>(normalized, ignoreCase: true, out var value) && !int.TryParse(text, CultureInfo.InvariantCulture, out _))
        {
            return value;
        }

        Error(node, $"'{text}' is not a valid {what}; expected one of {string.Join(", ", System.Enum.GetNames<TEnum>().Select(Snake))}");
        return null;
    }

    /// <summary>A sequence of strings; a single scalar counts as a one-item list.</summary>
    public List<(string Value, YamlNode Node)> Strings(YamlNode node, string what)
    {
        var list = new List<(string, YamlNode)>();
        if (node is YamlScalarNode { Value: { } single })
        {
            list.Add((single, node));
            return list;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Error(node, $"{what} must be a list");
            return list;
        }

        foreach (var item in sequence.Children)
        {
            if (String(item, $"an item of {what}") is { } value)
            {
                list.Add((value, item));
            }
        }

        return list;
    }

    public static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
