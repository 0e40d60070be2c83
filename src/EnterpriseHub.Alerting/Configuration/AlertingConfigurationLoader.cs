using EnterpriseHub.Alerting.Inhibition;
using EnterpriseHub.Alerting.Matching;
using EnterpriseHub.Alerting.Routing;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace EnterpriseHub.Alerting.Configuration;

/// <summary>
/// Reads a configuration file in Alertmanager's shape (<c>global</c>, <c>route</c>, <c>receivers</c>,
/// <c>inhibit_rules</c>). Errors are <see cref="AlertingConfigurationException"/>s naming the file and the line or
/// the route.
/// </summary>
public static class AlertingConfigurationLoader
{
    private static readonly IDeserializer s_deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    /// <summary>Loads the file at <paramref name="path"/>.</summary>
    public static AlertingConfiguration Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AlertingConfigurationException($"Cannot read alerting configuration '{path}': {ex.Message}", ex);
        }

        return Parse(text, path);
    }

    /// <summary>Parses YAML text; <paramref name="source"/> names it in errors.</summary>
    public static AlertingConfiguration Parse(string yaml, string source = "alerting configuration")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        AlertingDocument? document;
        try
        {
            document = s_deserializer.Deserialize<AlertingDocument>(yaml);
        }
        catch (YamlException ex)
        {
            throw new AlertingConfigurationException($"{source}: line {ex.Start.Line}, column {ex.Start.Column}: {Innermost(ex).Message}", ex);
        }

        try
        {
            return Build(document ?? new AlertingDocument());
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new AlertingConfigurationException($"{source}: {ex.Message}", ex);
        }
    }

    private static AlertingConfiguration Build(AlertingDocument document)
    {
        var pagerDutyUrl = document.Global?.PagerdutyUrl is { } pd ? new Uri(pd) : PagerDutyIntegration.DefaultUrl;
        var receivers = new List<ReceiverDefinition>();
        foreach (var receiver in document.Receivers ?? [])
        {
            receivers.Add(BuildReceiver(receiver, pagerDutyUrl));
        }

        var duplicate = receivers.GroupBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new FormatException($"receiver '{duplicate.Key}' is defined more than once.");
        }

        if (document.Route is null)
        {
            throw new FormatException("a 'route:' with a receiver is required.");
        }

        if (document.Route.Receiver is null)
        {
            throw new FormatException("the root route needs a receiver.");
        }

        if (document.Route.Matchers is { Count: > 0 } || document.Route.Match is { Count: > 0 } || document.Route.MatchRe is { Count: > 0 })
        {
            throw new FormatException("the root route must not have matchers: it takes every alert.");
        }

        var root = BuildRoute(document.Route, parent: null);
        var rules = (document.InhibitRules ?? []).Select(BuildInhibitRule).ToList();
        var resolveTimeout = document.Global?.ResolveTimeout is { } rt ? Duration(rt, "global.resolve_timeout") : (TimeSpan?)null;
        return new AlertingConfiguration(root, receivers, rules, resolveTimeout);
    }

    private static Route BuildRoute(RouteDocument doc, Route? parent)
    {
        var matchers = Matchers(doc.Matchers, doc.Match, doc.MatchRe, "route matchers");
        var groupByAll = doc.GroupBy?.Contains("...") ?? parent?.GroupByAll ?? false;
        if (doc.GroupBy is { Count: > 1 } && groupByAll)
        {
            throw new FormatException("group_by: '...' must be the only entry when present.");
        }

        var route = new Route(
            doc.Receiver ?? parent?.Receiver ?? throw new FormatException("a route has no receiver and no parent to inherit one from."),
            matchers,
            doc.GroupBy is null ? parent?.GroupBy : groupByAll ? [] : doc.GroupBy,
            groupByAll,
            doc.Continue,
            doc.GroupWait is { } gw ? Duration(gw, "group_wait") : parent?.GroupWait,
            doc.GroupInterval is { } gi ? Positive(Duration(gi, "group_interval"), "group_interval") : parent?.GroupInterval,
            doc.RepeatInterval is { } ri ? Positive(Duration(ri, "repeat_interval"), "repeat_interval") : parent?.RepeatInterval);
        foreach (var child in doc.Routes ?? [])
        {
            route.Add(BuildRoute(child, route));
        }

        return route;
    }

    private static ReceiverDefinition BuildReceiver(ReceiverDocument doc, Uri pagerDutyUrl)
    {
        if (string.IsNullOrWhiteSpace(doc.Name))
        {
            throw new FormatException("every receiver needs a name.");
        }

        var integrations = new List<IntegrationDefinition>();
        var index = 0;
        foreach (var webhook in doc.WebhookConfigs ?? [])
        {
            if (!Uri.TryCreate(webhook.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                throw new FormatException($"receiver '{doc.Name}': webhook_configs[{index}].url must be an absolute http(s) URL.");
            }

            if (webhook.MaxAlerts < 0)
            {
                throw new FormatException($"receiver '{doc.Name}': webhook_configs[{index}].max_alerts must not be negative.");
            }

            integrations.Add(new WebhookIntegration(
                $"webhook/{index}",
                webhook.SendResolved ?? true,
                url,
                webhook.MaxAlerts,
                webhook.Timeout is { } t ? Positive(Duration(t, "timeout"), "timeout") : TimeSpan.FromSeconds(10)));
            index++;
        }

        index = 0;
        foreach (var pd in doc.PagerdutyConfigs ?? [])
        {
            if (string.IsNullOrWhiteSpace(pd.RoutingKey))
            {
                throw new FormatException($"receiver '{doc.Name}': pagerduty_configs[{index}].routing_key is required.");
            }

            var url = pagerDutyUrl;
            if (pd.Url is not null && (!Uri.TryCreate(pd.Url, UriKind.Absolute, out url!) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
            {
                throw new FormatException($"receiver '{doc.Name}': pagerduty_configs[{index}].url must be an absolute http(s) URL.");
            }

            integrations.Add(new PagerDutyIntegration(
                $"pagerduty/{index}",
                pd.SendResolved ?? true,
                pd.RoutingKey,
                url,
                pd.Client ?? "EnterpriseHub",
                pd.ClientUrl,
                pd.Timeout is { } t ? Positive(Duration(t, "timeout"), "timeout") : TimeSpan.FromSeconds(10)));
            index++;
        }

        return new ReceiverDefinition(doc.Name, integrations);
    }

    private static InhibitRule BuildInhibitRule(InhibitRuleDocument doc, int index)
    {
        var source = Matchers(doc.SourceMatchers, doc.SourceMatch, doc.SourceMatchRe, $"inhibit_rules[{index}] source");
        var target = Matchers(doc.TargetMatchers, doc.TargetMatch, doc.TargetMatchRe, $"inhibit_rules[{index}] target");
        if (target.Count == 0)
        {
            throw new FormatException($"inhibit_rules[{index}] needs target_matchers; without them it would mute every alert.");
        }

        return new InhibitRule(source, target, doc.Equal ?? []);
    }

    private static List<Matcher> Matchers(List<string>? matchers, Dictionary<string, string>? match, Dictionary<string, string>? matchRe, string where)
    {
        var result = new List<Matcher>();
        try
        {
            foreach (var text in matchers ?? [])
            {
                result.AddRange(MatcherParser.Parse(text));
            }

            // match and match_re are Alertmanager's older spelling; they still load.
            foreach (var (name, value) in match ?? [])
            {
                result.Add(new Matcher(name, MatchOperator.Equal, value));
            }

            foreach (var (name, value) in matchRe ?? [])
            {
                result.Add(new Matcher(name, MatchOperator.Regex, value));
            }
        }
        catch (FormatException ex)
        {
            throw new FormatException($"{where}: {ex.Message}", ex);
        }

        return result;
    }

    private static TimeSpan Duration(string text, string field)
    {
        try
        {
            return PrometheusDuration.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"{field}: {ex.Message}", ex);
        }
    }

    private static TimeSpan Positive(TimeSpan value, string field) =>
        value > TimeSpan.Zero ? value : throw new FormatException($"{field} must be greater than zero.");

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }
}
