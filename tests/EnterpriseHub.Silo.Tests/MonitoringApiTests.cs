using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace EnterpriseHub.Silo.Tests;

/// <summary>The series and services API over samples posted as JSON.</summary>
public sealed class MonitoringApiTests
{
    private static readonly DateTimeOffset s_start = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static object[] Samples(string service, string metric, Dictionary<string, string> labels, int count, Func<int, double> value) =>
        [.. Enumerable.Range(0, count).Select(i => new { service, metric, labels, timestamp = s_start.AddMinutes(i).ToString("O"), value = value(i) })];

    [Fact]
    public async Task Series_are_listed_filtered_and_described_with_points_band_and_forecast()
    {
        using var data = new TempDirectory();
        await using var silo = await InProcessSilo.StartAsync(data.Path);
        using var http = silo.Client();
        var eu = new Dictionary<string, string> { ["region"] = "eu" };
        var us = new Dictionary<string, string> { ["region"] = "us" };
        var batch = Samples("shop", "latency_ms", eu, 200, i => 100 + (i % 7))
            .Concat(Samples("shop", "latency_ms", us, 200, i => 120 + (i % 5)))
            .Concat(Samples("auth", "errors", eu, 50, _ => 1));
        var posted = await http.PostAsJsonAsync("/api/v1/samples", batch);
        var outcome = await posted.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(3, outcome.GetProperty("series").GetInt32());
        Assert.Equal(450, outcome.GetProperty("accepted").GetInt32());

        var all = await http.GetFromJsonAsync<JsonElement>("/api/v1/series");
        Assert.Equal(3, all.GetProperty("total").GetInt32());
        var shop = await http.GetFromJsonAsync<JsonElement>("/api/v1/series?service=shop&label=region=us");
        Assert.Equal(["shop:latency_ms{region=\"us\"}"], shop.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(124, shop.GetProperty("items")[0].GetProperty("lastValue").GetDouble());
        var byMetric = await http.GetFromJsonAsync<JsonElement>("/api/v1/series?metric=errors");
        Assert.Equal(1, byMetric.GetProperty("total").GetInt32());

        var id = Uri.EscapeDataString("shop:latency_ms{region=\"eu\"}");
        var view = await http.GetFromJsonAsync<JsonElement>($"/api/v1/series/{id}?points=20&forecast=10");
        Assert.Equal(200, view.GetProperty("samples").GetInt64());
        var points = view.GetProperty("points");
        Assert.Equal(20, points.GetArrayLength());
        Assert.Equal(100 + (199 % 7), points[19].GetProperty("value").GetDouble());
        Assert.Equal(s_start.AddMinutes(199), points[19].GetProperty("timestamp").GetDateTimeOffset());
        Assert.True(points[19].GetProperty("lower").GetDouble() <= points[19].GetProperty("expected").GetDouble());
        Assert.True(points[19].GetProperty("upper").GetDouble() >= points[19].GetProperty("expected").GetDouble());
        var forecast = view.GetProperty("forecast");
        Assert.Equal(10, forecast.GetArrayLength());
        Assert.Equal(s_start.AddMinutes(200), forecast[0].GetProperty("timestamp").GetDateTimeOffset());
        Assert.True(forecast[9].GetProperty("upper").GetDouble() - forecast[9].GetProperty("lower").GetDouble() > 0);

        var missing = await http.GetAsync(new Uri("/api/v1/series/" + Uri.EscapeDataString("nope:x{}"), UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var badStatus = await http.GetAsync(new Uri("/api/v1/series?status=broken", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Contains("status", await badStatus.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_catalog_edit_needs_an_operator_key_is_validated_and_shows_in_the_service()
    {
        using var data = new TempDirectory();
        await using var silo = await InProcessSilo.StartAsync(data.Path);
        using var anonymous = silo.Client();
        using var op = silo.Client(await File.ReadAllTextAsync(Path.Combine(data.Path, "admin.key")));
        (await anonymous.PostAsJsonAsync("/api/v1/samples", Samples("billing", "queue_depth", [], 10, i => i))).EnsureSuccessStatusCode();
        var entry = new { name = "billing", tier = "critical", owner = "fin-oncall", rules = new[] { "queue_depth > 100 for 5m" } };

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync("/api/v1/services/billing/catalog", entry)).StatusCode);
        var invalid = await op.PutAsJsonAsync("/api/v1/services/billing/catalog", entry with { rules = ["queue_depth >> 100"] });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("rules[0]", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await op.PutAsJsonAsync("/api/v1/services/billing/catalog", entry)).StatusCode);

        var service = await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/services/billing");
        Assert.Equal("fin-oncall", service.GetProperty("catalog").GetProperty("owner").GetString());
        Assert.Equal(1, service.GetProperty("series").GetInt32());
        Assert.Equal(100, service.GetProperty("health").GetInt32());
        var services = await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/services");
        Assert.Contains(services.EnumerateArray(), s => s.GetProperty("catalog").GetProperty("name").GetString() == "billing");
    }
}
