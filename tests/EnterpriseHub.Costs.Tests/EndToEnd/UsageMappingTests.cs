using System.Net.Http.Json;
using System.Text.Json;

namespace EnterpriseHub.Costs.Tests.EndToEnd;

/// <summary>Usage derived from resource metrics agents already send, by the price file's mappings.</summary>
public sealed class UsageMappingTests
{
    [Fact]
    public async Task Container_memory_bytes_and_a_request_counter_are_priced_through_their_mappings()
    {
        var prices = Path.Combine(Path.GetTempPath(), $"ehub-prices-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(prices, """
            mappings:
              - { source: container_memory_working_set_bytes, metric: memory_gb, factor: 9.313225746154785e-10 }
              - { source: http_requests_billed_total, metric: api_calls, aggregation: counter }
            """);
        try
        {
            await using var silo = await CostSilo.StartAsync(("Costs:PriceFile", prices));
            var now = DateTimeOffset.UtcNow;
            var h0 = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-3);
            object Sample(string metric, string container, int minute, double value) => new
            {
                service = "mapped-api",
                metric,
                labels = new Dictionary<string, string> { ["container"] = container, ["team"] = "platform" },
                timestamp = h0.AddMinutes(minute).ToUnixTimeMilliseconds(),
                value,
            };

            const double GiB = 1L << 30;
            object[] samples =
            [
                // Two containers hold 2 GiB and 6 GiB: 8 GB-hours × 0.005 = 0.04.
                Sample("container_memory_working_set_bytes", "a", 0, 2 * GiB), Sample("container_memory_working_set_bytes", "a", 30, 2 * GiB),
                Sample("container_memory_working_set_bytes", "b", 15, 6 * GiB),
                // Request counters: a 100 → 2,100 and b 500 → 1,500, so 3,000 calls × 0.000004 = 0.012.
                Sample("http_requests_billed_total", "a", 0, 100), Sample("http_requests_billed_total", "a", 30, 2_100),
                Sample("http_requests_billed_total", "b", 10, 500), Sample("http_requests_billed_total", "b", 40, 1_500),
            ];
            (await silo.Client.PostAsJsonAsync("/api/v1/samples", samples)).EnsureSuccessStatusCode();

            var summary = (await silo.Client.GetFromJsonAsync<JsonElement>("/api/v1/costs/summary?by=service&window=24h"))!;
            var service = summary.GetProperty("items").EnumerateArray().Single();
            Assert.Equal(("mapped-api", 0.052), (service.GetProperty("name").GetString(), service.GetProperty("total").GetDouble()));
            Assert.Equal(0.04, service.GetProperty("breakdown").GetProperty("memory_gb").GetDouble());
            Assert.Equal(0.012, service.GetProperty("breakdown").GetProperty("api_calls").GetDouble());
            var team = (await silo.Client.GetFromJsonAsync<JsonElement>("/api/v1/costs/summary?by=team&window=24h"))!.GetProperty("items").EnumerateArray().Single();
            Assert.Equal(("platform", 0.052), (team.GetProperty("name").GetString(), team.GetProperty("total").GetDouble()));
        }
        finally
        {
            File.Delete(prices);
        }
    }
}
