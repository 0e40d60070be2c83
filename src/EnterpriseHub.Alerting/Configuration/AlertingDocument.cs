namespace EnterpriseHub.Alerting.Configuration;

// The YAML shapes of Alertmanager's configuration file that the router understands. Property names map to
// snake_case keys; keys the router does not know are rejected with their line, as Alertmanager does.

/// <summary>The whole file.</summary>
internal sealed class AlertingDocument
{
    public GlobalDocument? Global { get; set; }

    public RouteDocument? Route { get; set; }

    public List<ReceiverDocument>? Receivers { get; set; }

    public List<InhibitRuleDocument>? InhibitRules { get; set; }

    /// <summary>Accepted and ignored, so files written for Alertmanager load.</summary>
    public List<string>? Templates { get; set; }
}

/// <summary><c>global:</c>.</summary>
internal sealed class GlobalDocument
{
    public string? ResolveTimeout { get; set; }

    public string? PagerdutyUrl { get; set; }
}

/// <summary>A node of <c>route:</c>.</summary>
internal sealed class RouteDocument
{
    public string? Receiver { get; set; }

    public List<string>? GroupBy { get; set; }

    public bool Continue { get; set; }

    public List<string>? Matchers { get; set; }

    public Dictionary<string, string>? Match { get; set; }

    public Dictionary<string, string>? MatchRe { get; set; }

    public string? GroupWait { get; set; }

    public string? GroupInterval { get; set; }

    public string? RepeatInterval { get; set; }

    public List<RouteDocument>? Routes { get; set; }
}

/// <summary>An entry of <c>receivers:</c>.</summary>
internal sealed class ReceiverDocument
{
    public string? Name { get; set; }

    public List<WebhookDocument>? WebhookConfigs { get; set; }

    public List<PagerDutyDocument>? PagerdutyConfigs { get; set; }
}

/// <summary>An entry of <c>webhook_configs:</c>.</summary>
internal sealed class WebhookDocument
{
    public string? Url { get; set; }

    public bool? SendResolved { get; set; }

    public int MaxAlerts { get; set; }

    public string? Timeout { get; set; }
}

/// <summary>An entry of <c>pagerduty_configs:</c>.</summary>
internal sealed class PagerDutyDocument
{
    public string? RoutingKey { get; set; }

    public string? Url { get; set; }

    public bool? SendResolved { get; set; }

    public string? Client { get; set; }

    public string? ClientUrl { get; set; }

    public string? Timeout { get; set; }
}

/// <summary>An entry of <c>inhibit_rules:</c>.</summary>
internal sealed class InhibitRuleDocument
{
    public List<string>? SourceMatchers { get; set; }

    public List<string>? TargetMatchers { get; set; }

    public Dictionary<string, string>? SourceMatch { get; set; }

    public Dictionary<string, string>? SourceMatchRe { get; set; }

    public Dictionary<string, string>? TargetMatch { get; set; }

    public Dictionary<string, string>? TargetMatchRe { get; set; }

    public List<string>? Equal { get; set; }
}
