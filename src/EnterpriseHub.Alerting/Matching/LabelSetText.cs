using System.Text;

namespace EnterpriseHub.Alerting.Matching;

/// <summary>Prints label sets as Alertmanager does in group keys: <c>{a="1", b="2"}</c>, names sorted.</summary>
public static class LabelSetText
{
    /// <summary>The label set as text, names in ordinal order.</summary>
    public static string Format(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var names = labels.Keys.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        var text = new StringBuilder("{");
        for (var i = 0; i < names.Length; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            text.Append(names[i]).Append('=');
            AppendQuoted(text, labels[names[i]]);
        }

        return text.Append('}').ToString();
    }

    /// <summary>Appends <paramref name="value"/> in double quotes with <c>\</c>, <c>"</c> and newlines escaped.</summary>
    public static void AppendQuoted(StringBuilder text, string value) => Abstractions.Metrics.LabelText.AppendQuoted(text, value);
}
