using System.Text;

namespace EnterpriseHub.Abstractions.Metrics;

/// <summary>
/// The identity of a monitored series: service, metric and the remaining labels, sorted by name. Its canonical text,
/// <c>service:metric{a="1",b="2"}</c>, is the metric grain's key and the series id in the API.
/// </summary>
public sealed class SeriesKey : IEquatable<SeriesKey>
{
    private SeriesKey(string service, string metric, Label[] labels, string id)
    {
        Service = service;
        Metric = metric;
        Labels = labels;
        Id = id;
    }

    /// <summary>The service the series belongs to.</summary>
    public string Service { get; }

    /// <summary>The metric name.</summary>
    public string Metric { get; }

    /// <summary>The other labels, sorted by name, names unique.</summary>
    public IReadOnlyList<Label> Labels { get; }

    /// <summary>The canonical text: the grain key and the API id.</summary>
    public string Id { get; }

    /// <summary>Creates a key; <paramref name="labels"/> may be in any order but must not repeat a name.</summary>
    public static SeriesKey Create(string service, string metric, IEnumerable<Label>? labels = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        ArgumentException.ThrowIfNullOrEmpty(metric);
        var sorted = labels is null ? [] : labels.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Name == sorted[i - 1].Name)
            {
                throw new ArgumentException($"Label '{sorted[i].Name}' appears twice.", nameof(labels));
            }
        }

        return new SeriesKey(service, metric, sorted, Format(service, metric, sorted));
    }

    /// <summary>Parses the canonical text produced by <see cref="Id"/>.</summary>
    public static SeriesKey Parse(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var colon = id.IndexOf(':', StringComparison.Ordinal);
        var brace = id.IndexOf('{', StringComparison.Ordinal);
        if (colon <= 0 || brace <= colon + 1 || id[^1] != '}')
        {
            throw new FormatException($"'{id}' is not a series id of the form service:metric{{labels}}.");
        }

        var labels = new List<Label>();
        var i = brace + 1;
        while (i < id.Length - 1)
        {
            var equals = id.IndexOf("=\"", i, StringComparison.Ordinal);
            if (equals < 0)
            {
                throw new FormatException($"'{id}' has a label without a quoted value.");
            }

            var name = id[i..equals];
            var value = new StringBuilder();
            var j = equals + 2;
            for (; j < id.Length && id[j] != '"'; j++)
            {
                if (id[j] == '\\' && j + 1 < id.Length)
                {
                    j++;
                    value.Append(id[j] == 'n' ? '\n' : id[j]);
                }
                else
                {
                    value.Append(id[j]);
                }
            }

            labels.Add(new Label(name, value.ToString()));
            i = j + 1;
            if (i < id.Length - 1 && id[i] == ',')
            {
                i++;
            }
        }

        return Create(id[..colon], id[(colon + 1)..brace], labels);
    }

    /// <summary>The value of label <paramref name="name"/>, or null.</summary>
    public string? Label(string name)
    {
        foreach (var label in Labels)
        {
            if (label.Name == name)
            {
                return label.Value;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public bool Equals(SeriesKey? other) => other is not null && string.Equals(Id, other.Id, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SeriesKey);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Id);

    /// <inheritdoc />
    public override string ToString() => Id;

    private static string Format(string service, string metric, Label[] labels)
    {
        var text = new StringBuilder(service.Length + metric.Length + 2 + labels.Length * 16);
        text.Append(service).Append(':').Append(metric).Append('{');
        for (var i = 0; i < labels.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append(labels[i].Name).Append('=');
            LabelText.AppendQuoted(text, labels[i].Value);
        }

        return text.Append('}').ToString();
    }
}
