using System.Text;

namespace EnterpriseHub.Abstractions.Metrics;

/// <summary>Label values in the Prometheus text form used by series ids, alert group keys and matchers.</summary>
public static class LabelText
{
    /// <summary>Appends <paramref name="value"/> in double quotes with <c>\</c>, <c>"</c> and newlines escaped.</summary>
    public static void AppendQuoted(StringBuilder text, string value)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(value);
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    text.Append("\\\\");
                    break;
                case '"':
                    text.Append("\\\"");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        text.Append('"');
    }
}
