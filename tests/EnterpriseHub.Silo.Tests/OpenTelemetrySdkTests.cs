using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace EnterpriseHub.Silo.Tests;

/// <summary>The OpenTelemetry .NET SDK's own OTLP exporter (HTTP/protobuf) pointed at the silo.</summary>
public sealed class OpenTelemetrySdkTests
{
    [Fact]
    public async Task The_sdks_cumulative_counter_is_read_as_its_per_second_rate()
    {
        using var data = new TempDirectory();
        await using var silo = await InProcessSilo.StartAsync(data.Path);
        using var meter = new Meter("EnterpriseHub.Tests.Shop");
        var orders = meter.CreateCounter<long>("orders.placed", "{order}");
        using var provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meter.Name)
            .ConfigureResource(r => r.AddService("shop"))
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = new Uri(silo.Address, "v1/metrics");
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 1000;
            })
            .Build();

        // 20 orders every 50 ms (as often as the machine wakes the loop) for six seconds, exported once a second as
        // the SDK's default cumulative sum: orders_placed_total, which the silo reads as orders a second.
        var clock = Stopwatch.StartNew();
        long added = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(6))
        {
            orders.Add(20);
            added += 20;
            await Task.Delay(50);
        }

        var perSecond = added / clock.Elapsed.TotalSeconds;
        using var http = silo.Client();
        JsonElement series = default;
        var rates = new List<double>();
        for (var wait = DateTime.UtcNow.AddSeconds(20); rates.Count < 4 && DateTime.UtcNow < wait; await Task.Delay(250))
        {
            var page = await http.GetFromJsonAsync<JsonElement>("/api/v1/series?service=shop&metric=orders_placed_total");
            if (page.GetProperty("total").GetInt32() == 1)
            {
                series = page.GetProperty("items")[0];
                var view = await http.GetFromJsonAsync<JsonElement>("/api/v1/series/" + Uri.EscapeDataString(series.GetProperty("id").GetString()!) + "?points=100&forecast=0");
                rates = [.. view.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble())];
            }
        }

        Assert.True(rates.Count >= 4, $"{rates.Count} rates of orders_placed_total arrived");
        Assert.True(series.GetProperty("perSecond").GetBoolean());
        // Each rate is the orders between two exports over the time between them; the last export can fall after the
        // orders stopped, so the rates are judged by their median.
        rates.Sort();
        Assert.InRange(rates[rates.Count / 2], 0.7 * perSecond, 1.3 * perSecond);
    }
}
