using System.Globalization;
using System.Text;

namespace EnterpriseHub.Storage.Tests;

/// <summary>Grain state payloads as the runtime stores them: UTF-8 JSON.</summary>
internal static class Payloads
{
    public static byte[] Json(string json) => Encoding.UTF8.GetBytes(json);

    public static byte[] Counter(long value) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"count\":{value}}}"));

    public static long ReadCounter(byte[] payload)
    {
        var text = Encoding.UTF8.GetString(payload);
        const string Prefix = "{\"count\":";
        if (!text.StartsWith(Prefix, StringComparison.Ordinal) || !text.EndsWith('}'))
        {
            throw new FormatException($"Not a counter payload: {text}");
        }

        return long.Parse(text.AsSpan(Prefix.Length, text.Length - Prefix.Length - 1), CultureInfo.InvariantCulture);
    }
}
