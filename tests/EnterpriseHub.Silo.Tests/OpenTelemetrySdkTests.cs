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
        using var provider = ExportEverySecond(silo, meter, "shop");

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
        // Each rate is the orders between two exports over the time between them. The exports' timestamps are a
        // second apart to the millisecond, but this loop adds unevenly on a busy machine (one second 8 additions, the
        // next 19: rates of 160 and 380, logged at the grain), and the last export can follow the end of the orders,
        // so the rates are judged by their mean, and each must be a rate: as counts they would reach thousands.
        Assert.InRange(rates.Average(), 0.5 * perSecond, 1.5 * perSecond);
        Assert.All(rates, rate => Assert.InRange(rate, 0, 2 * perSecond));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_sdks_cumulative_histogram_gives_the_quantiles_of_each_export_interval(bool exponential)
    {
        using var data = new TempDirectory();
        await using var silo = await InProcessSilo.StartAsync(data.Path);
        using var meter = new Meter("EnterpriseHub.Tests.Checkout");
        var duration = meter.CreateHistogram<double>("checkout.duration", "ms");
        // Exponential: base-2 buckets whose scale the SDK lowers as the range widens, here when the slow checkouts come.
        using var provider = ExportEverySecond(silo, meter, "checkout", exponential
            ? b => b.AddView(duration.Name, new Base2ExponentialBucketHistogramConfiguration())
            : null);

        // Five seconds of 20 ms checkouts, then three of 600 ms: in the SDK's default buckets (10, 25] and (500, 750],
        // and within a few percent of each in the exponential ones.
        // Over the histogram's whole life the median stays in the fast bucket to the end, more fast checkouts than
        // slow ones having been seen; the interval's median moves to the slow bucket as soon as the slow ones come.
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(8))
        {
            duration.Record(clock.Elapsed < TimeSpan.FromSeconds(5) ? 20 : 600);
            await Task.Delay(20);
        }

        Assert.True(provider.ForceFlush(10_000));
        using var http = silo.Client();
        var page = await http.GetFromJsonAsync<JsonElement>("/api/v1/series?service=checkout&metric=checkout_duration_milliseconds&label=quantile=0.5");
        var median = Assert.Single(page.GetProperty("items").EnumerateArray());
        var view = await http.GetFromJsonAsync<JsonElement>("/api/v1/series/" + Uri.EscapeDataString(median.GetProperty("id").GetString()!) + "?points=100&forecast=0");
        var medians = view.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()).ToList();

        Assert.InRange(medians.Count, 5, 12);
        if (exponential)
        {
            Assert.InRange(medians[0], 19, 21);
            Assert.InRange(medians[^1], 570, 630);
        }
        else
        {
            Assert.InRange(medians[0], 10, 25);
            Assert.InRange(medians[^1], 500, 750);
        }
    }

    /// <summary>The SDK exporting <paramref name="meter"/> as <paramref name="service"/> to the silo's OTLP endpoint
    /// (HTTP/protobuf) once a second, with its default cumulative temporality; <paramref name="configure"/> adds views.</summary>
    private static MeterProvider ExportEverySecond(InProcessSilo silo, Meter meter, string service, Action<MeterProviderBuilder>? configure = null)
    {
        var builder = Sdk.CreateMeterProviderBuilder();
        configure?.Invoke(builder);
        return builder
            .AddMeter(meter.Name)
            .ConfigureResource(r => r.AddService(service))
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = new Uri(silo.Address, "v1/metrics");
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 1000;
            })
            .Build();
    }
}
