using EnterpriseHub.Silo.Tests;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Silo.Security;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseHub.Alerting.Tests;

public sealed class AlertApiTests
{
    [Fact]
    public async Task Silences_need_an_operator_key_record_its_name_preview_mute_and_expire_through_the_api()
    {
        using var data = new TempDirectory();
        await using var silo = await InProcessSilo.StartAsync(data.Path);
        var keys = silo.Services.GetRequiredService<ApiKeyStore>();
        using var viewer = silo.Client(keys.Create("dashboard", ApiKeyRole.Viewer));
        using var op = silo.Client(keys.Create("oncall-alice", ApiKeyRole.Operator));
        using var anonymous = silo.Client();
        var api = Alerts.Make("Latency", "api", startsAt: DateTimeOffset.UtcNow);
        var web = Alerts.Make("Latency", "web", startsAt: DateTimeOffset.UtcNow);
        await silo.Router().Receive([api, web]);
        var body = new
        {
            matchers = new[] { new { name = "service", value = "api", isRegex = false, isEqual = true } },
            endsAt = DateTimeOffset.UtcNow.AddHours(1),
            comment = "deploy",
        };

        var preview = await viewer.PostAsJsonAsync("/api/v1/silences/preview", body);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        using (var previewed = JsonDocument.Parse(await preview.Content.ReadAsStringAsync()))
        {
            Assert.Equal([api.Fingerprint], previewed.RootElement.EnumerateArray().Select(v => v.GetProperty("alert").GetProperty("fingerprint").GetString()));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/silences", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/v1/silences", body)).StatusCode);
        var created = await op.PostAsJsonAsync("/api/v1/silences", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var createdJson = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = createdJson.RootElement.GetProperty("silenceId").GetString()!;
        Assert.Equal("oncall-alice", createdJson.RootElement.GetProperty("silence").GetProperty("createdBy").GetString());
        Assert.Equal("active", createdJson.RootElement.GetProperty("silence").GetProperty("status").GetString());

        using (var active = JsonDocument.Parse(await anonymous.GetStringAsync(new Uri("/api/v1/alerts?service=api", UriKind.Relative))))
        {
            var view = Assert.Single(active.RootElement.EnumerateArray());
            Assert.Equal(id, Assert.Single(view.GetProperty("silencedBy").EnumerateArray()).GetString());
            Assert.True(view.GetProperty("muted").GetBoolean());
            Assert.Equal("firing", view.GetProperty("alert").GetProperty("state").GetString());
        }

        var expired = await op.DeleteAsync(new Uri($"/api/v1/silences/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, expired.StatusCode);
        using (var silence = JsonDocument.Parse(await viewer.GetStringAsync(new Uri($"/api/v1/silences/{id}", UriKind.Relative))))
        {
            Assert.Equal("expired", silence.RootElement.GetProperty("status").GetString());
        }

        Assert.Empty((await silo.Router().GetAlerts(new AlertQuery { Service = "api" }))[0].SilencedBy);
        Assert.Equal(HttpStatusCode.Conflict, (await op.PutAsJsonAsync($"/api/v1/silences/{id}", body)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync(new Uri("/api/v1/silences/nope", UriKind.Relative))).StatusCode);
        Assert.Single(JsonDocument.Parse(await viewer.GetStringAsync(new Uri("/api/v1/silences", UriKind.Relative))).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task Invalid_silences_and_filters_are_problem_responses_naming_the_field()
    {
        using var data = new TempDirectory();
        await using var silo = await InProcessSilo.StartAsync(data.Path);
        using var op = silo.Client(silo.Services.GetRequiredService<ApiKeyStore>().Create("ops", ApiKeyRole.Operator));

        var everything = await op.PostAsJsonAsync("/api/v1/silences", new
        {
            matchers = new[] { new { name = "service", value = ".*", isRegex = true, isEqual = true } },
            endsAt = DateTimeOffset.UtcNow.AddHours(1),
        });
        var badState = await op.GetAsync(new Uri("/api/v1/alerts?state=burning", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, everything.StatusCode);
        Assert.Equal("application/problem+json", everything.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"matchers\"", await everything.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
        Assert.Contains("pending, firing, resolved", await badState.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_is_queryable_with_filters_and_resolved_defaults_to_history()
    {
        using var data = new TempDirectory();
        await using var silo = await InProcessSilo.StartAsync(data.Path);
        using var http = silo.Client();
        var api = Alerts.Make("Latency", "api", AlertSeverity.Critical, startsAt: DateTimeOffset.UtcNow);
        var web = Alerts.Make("Latency", "web", startsAt: DateTimeOffset.UtcNow);
        await silo.Router().Receive([api, web]);
        await silo.Router().Receive([api.Resolved(DateTimeOffset.UtcNow)]);

        using var resolved = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/v1/alerts?state=resolved", UriKind.Relative)));
        using var critical = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/v1/alerts?active=false&severity=critical&since=1h&limit=10", UriKind.Relative)));
        using var active = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/v1/alerts", UriKind.Relative)));

        Assert.Equal([api.Fingerprint], resolved.RootElement.EnumerateArray().Select(v => v.GetProperty("alert").GetProperty("fingerprint").GetString()));
        Assert.Equal(["resolved", "firing"], critical.RootElement.EnumerateArray().Select(v => v.GetProperty("alert").GetProperty("state").GetString()));
        Assert.Equal([web.Fingerprint], active.RootElement.EnumerateArray().Select(v => v.GetProperty("alert").GetProperty("fingerprint").GetString()));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_alert_endpoints()
    {
        using var data = new TempDirectory();
        await using var silo = await InProcessSilo.StartAsync(data.Path);
        using var http = silo.Client();

        var document = await http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        foreach (var path in new[] { "/api/v1/alerts", "/api/v1/silences", "/api/v1/silences/{id}", "/api/v1/silences/preview", "/api/v1/events" })
        {
            Assert.Contains($"\"{path}\"", document, StringComparison.Ordinal);
        }
    }
}
