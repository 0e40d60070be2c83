using System.Globalization;
using EnterpriseHub.Alerting.Configuration;

namespace EnterpriseHub.Incidents.Actions;

/// <summary>Small checks shared by the built-in actions' validation; a value with a template is checked when run.</summary>
internal static class Inputs
{
    public static bool IsTemplated(string value) => value.Contains("{{", StringComparison.Ordinal);

    public static void Require(IReadOnlyDictionary<string, string> inputs, string key, List<string> problems)
    {
        if (!inputs.TryGetValue(key, out var value) || string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"input '{key}' is required");
        }
    }

    public static void Url(IReadOnlyDictionary<string, string> inputs, string key, List<string> problems)
    {
        if (inputs.TryGetValue(key, out var value) && !IsTemplated(value)
            && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            problems.Add($"input '{key}' must be an absolute http(s) URL, not '{value}'");
        }
    }

    public static void Duration(IReadOnlyDictionary<string, string> inputs, string key, List<string> problems)
    {
        if (inputs.TryGetValue(key, out var value) && !IsTemplated(value) && TryDuration(value) is null)
        {
            problems.Add($"input '{key}' is not a duration such as 30s or 5m: '{value}'");
        }
    }

    public static void OneOf(IReadOnlyDictionary<string, string> inputs, string key, string[] allowed, List<string> problems)
    {
        if (inputs.TryGetValue(key, out var value) && !IsTemplated(value) && !allowed.Contains(value))
        {
            problems.Add($"input '{key}' must be one of {string.Join(", ", allowed)}, not '{value}'");
        }
    }

    public static TimeSpan? TryDuration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return PrometheusDuration.Parse(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static TimeSpan DurationOr(IReadOnlyDictionary<string, string> inputs, string key, TimeSpan fallback) =>
        TryDuration(inputs.GetValueOrDefault(key)) ?? fallback;

    public static int? Int(string? text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
