using System.Net.Http.Json;
using System.Text.Json;

namespace EnterpriseHub.Costs.Tests.EndToEnd;

/// <summary>Usage samples in over HTTP; the summary per service, team and cost center and the recommendations out,
/// with amounts worked out by hand from the default prices (cpu 0.04 per core-hour, memory 0.005 per GB-hour,
/// API calls 0.000004 each; commitments 30% off for 12 months, all upfront).</summary>
public sealed class CostPipelineTests
{
    [Fact]
    public async Task Usage_samples_become_exact_summaries_and_recommendations_and_a_budget_alert()
    {
        await using var silo = await CostSilo.StartAsync(("Costs:Budgets:team:payments", "1"));
        var http = silo.Client;
        var now = DateTimeOffset.UtcNow;
        var nowHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var h0 = nowHour.AddHours(-3);

        object Sample(string service, string metric, string team, TimeSpan at, double value) => new
        {
            service,
            metric,
            labels = new Dictionary<string, string> { ["team"] = team, ["cost_center"] = "cc-42" },
            timestamp = (h0 + at).ToUnixTimeMilliseconds(),
            value,
        };

        static TimeSpan M(int minutes) => TimeSpan.FromMinutes(minutes);
        object[] samples =
        [
            // checkout, hour 0: cpu 4 and 8 → mean 6 core-hours → 0.24; memory 16 GB → 0.08;
            // 100,000 + 50,000 calls → 0.60. Hour total 0.92.
            Sample("checkout", "cpu_cores", "payments", M(0), 4), Sample("checkout", "cpu_cores", "payments", M(30), 8),
            Sample("checkout", "memory_gb", "payments", M(0), 16),
            Sample("checkout", "api_calls", "payments", M(10), 100_000), Sample("checkout", "api_calls", "payments", M(40), 50_000),
            Sample("checkout", "api_calls_repeated", "payments", M(10), 30_000), Sample("checkout", "api_calls_repeated", "payments", M(40), 15_000),
            Sample("checkout", "cpu_cores_used", "payments", M(5), 1.0), Sample("checkout", "cpu_cores_used", "payments", M(35), 1.4),
            // checkout, hour 1: cpu 4 → 0.16; memory 16 → 0.08; 50,000 calls → 0.20. Hour total 0.44.
            Sample("checkout", "cpu_cores", "payments", M(60), 4), Sample("checkout", "cpu_cores", "payments", M(90), 4),
            Sample("checkout", "memory_gb", "payments", M(60), 16),
            Sample("checkout", "api_calls", "payments", M(70), 50_000),
            Sample("checkout", "api_calls_repeated", "payments", M(70), 15_000),
            Sample("checkout", "cpu_cores_used", "payments", M(65), 0.7),
            // search, hour 2: cpu 2 → 0.08.
            Sample("search", "cpu_cores", "search", M(120), 2),
            // Not usage: monitored only.
            Sample("checkout", "latency_p99_ms", "payments", M(0), 120),
        ];
        (await http.PostAsJsonAsync("/api/v1/samples", samples)).EnsureSuccessStatusCode();
        // A retried request is not billed twice.
        (await http.PostAsJsonAsync("/api/v1/samples", samples)).EnsureSuccessStatusCode();

        // By service: checkout 0.92 + 0.44 = 1.36 over 2 observed hours → 0.68/h, 16.32/day, 496.4/month (× 730);
        // least-squares slope of (0.92, 0.44) is −0.48 per hour → −11.52 per day.
        var byService = await Get(http, "/api/v1/costs/summary?by=service&window=24h");
        Assert.Equal("USD", byService.GetProperty("currency").GetString());
        Assert.Equal(1.44, byService.GetProperty("total").GetDouble());
        var checkout = byService.GetProperty("items")[0];
        Assert.Equal("checkout", checkout.GetProperty("name").GetString());
        Assert.Equal(1.36, checkout.GetProperty("total").GetDouble());
        Assert.Equal(2, checkout.GetProperty("observedHours").GetInt32());
        Assert.Equal(0.68, checkout.GetProperty("perHour").GetDouble());
        Assert.Equal(16.32, checkout.GetProperty("perDay").GetDouble());
        Assert.Equal(496.4, checkout.GetProperty("perMonth").GetDouble());
        Assert.Equal(-11.52, checkout.GetProperty("trendPerDay").GetDouble());
        // cpu 0.24 + 0.16, memory 0.08 + 0.08, calls 0.60 + 0.20.
        var breakdown = checkout.GetProperty("breakdown");
        Assert.Equal(0.4, breakdown.GetProperty("cpu_cores").GetDouble());
        Assert.Equal(0.16, breakdown.GetProperty("memory_gb").GetDouble());
        Assert.Equal(0.8, breakdown.GetProperty("api_calls").GetDouble());
        var search = byService.GetProperty("items")[1];
        Assert.Equal(("search", 0.08), (search.GetProperty("name").GetString(), search.GetProperty("total").GetDouble()));

        // By team and cost center: the labels attribute the cost.
        var byTeam = await Get(http, "/api/v1/costs/summary?by=team&window=24h");
        Assert.Equal([("payments", 1.36), ("search", 0.08)], byTeam.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("name").GetString(), i.GetProperty("total").GetDouble())));
        var byCenter = await Get(http, "/api/v1/costs/summary?by=cost_center&window=24h");
        var center = byCenter.GetProperty("items")[0];
        Assert.Equal(("cc-42", 1.44), (center.GetProperty("name").GetString(), center.GetProperty("total").GetDouble()));
        Assert.Equal(1.36, center.GetProperty("breakdown").GetProperty("checkout").GetDouble());

        // The payments team's budget of 1: month-end forecast = month to date + 0.68/h × hours left after this hour.
        var payments = byTeam.GetProperty("items")[0].GetProperty("budget");
        Assert.True(payments.GetProperty("exceedsBudget").GetBoolean());
        Assert.Equal(1, payments.GetProperty("budget").GetDouble());
        if (h0.Month == nowHour.Month)
        {
            var nextMonth = new DateTimeOffset(nowHour.Year, nowHour.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
            var hoursLeft = (nextMonth - nowHour.AddHours(1)).TotalHours;
            Assert.Equal(1.36, payments.GetProperty("monthToDate").GetDouble());
            Assert.Equal(Math.Round(1.36 + (0.68 * hoursLeft), 6), payments.GetProperty("forecastMonthEnd").GetDouble(), 6);
        }

        // ... and the router has the predictive budget alert.
        var alert = await WaitForAlert(http, "CostBudgetForecastExceeded");
        Assert.Equal("predictive", alert.GetProperty("labels").GetProperty("kind").GetString());
        Assert.Equal("payments", alert.GetProperty("labels").GetProperty("team").GetString());
        Assert.Equal("1.00", alert.GetProperty("annotations").GetProperty("budget").GetString());

        var recommendations = await Get(http, "/api/v1/costs/recommendations");
        var items = recommendations.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetString()!);
        Assert.Equal(
            ["api_caching:checkout:api_calls", "rightsizing:checkout:cpu_cores", "commitment:checkout:cpu_cores", "commitment:checkout:memory_gb", "commitment:search:cpu_cores"],
            recommendations.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));

        // Caching: 60,000 of 200,000 calls repeat (30% ≥ 20%) at 100,000 calls/h ≥ 10,000. Monthly cost
        // 200,000 × 0.000004 / 2 h × 730 = 292; saving 30% = 87.6.
        var caching = items["api_caching:checkout:api_calls"];
        Assert.Equal(292, caching.GetProperty("currentMonthlyCost").GetDouble());
        Assert.Equal(87.6, caching.GetProperty("projectedMonthlySavings").GetDouble());

        // Rightsizing cpu: hourly used peaks 1.4 and 0.7 → p95 = 0.7 + 0.95 × 0.7 = 1.365; / 0.7 = 1.95 cores.
        // Provisioned now (latest hour) 4 → saving 2.05 × 0.04 × 730 = 59.86; current 4 × 0.04 × 730 = 116.8.
        // Peak 1.4 > 1.95 × 0.7 = 1.365 → medium risk; 2 of 336 hours seen → confidence 0.006; not automatic.
        var rightsizing = items["rightsizing:checkout:cpu_cores"];
        Assert.Equal(1.95, rightsizing.GetProperty("details").GetProperty("recommended").GetDouble());
        Assert.Equal(116.8, rightsizing.GetProperty("currentMonthlyCost").GetDouble());
        Assert.Equal(59.86, rightsizing.GetProperty("projectedMonthlySavings").GetDouble());
        Assert.Equal("medium", rightsizing.GetProperty("risk").GetString());
        Assert.Equal(0.006, rightsizing.GetProperty("confidence").GetDouble());
        Assert.False(rightsizing.GetProperty("autoApplicable").GetBoolean());

        // Commitment cpu: hourly usage 6 and 4. Level 4 costs 4 × 0.04 × 0.7 × 2 = 0.224 + overflow 2 × 0.04 = 0.304
        // against 0.40 on demand: saving 0.096 over 2 h → 35.04 per month (levels 5: 0.08, 6: 0.064 save less).
        // Break-even: upfront 4 × 0.028 × 730 × 12 = 981.12 over a monthly benefit of (0.40 − 0.08) / 2 × 730 = 116.8
        // → 8.4 months. Current on-demand 0.40 / 2 × 730 = 146.
        var commitment = items["commitment:checkout:cpu_cores"];
        Assert.Equal(35.04, commitment.GetProperty("projectedMonthlySavings").GetDouble());
        Assert.Equal(146, commitment.GetProperty("currentMonthlyCost").GetDouble());
        Assert.Equal(4, commitment.GetProperty("details").GetProperty("level").GetDouble());
        var windows = commitment.GetProperty("simulation").EnumerateArray().ToList();
        Assert.Equal([7, 30, 60], windows.Select(w => w.GetProperty("days").GetInt32()));
        Assert.All(windows, w => Assert.Equal(8.4, w.GetProperty("breakEvenMonths").GetDouble()));
        Assert.All(windows, w => Assert.Equal(0.304, w.GetProperty("committedCost").GetDouble()));
        // Memory: 16 GB both hours → level 16 saves 16 × 0.005 × 0.3 × 2 = 0.048 → 17.52 per month; search's 2 cores
        // for an hour save 2 × 0.04 × 0.3 = 0.024 → 17.52 per month.
        Assert.Equal(17.52, items["commitment:checkout:memory_gb"].GetProperty("projectedMonthlySavings").GetDouble());
        Assert.Equal(17.52, items["commitment:search:cpu_cores"].GetProperty("projectedMonthlySavings").GetDouble());
        // 87.6 + 59.86 + 35.04 + 17.52 + 17.52.
        Assert.Equal(217.54, recommendations.GetProperty("totalMonthlySavings").GetDouble());
    }

    [Fact]
    public async Task A_jump_in_egress_reaches_the_alert_router_as_a_cost_anomaly_naming_egress()
    {
        await using var silo = await CostSilo.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var h0 = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-80);
        object Sample(string metric, int hour, double value) => new
        {
            service = "e2e-shop",
            metric,
            labels = new Dictionary<string, string> { ["team"] = "e2e-web" },
            timestamp = h0.AddHours(hour).AddMinutes(10).ToUnixTimeMilliseconds(),
            value,
        };

        // 72 steady hours (4 cores, 10–13 GB a hour), then 100 GB in hour 72; hour 73's usage closes it.
        var samples = Enumerable.Range(0, 74)
            .SelectMany(h => new[] { Sample("cpu_cores", h, 4), Sample("egress_gb", h, h == 72 ? 100 : 10 + (h % 4)) })
            .ToArray();
        (await silo.Client.PostAsJsonAsync("/api/v1/samples", samples)).EnsureSuccessStatusCode();

        var alert = await WaitForAlert(silo.Client, "CostAnomaly", a => a.GetProperty("labels").GetProperty("service").GetString() == "e2e-shop");
        Assert.Equal("egress_gb", alert.GetProperty("annotations").GetProperty("moved").GetString());
        Assert.Equal("anomaly", alert.GetProperty("labels").GetProperty("kind").GetString());
        Assert.Equal(h0.AddHours(72), alert.GetProperty("startsAt").GetDateTimeOffset());
        var team = await WaitForAlert(silo.Client, "CostAnomaly", a => a.GetProperty("labels").GetProperty("service").GetString() == "team/e2e-web");
        Assert.Equal("e2e-shop", team.GetProperty("annotations").GetProperty("moved").GetString());

        // The summary lists it: 0.16 + 9.00 = 9.16, egress up 9.00 − 1.035 (11.5 GB on average over the day before).
        var shop = (await Get(silo.Client, "/api/v1/costs/summary?by=service&window=7d")).GetProperty("items")[0];
        var anomaly = shop.GetProperty("anomalies").EnumerateArray().Single();
        Assert.Equal((9.16, "egress_gb", 7.965), (anomaly.GetProperty("cost").GetDouble(), anomaly.GetProperty("moved").GetString(), anomaly.GetProperty("movedBy").GetDouble()));
    }

    [Fact]
    public async Task Summary_rejects_an_unknown_dimension_with_a_problem_naming_the_field()
    {
        await using var silo = await CostSilo.StartAsync();
        var response = await silo.Client.GetAsync(new Uri("/api/v1/costs/summary?by=region", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"by\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> Get(HttpClient http, string path)
    {
        var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>())!;
    }

    private static async Task<JsonElement> WaitForAlert(HttpClient http, string name, Func<JsonElement, bool>? match = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            foreach (var view in (await Get(http, "/api/v1/alerts")).EnumerateArray())
            {
                var alert = view.GetProperty("alert");
                if (alert.GetProperty("name").GetString() == name && (match is null || match(alert)))
                {
                    return alert;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"no {name} alert within 10 s");
            await Task.Delay(50);
        }
    }
}
