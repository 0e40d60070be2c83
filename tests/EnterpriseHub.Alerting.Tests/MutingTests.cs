using EnterpriseHub.Abstractions.Alerts;
using static EnterpriseHub.Alerting.Tests.Alerts;

namespace EnterpriseHub.Alerting.Tests;

public sealed class MutingTests
{
    private const string Yaml = """
        route:
          receiver: team
          group_by: [alertname, service]
        receivers:
          - name: team
        inhibit_rules:
          - source_matchers: ['severity="critical"']
            target_matchers: ['severity=~"high|medium|low"']
            equal: [service]
        """;

    private readonly DispatcherFixture _f = new(Yaml);

    private static SilenceRequest Silence(DateTimeOffset endsAt, params SilenceMatcher[] matchers) =>
        new(matchers, null, endsAt, "alice", "maintenance");

    [Fact]
    public void A_critical_alert_inhibits_lower_severities_of_the_same_service_only()
    {
        var down = Make("ServiceDown", "api", AlertSeverity.Critical);
        var latency = Make("Latency", "api", AlertSeverity.High);
        var otherLatency = Make("Latency", "web", AlertSeverity.High);

        _f.Receive(down, latency, otherLatency);
        _f.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(
            ["team {}:{alertname=\"Latency\", service=\"web\"} Latency:web:Firing", "team {}:{alertname=\"ServiceDown\", service=\"api\"} ServiceDown:api:Firing"],
            _f.Sent.Select(DispatcherFixture.Summary).Order(StringComparer.Ordinal));
        Assert.Equal([down.Fingerprint], _f.Dispatcher.Alerts[latency.Fingerprint].InhibitedBy);
        Assert.Empty(_f.Dispatcher.Alerts[otherLatency.Fingerprint].InhibitedBy);
        var inhibited = Assert.Single(_f.Events, e => e.Type == AlertEventTypes.Inhibited);
        Assert.Equal(latency.Fingerprint, inhibited.Alert!.Fingerprint);
    }

    [Fact]
    public void An_inhibition_stops_when_its_source_resolves_and_the_target_is_then_notified()
    {
        var down = Make("ServiceDown", "api", AlertSeverity.Critical);
        var latency = Make("Latency", "api", AlertSeverity.High);
        _f.Receive(down, latency);
        _f.Advance(TimeSpan.FromSeconds(30));
        _f.Sent.Clear();

        _f.Clock.Advance(TimeSpan.FromMinutes(1));
        _f.Receive(down.Resolved(_f.Clock.GetUtcNow()), latency);

        Assert.Empty(_f.Dispatcher.Alerts[latency.Fingerprint].InhibitedBy);
        Assert.Single(_f.Events, e => e.Type == AlertEventTypes.Uninhibited && e.Alert!.Fingerprint == latency.Fingerprint);
        _f.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(
            ["team {}:{alertname=\"Latency\", service=\"api\"} Latency:api:Firing", "team {}:{alertname=\"ServiceDown\", service=\"api\"} ServiceDown:api:Resolved"],
            _f.Sent.Select(DispatcherFixture.Summary).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Two_alerts_matching_both_sides_of_a_rule_do_not_inhibit_each_other()
    {
        var yaml = Yaml.Replace("target_matchers: ['severity=~\"high|medium|low\"']", "target_matchers: ['severity=~\".+\"']", StringComparison.Ordinal);
        var f = new DispatcherFixture(yaml);
        var a = Make("DiskFull", "api", AlertSeverity.Critical);
        var b = Make("MemoryFull", "api", AlertSeverity.Critical);
        f.Receive(a, b);

        Assert.All(f.Dispatcher.Alerts.Values, t => Assert.Empty(t.InhibitedBy));
    }

    [Fact]
    public void A_silence_mutes_matching_alerts_and_expiring_it_unmutes_them()
    {
        var api = Make("Latency", "api");
        var web = Make("Latency", "web");
        var silence = _f.Dispatcher.CreateSilence(Silence(T0 + TimeSpan.FromHours(2), new SilenceMatcher("service", "api")), "alice");
        _f.Receive(api, web);
        _f.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(["team {}:{alertname=\"Latency\", service=\"web\"} Latency:web:Firing"], _f.Sent.Select(DispatcherFixture.Summary));
        Assert.Equal([silence.Id], _f.Dispatcher.Alerts[api.Fingerprint].SilencedBy);
        Assert.Equal(SilenceState.Active, silence.Status);

        _f.Clock.Advance(TimeSpan.FromMinutes(1));
        var expired = _f.Dispatcher.ExpireSilence(silence.Id)!;
        Assert.Equal(SilenceState.Expired, expired.Status);
        Assert.Equal(_f.Clock.GetUtcNow(), expired.EndsAt);
        Assert.Empty(_f.Dispatcher.Alerts[api.Fingerprint].SilencedBy);
        _f.Receive(api, web);
        Assert.Single(_f.Events, e => e.Type == AlertEventTypes.Unsilenced);

        var sent = Assert.Single(_f.Advance(TimeSpan.FromMinutes(4)));
        Assert.Equal("team {}:{alertname=\"Latency\", service=\"api\"} Latency:api:Firing", DispatcherFixture.Summary(sent));
    }

    [Fact]
    public void A_silence_that_ends_by_itself_unmutes_at_its_end()
    {
        var api = Make("Latency", "api");
        _f.Dispatcher.CreateSilence(Silence(T0 + TimeSpan.FromMinutes(10), new SilenceMatcher("alertname", "Lat.*", IsRegex: true)), "alice");
        _f.Receive(api);
        _f.Advance(TimeSpan.FromSeconds(30));
        Assert.Empty(_f.Sent);

        for (var i = 0; i < 3; i++)
        {
            _f.Receive(api);
            _f.Advance(TimeSpan.FromMinutes(3));
        }

        Assert.Empty(_f.Sent);
        _f.Receive(api);
        var sent = Assert.Single(_f.Advance(TimeSpan.FromMinutes(1)));
        Assert.Equal(T0 + TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(30), sent.CreatedAt);
    }

    [Fact]
    public void Preview_lists_exactly_the_active_alerts_a_silence_would_mute()
    {
        var apiLatency = Make("Latency", "api");
        var apiErrors = Make("Errors", "api", state: AlertState.Pending);
        var webLatency = Make("Latency", "web");
        _f.Receive(apiLatency, apiErrors, webLatency);

        var preview = _f.Dispatcher.Preview([new SilenceMatcher("service", "api"), new SilenceMatcher("alertname", "Deploy.*", IsRegex: true, IsEqual: false)]);

        Assert.Equal(
            new[] { apiLatency.Fingerprint, apiErrors.Fingerprint }.Order(StringComparer.Ordinal),
            preview.Select(v => v.Alert.Fingerprint));
        Assert.Empty(_f.Dispatcher.Silences);
    }

    [Fact]
    public void A_pending_silence_mutes_only_from_its_start()
    {
        var api = Make("Latency", "api");
        var request = new SilenceRequest([new SilenceMatcher("service", "api")], T0 + TimeSpan.FromMinutes(1), T0 + TimeSpan.FromHours(1), null, null);
        var silence = _f.Dispatcher.CreateSilence(request, "bob");
        Assert.Equal(SilenceState.Pending, silence.Status);

        _f.Receive(api);
        Assert.Empty(_f.Dispatcher.Alerts[api.Fingerprint].SilencedBy);
        _f.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal([silence.Id], _f.Dispatcher.Alerts[api.Fingerprint].SilencedBy);
    }

    [Theory]
    [InlineData("service", "", false, "matchers")] // matches the empty string: would mute everything
    [InlineData("service", "(", true, "matchers")]
    public void Invalid_silences_are_refused_naming_the_field(string name, string value, bool regex, string field)
    {
        var errors = Silencing.SilenceValidator.Validate(Silence(T0 + TimeSpan.FromHours(1), new SilenceMatcher(name, value, regex)), T0);
        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void A_silence_must_end_after_it_starts()
    {
        var errors = Silencing.SilenceValidator.Validate(Silence(T0 - TimeSpan.FromMinutes(1), new SilenceMatcher("service", "api")), T0);
        Assert.Equal(["endsAt"], errors.Keys);
    }
}
