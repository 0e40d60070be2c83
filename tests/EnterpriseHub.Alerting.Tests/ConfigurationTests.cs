using EnterpriseHub.Alerting.Configuration;
using EnterpriseHub.Alerting.Routing;

namespace EnterpriseHub.Alerting.Tests;

public sealed class ConfigurationTests
{
    private const string Yaml = """
        global:
          resolve_timeout: 2m
        route:
          receiver: default
          group_by: [alertname]
          routes:
            - matchers: ['severity="critical"']
              receiver: pager
              group_by: [alertname, service]
              group_wait: 10s
              continue: true
              routes:
                - matchers: ['service="payments"']
                  repeat_interval: 1h
            - matchers: ['service=~"api|web"']
              receiver: team-web
              group_by: ['...']
            - match: { service: payments }
              receiver: team-payments
        receivers:
          - name: default
          - name: pager
            pagerduty_configs:
              - routing_key: abc123
          - name: team-web
            webhook_configs:
              - url: http://127.0.0.1:9999/hook
                send_resolved: false
                max_alerts: 10
          - name: team-payments
            webhook_configs:
              - url: http://127.0.0.1:9999/payments
        inhibit_rules:
          - source_matchers: ['severity="critical"']
            target_matchers: ['severity=~"high|medium|low"']
            equal: [service]
        """;

    private static readonly AlertingConfiguration s_config = AlertingConfigurationLoader.Parse(Yaml);

    private static string[] Receivers(params (string, string)[] labels) =>
        s_config.Root.Match(labels.ToDictionary(l => l.Item1, l => l.Item2)).Select(r => r.Receiver).ToArray();

    [Fact]
    public void The_first_matching_child_takes_the_alert_and_continue_lets_later_siblings_match_too()
    {
        Assert.Equal(["pager", "team-payments"], Receivers(("severity", "critical"), ("service", "payments")));
        Assert.Equal(["pager", "team-web"], Receivers(("severity", "critical"), ("service", "web")));
        Assert.Equal(["team-web"], Receivers(("severity", "high"), ("service", "api")));
        Assert.Equal(["default"], Receivers(("severity", "high"), ("service", "billing")));
    }

    [Fact]
    public void Children_inherit_receiver_grouping_and_timing_they_do_not_set()
    {
        var pager = s_config.Root.Routes[0];
        var payments = pager.Routes[0];

        Assert.Equal("pager", payments.Receiver);
        Assert.Equal(["alertname", "service"], payments.GroupBy);
        Assert.Equal(TimeSpan.FromSeconds(10), payments.GroupWait);
        Assert.Equal(Route.DefaultGroupInterval, payments.GroupInterval);
        Assert.Equal(TimeSpan.FromHours(1), payments.RepeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), s_config.Root.GroupWait);
        Assert.Equal(TimeSpan.FromHours(4), s_config.Root.RepeatInterval);
        Assert.Equal("{}/{severity=\"critical\"}/{service=\"payments\"}", payments.Key);
        Assert.Equal(TimeSpan.FromMinutes(2), s_config.ResolveTimeout);
    }

    [Fact]
    public void Group_labels_take_the_group_by_labels_present_and_dots_take_all()
    {
        var labels = new Dictionary<string, string> { ["alertname"] = "Latency", ["service"] = "api", ["pod"] = "a" };

        Assert.Equal(new Dictionary<string, string> { ["alertname"] = "Latency" }, s_config.Root.GroupLabels(labels));
        Assert.Equal(labels, s_config.Root.Routes[1].GroupLabels(labels));
        Assert.True(s_config.Root.Routes[1].GroupByAll);
    }

    [Fact]
    public void Receivers_and_inhibition_rules_load_with_alertmanager_defaults()
    {
        var web = Assert.IsType<WebhookIntegration>(Assert.Single(s_config.Receivers["team-web"].Integrations));
        Assert.False(web.SendResolved);
        Assert.Equal(10, web.MaxAlerts);
        Assert.Equal("webhook/0", web.Key);
        var pd = Assert.IsType<PagerDutyIntegration>(Assert.Single(s_config.Receivers["pager"].Integrations));
        Assert.True(pd.SendResolved);
        Assert.Equal(PagerDutyIntegration.DefaultUrl, pd.Url);
        var rule = Assert.Single(s_config.InhibitRules);
        Assert.Equal(["service"], rule.Equal);
    }

    [Theory]
    [InlineData("route: {receiver: nobody}\nreceivers: [{name: default}]", "receiver 'nobody'")]
    [InlineData("route: {receiver: default, group_wait: 5x}\nreceivers: [{name: default}]", "unknown unit 'x'")]
    [InlineData("route: {receiver: default}\nreceivers: [{name: default, webhook_configs: [{url: 'ftp://x'}]}]", "url must be an absolute http(s) URL")]
    [InlineData("route: {receiver: default, matchers: ['a=\"b\"']}\nreceivers: [{name: default}]", "root route must not have matchers")]
    [InlineData("route: {receiver: default, group_byy: [a]}\nreceivers: [{name: default}]", "line 1")]
    public void Invalid_files_fail_with_a_message_that_names_the_problem(string yaml, string expected)
    {
        var ex = Assert.Throws<AlertingConfigurationException>(() => AlertingConfigurationLoader.Parse(yaml, "test.yml"));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("test.yml", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("250ms", 250)]
    [InlineData("0", 0)]
    public void Durations_parse_as_prometheus_writes_them(string text, long milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), PrometheusDuration.Parse(text));

    [Fact]
    public void The_example_file_in_infra_loads()
    {
        var path = Path.Combine(RepositoryRoot(), "infra", "alerting.yml");
        var config = AlertingConfigurationLoader.Load(path);
        Assert.NotEmpty(config.InhibitRules);
        Assert.Contains(config.Receivers.Values, r => r.Integrations.Any(i => i is WebhookIntegration));
        Assert.Contains(config.Receivers.Values, r => r.Integrations.Any(i => i is PagerDutyIntegration));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EnterpriseHub.Orleans.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
