using System.Text;
using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Ingestion.Otlp;
using EnterpriseHub.Ingestion.Tests.Encoders;
using static EnterpriseHub.Ingestion.Tests.Encoders.OtlpFixtures;

namespace EnterpriseHub.Ingestion.Tests;

public class OtlpDecoderTests
{
    private static readonly OtlpMetricsDecoder Decoder = new(new IngestionOptions());

    private static Dictionary<string, Sample[]> SeriesOf(OtlpDecodeResult result) =>
        result.Batch.Series.ToDictionary(s => s.Series.Id, s => s.Samples);

    private static void AssertCollectorFixture(OtlpDecodeResult first, OtlpDecodeResult aMinuteLater)
    {
        // The histogram is cumulative: its first point is the base of the next, and gives its count and sum only.
        var series = SeriesOf(first);
        Assert.Equal(
        [
            "checkout:system_memory_utilization_ratio{instance=\"pod-1\",state=\"used\"}",
            "checkout:http_server_requests_total{http_request_method=\"GET\",http_response_status_code=\"200\",instance=\"pod-1\"}",
            "checkout:http_server_request_duration_seconds_count{http_route=\"/cart\",instance=\"pod-1\"}",
            "checkout:http_server_request_duration_seconds_sum{http_route=\"/cart\",instance=\"pod-1\"}",
        ], series.Keys);
        Assert.Equal([new Sample(TimeMs, 0.42)], series["checkout:system_memory_utilization_ratio{instance=\"pod-1\",state=\"used\"}"]);
        Assert.Equal([new Sample(TimeMs, 1234)], series["checkout:http_server_requests_total{http_request_method=\"GET\",http_response_status_code=\"200\",instance=\"pod-1\"}"]);
        Assert.Equal([new Sample(TimeMs, 10)], series["checkout:http_server_request_duration_seconds_count{http_route=\"/cart\",instance=\"pod-1\"}"]);
        Assert.Equal([new Sample(TimeMs, 4.2)], series["checkout:http_server_request_duration_seconds_sum{http_route=\"/cart\",instance=\"pod-1\"}"]);
        Assert.Equal(0, first.RejectedDataPoints);

        // A minute later every count has doubled: the count and sum are running totals, the quantiles are the minute's.
        series = SeriesOf(aMinuteLater);
        Assert.Equal(7, series.Count);
        Assert.Equal([new Sample(TimeMs + 60_000, 20)], series["checkout:http_server_request_duration_seconds_count{http_route=\"/cart\",instance=\"pod-1\"}"]);

        // The minute's buckets (-,0.1] 2, (0.1,0.5] 5, (0.5,1] 2, (1,+Inf) 1; min 0.01, max 2.
        // p50: rank 5 lies in (0.1,0.5] after 2 → 0.1 + 0.4·3/5 = 0.34.
        // p90: rank 9 lies in (0.5,1] after 7 → 0.5 + 0.5·2/2 = 1.
        // p99: rank 9.9 lies in the overflow bucket after 9, which ends at max 2 → 1 + 1·0.9/1 = 1.9.
        AssertQuantile(series, "0.5", 0.34);
        AssertQuantile(series, "0.9", 1.0);
        AssertQuantile(series, "0.99", 1.9);
        Assert.Equal(0, aMinuteLater.RejectedDataPoints);
    }

    private static void AssertQuantile(Dictionary<string, Sample[]> series, string q, double expected)
    {
        var sample = Assert.Single(series[$"checkout:http_server_request_duration_seconds{{http_route=\"/cart\",instance=\"pod-1\",quantile=\"{q}\"}}"]);
        Assert.Equal(TimeMs + 60_000, sample.TimestampMs);
        Assert.Equal(expected, sample.Value, 12);
    }

    [Fact]
    public void Maps_the_collector_json_payload_to_exact_series()
    {
        var decoder = new OtlpMetricsDecoder(new IngestionOptions());
        AssertCollectorFixture(decoder.DecodeJson(Encoding.UTF8.GetBytes(CollectorJson)), decoder.DecodeJson(Encoding.UTF8.GetBytes(CollectorJsonAMinuteLater())));
    }

    [Fact]
    public void Maps_the_same_payload_in_protobuf_to_the_same_series()
    {
        var decoder = new OtlpMetricsDecoder(new IngestionOptions());
        AssertCollectorFixture(decoder.DecodeProtobuf(CollectorProtobuf()), decoder.DecodeProtobuf(CollectorProtobuf(minutesLater: 1)));
    }

    [Fact]
    public void Uses_the_overflow_bucket_lower_bound_when_no_max_is_sent()
    {
        var metric = new ProtoBuilder().String(1, "latency").String(3, "ms").Message(9, h => h
            .Message(1, p => p.Fixed64(3, TimeNanos).Fixed64(4, 10).PackedFixed64(6, 2, 5, 2, 1).PackedDouble(7, 100, 500, 1000)));

        var series = SeriesOf(Decoder.DecodeProtobuf(Request("api", metric)));

        // No min: the first bucket starts at 0; no max: the overflow bucket is its lower bound (as histogram_quantile).
        Assert.Equal(340, series["api:latency_milliseconds{quantile=\"0.5\"}"][0].Value, 9);
        Assert.Equal(1000, series["api:latency_milliseconds{quantile=\"0.99\"}"][0].Value, 9);
        Assert.False(series.ContainsKey("api:latency_milliseconds_sum{}"));
    }

    [Fact]
    public void A_cumulative_histograms_quantiles_are_those_of_the_interval_and_a_restart_starts_a_new_base()
    {
        var decoder = new OtlpMetricsDecoder(new IngestionOptions());
        const string P50 = "checkout:http_server_request_duration_seconds{http_route=\"/cart\",instance=\"pod-1\",quantile=\"0.5\"}";
        string Export(int minute, string counts, int count) => CollectorJson
            .Replace("\"timeUnixNano\": \"1700000000000000000\"", $"\"timeUnixNano\": \"{1_700_000_000_000_000_000UL + ((ulong)minute * 60_000_000_000)}\"", StringComparison.Ordinal)
            .Replace("\"count\": \"10\", \"sum\": 4.2, \"bucketCounts\": [\"2\", \"5\", \"2\", \"1\"]", $"\"count\": \"{count}\", \"sum\": 4.2, \"bucketCounts\": [{counts}]", StringComparison.Ordinal);
        Sample[]? Median(string json) => SeriesOf(decoder.DecodeJson(Encoding.UTF8.GetBytes(json))).GetValueOrDefault(P50);

        Assert.Null(Median(Export(0, "\"2\", \"5\", \"2\", \"1\"", 10)));
        // Minute 1 adds 10 requests in (min 0.01, 0.1]: their median is 0.01 + 0.09·5/10 = 0.055. Over the histogram's
        // whole life (12, 5, 2, 1) it would be 0.01 + 0.09·10/12 = 0.085, and it would move less every minute.
        Assert.Equal(0.055, Assert.Single(Median(Export(1, "\"12\", \"5\", \"2\", \"1\"", 20))!).Value, 12);
        // Minute 2 adds nothing: no median for it.
        Assert.Null(Median(Export(2, "\"12\", \"5\", \"2\", \"1\"", 20)));
        // The process restarted: its counts start again below the last ones, and are the base of the next minute.
        Assert.Null(Median(Export(3, "\"0\", \"3\", \"0\", \"0\"", 3)));
        // Minute 4 adds 4 requests in (0.5, 1]: their median is 0.5 + 0.5·2/4 = 0.75.
        Assert.Equal(0.75, Assert.Single(Median(Export(4, "\"0\", \"3\", \"4\", \"0\"", 7))!).Value, 12);
    }

    [Fact]
    public void Estimates_quantiles_of_an_exponential_histogram()
    {
        // Scale 0: base 2, bucket i holds (2^i, 2^(i+1)]. Offset 0, counts 1, 2, 1 → (1,2] 1, (2,4] 2, (4,8] 1.
        var metric = new ProtoBuilder().String(1, "payload.size").String(3, "By").Message(10, h => h
            .Message(1, p => p.Fixed64(3, TimeNanos).Fixed64(4, 4).Double(5, 14).SInt32(6, 0)
                .Message(8, b => b.SInt32(1, 0).PackedVarint(2, 1, 2, 1)))
            .Varint(2, 1));

        var series = SeriesOf(Decoder.DecodeProtobuf(Request("api", metric)));

        Assert.Equal([new Sample(TimeMs, 4)], series["api:payload_size_bytes_count{}"]);
        Assert.Equal([new Sample(TimeMs, 14)], series["api:payload_size_bytes_sum{}"]);
        Assert.Equal(3, series["api:payload_size_bytes{quantile=\"0.5\"}"][0].Value, 12);   // rank 2: 2 + 2·1/2
        Assert.Equal(6.4, series["api:payload_size_bytes{quantile=\"0.9\"}"][0].Value, 12); // rank 3.6: 4 + 4·0.6
        Assert.Equal(7.84, series["api:payload_size_bytes{quantile=\"0.99\"}"][0].Value, 12);
    }

    [Fact]
    public void A_cumulative_exponential_histograms_quantiles_are_those_of_the_interval_across_a_coarser_scale_and_a_restart()
    {
        var decoder = new OtlpMetricsDecoder(new IngestionOptions());
        Dictionary<string, Sample[]> Export(int minute, int scale, ulong[] positive, ulong[]? negative = null)
        {
            var metric = new ProtoBuilder().String(1, "payload.size").String(3, "By").Message(10, h => h
                .Message(1, p =>
                {
                    p.Fixed64(3, TimeNanos + ((ulong)minute * 60_000_000_000)).Fixed64(4, (ulong)(positive.Sum(c => (long)c) + (negative ?? []).Sum(c => (long)c)))
                        .SInt32(6, scale).Message(8, b => b.SInt32(1, 0).PackedVarint(2, positive));
                    if (negative is not null)
                    {
                        p.Message(9, b => b.SInt32(1, 0).PackedVarint(2, negative));
                    }
                })
                .Varint(2, 2));
            return SeriesOf(decoder.DecodeProtobuf(Request("api", metric)));
        }

        static double[]? Quantiles(Dictionary<string, Sample[]> series) => series.ContainsKey("api:payload_size_bytes{quantile=\"0.5\"}")
            ? [.. QuantileEstimator.HistogramQuantiles.Select(q => Assert.Single(series[$"api:payload_size_bytes{{quantile=\"{q:R}\"}}"]).Value)]
            : null;
        static void AssertQuantiles(double[] expected, double[]? actual)
        {
            Assert.NotNull(actual);
            Assert.Equal(expected.Length, actual.Length);
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.Equal(expected[i], actual[i], 12);
            }
        }

        // Scale 0: bucket i holds (2^i, 2^(i+1)]. The first point, (1,2] 1, (2,4] 2, (4,8] 1, is the base: its count only.
        var first = Export(0, 0, [1, 2, 1]);
        Assert.Null(Quantiles(first));
        Assert.Equal([new Sample(TimeMs, 4)], first["api:payload_size_bytes_count{}"]);

        // Minute 1 adds 4 values in (4,8]: median 4 + 4·2/4 = 6, p90 4 + 4·3.6/4 = 7.6, p99 4 + 4·3.96/4 = 7.96.
        AssertQuantiles([6, 7.6, 7.96], Quantiles(Export(1, 0, [1, 2, 5])));

        // Minute 2 comes at scale -1 (bucket j holds (4^j, 4^(j+1)]), as an SDK widens a cumulative histogram's range:
        // the last counts merge into (1,4] 3 and (4,16] 5, so the minute added (4,16] 4 and (16,64] 2. Median: rank 3 of
        // 6, 4 + 12·3/4 = 13; p90 rank 5.4, 16 + 48·1.4/2 = 49.6; p99 rank 5.94, 16 + 48·1.94/2 = 62.56.
        AssertQuantiles([13, 49.6, 62.56], Quantiles(Export(2, -1, [3, 9, 2])));

        // The process restarted: counts below the last ones are the base of the next minute.
        Assert.Null(Quantiles(Export(3, -1, [1])));
        // Minute 4 adds two values in (-4,-1]: median -4 + 3·1/2 = -2.5.
        Assert.Equal(-2.5, Quantiles(Export(4, -1, [1], negative: [2]))![0], 12);
        // A finer scale than the last cannot be compared with it: a base again.
        Assert.Null(Quantiles(Export(5, 0, [1, 1], negative: [2, 2])));
    }

    [Fact]
    public void A_cumulative_exponential_histogram_in_json_is_read_as_in_protobuf()
    {
        // The first two points of the test above in OTLP/JSON: a base, then the minute's 4 values in (4,8].
        var decoder = new OtlpMetricsDecoder(new IngestionOptions());
        string Export(int minute, string counts, int count) => $$$"""
            {"resourceMetrics": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "api"}}]},
              "scopeMetrics": [{"metrics": [{"name": "payload.size", "unit": "By", "exponentialHistogram": {
                "aggregationTemporality": "AGGREGATION_TEMPORALITY_CUMULATIVE",
                "dataPoints": [{"timeUnixNano": "{{{TimeNanos + ((ulong)minute * 60_000_000_000)}}}", "count": "{{{count}}}", "scale": 0,
                  "positive": {"offset": 0, "bucketCounts": [{{{counts}}}]}}]}}]}]}]}
            """;

        Assert.False(SeriesOf(decoder.DecodeJson(Encoding.UTF8.GetBytes(Export(0, "\"1\", \"2\", \"1\"", 4)))).ContainsKey("api:payload_size_bytes{quantile=\"0.5\"}"));
        var series = SeriesOf(decoder.DecodeJson(Encoding.UTF8.GetBytes(Export(1, "\"1\", \"2\", \"5\"", 8))));
        Assert.Equal(6, Assert.Single(series["api:payload_size_bytes{quantile=\"0.5\"}"]).Value, 12);
        Assert.Equal([new Sample(TimeMs + 60_000, 8)], series["api:payload_size_bytes_count{}"]);
    }

    [Fact]
    public void Maps_summaries_to_count_sum_and_the_quantiles_they_carry()
    {
        var metric = new ProtoBuilder().String(1, "rpc.duration").String(3, "s").Message(11, s => s
            .Message(1, p => p.Message(7, KeyValue("method", "Get")).Fixed64(3, TimeNanos).Fixed64(4, 100).Double(5, 12.5)
                .Message(6, q => q.Double(1, 0.5).Double(2, 0.1)).Message(6, q => q.Double(1, 0.99).Double(2, 0.8))));

        var series = SeriesOf(Decoder.DecodeProtobuf(Request("api", metric)));

        Assert.Equal(
        [
            "api:rpc_duration_seconds_count{method=\"Get\"}", "api:rpc_duration_seconds_sum{method=\"Get\"}",
            "api:rpc_duration_seconds{method=\"Get\",quantile=\"0.5\"}", "api:rpc_duration_seconds{method=\"Get\",quantile=\"0.99\"}",
        ], series.Keys);
        Assert.Equal(0.8, series["api:rpc_duration_seconds{method=\"Get\",quantile=\"0.99\"}"][0].Value);
    }

    [Fact]
    public void Delta_and_non_monotonic_sums_keep_their_name_without_total()
    {
        var delta = new ProtoBuilder().String(1, "jobs.done").Message(7, s => s.Message(1, p => p.Fixed64(3, TimeNanos).Fixed64(6, 3)).Varint(2, 1).Varint(3, 1));
        var upDown = new ProtoBuilder().String(1, "queue.depth").Message(7, s => s.Message(1, p => p.Fixed64(3, TimeNanos).Double(4, -2)).Varint(2, 2));

        var series = SeriesOf(Decoder.DecodeProtobuf(Request("worker", delta, upDown)));

        Assert.Equal(["worker:jobs_done{}", "worker:queue_depth{}"], series.Keys);
        Assert.Equal(-2, series["worker:queue_depth{}"][0].Value);
    }

    [Fact]
    public void Rejects_points_without_a_value_or_timestamp_and_skips_no_recorded_value_points()
    {
        var metric = new ProtoBuilder().String(1, "temp").Message(5, g => g
            .Message(1, p => p.Fixed64(3, TimeNanos).Double(4, 21.5))
            .Message(1, p => p.Fixed64(3, TimeNanos + 1_000_000))
            .Message(1, p => p.Double(4, 22))
            .Message(1, p => p.Fixed64(3, TimeNanos + 2_000_000).Double(4, double.NaN))
            .Message(1, p => p.Fixed64(3, TimeNanos + 3_000_000).Varint(8, 1)));

        var result = Decoder.DecodeProtobuf(Request("sensor", metric));

        Assert.Equal([new Sample(TimeMs, 21.5)], Assert.Single(result.Batch.Series).Samples);
        Assert.Equal(3, result.RejectedDataPoints);
        Assert.Equal("metric 'temp': a data point has neither asDouble nor asInt", result.ErrorMessage);
        Assert.Equal(1, result.Batch.SkippedStale);
        Assert.Equal(3, result.Batch.SkippedNonFinite);
    }

    [Fact]
    public void Rejects_gauge_points_beyond_the_range_the_engine_accepts()
    {
        var metric = new ProtoBuilder().String(1, "temp").Message(5, g => g
            .Message(1, p => p.Fixed64(3, TimeNanos).Double(4, 1e100))
            .Message(1, p => p.Fixed64(3, TimeNanos + 1_000_000).Double(4, -3e150)));

        var result = Decoder.DecodeProtobuf(Request("sensor", metric));

        Assert.Equal([new Sample(TimeMs, 1e100)], Assert.Single(result.Batch.Series).Samples);
        Assert.Equal(1, result.RejectedDataPoints);
        Assert.Equal("metric 'temp': a data point has a value that is not a finite number of magnitude at most 1e100", result.ErrorMessage);
        Assert.Equal(1, result.Batch.SkippedNonFinite);
    }

    [Fact]
    public void Rejects_a_cumulative_histograms_first_point_whose_counts_do_not_fit_its_bounds()
    {
        // Three counts for three bounds: the point is rejected as any other, not kept as the series' base.
        var metric = new ProtoBuilder().String(1, "latency").String(3, "ms").Message(9, h => h
            .Message(1, p => p.Fixed64(3, TimeNanos).Fixed64(4, 6).PackedFixed64(6, 1, 2, 3).PackedDouble(7, 10, 20, 30))
            .Varint(2, 2));

        var result = new OtlpMetricsDecoder(new IngestionOptions()).DecodeProtobuf(Request("api", metric));

        Assert.Empty(result.Batch.Series);
        Assert.Equal(1, result.RejectedDataPoints);
        Assert.Equal("metric 'latency': a data point has bucketCounts that do not fit its explicitBounds", result.ErrorMessage);
    }

    [Fact]
    public void Refuses_a_resource_without_service_name()
    {
        var metric = new ProtoBuilder().String(1, "temp").Message(5, g => g.Message(1, p => p.Fixed64(3, TimeNanos).Double(4, 1)));
        var request = new ProtoBuilder().Message(1, r => r.Message(1, new ProtoBuilder().Message(1, KeyValue("host.name", "a"))).Message(2, s => s.Message(2, metric)));

        var error = Assert.Throws<IngestValidationException>(() => Decoder.DecodeProtobuf(request.ToArray()));

        Assert.Equal("resource.attributes.service.name", error.Field);
        Assert.Equal("resourceMetrics 0: the resource has no 'service.name' attribute, so metric 'temp' names no service.", error.Message);
    }

    [Fact]
    public void Renders_non_string_attributes_as_Prometheus_does()
    {
        var json = """
            {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},
              "scopeMetrics":[{"metrics":[{"name":"m","gauge":{"dataPoints":[{"timeUnixNano":1700000000000000000,"asInt":5,
                "attributes":[{"key":"ok","value":{"boolValue":true}},{"key":"ratio","value":{"doubleValue":0.25}},
                              {"key":"tags","value":{"arrayValue":{"values":[{"stringValue":"a"},{"intValue":"2"}]}}},
                              {"key":"2xx","value":{"stringValue":"yes"}}]}]}}]}]}]}
            """;

        var key = Assert.Single(Decoder.DecodeJson(Encoding.UTF8.GetBytes(json)).Batch.Series).Series;

        Assert.Equal("api:m{key_2xx=\"yes\",ok=\"true\",ratio=\"0.25\",tags=\"[\\\"a\\\",\\\"2\\\"]\"}", key.Id);
    }

    [Fact]
    public void Names_the_json_path_of_a_malformed_field()
    {
        var json = """
            {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},
              "scopeMetrics":[{"metrics":[{"name":"m","gauge":{"dataPoints":[{"timeUnixNano":"soon","asDouble":1}]}}]}]}]}
            """;

        var error = Assert.Throws<IngestValidationException>(() => Decoder.DecodeJson(Encoding.UTF8.GetBytes(json)));

        Assert.Equal("resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0].timeUnixNano", error.Field);
        Assert.Equal("field 'resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0].timeUnixNano' must be a non-negative integer (a JSON number or a decimal string).", error.Message);
    }

    [Fact]
    public void Refuses_truncated_protobuf()
    {
        var body = CollectorProtobuf();

        var error = Assert.Throws<IngestValidationException>(() => Decoder.DecodeProtobuf(body.AsSpan(0, body.Length - 3)));

        Assert.Equal("body", error.Field);
        Assert.StartsWith("The body is not a valid OTLP ExportMetricsServiceRequest: resourceMetrics 0: length ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encodes_partial_success_in_protobuf_and_json()
    {
        Assert.Empty(OtlpExportResponse.Protobuf(0, null));
        Assert.Equal([0x0A, 0x05, 0x08, 0x03, 0x12, 0x01, (byte)'x'], OtlpExportResponse.Protobuf(3, "x"));
        Assert.Equal("{}", Encoding.UTF8.GetString(OtlpExportResponse.Json(0, null)));
        Assert.Equal("{\"partialSuccess\":{\"rejectedDataPoints\":\"3\",\"errorMessage\":\"x\"}}", Encoding.UTF8.GetString(OtlpExportResponse.Json(3, "x")));
    }

    [Theory]
    [InlineData("http.server.request.duration", "s", OtlpMetricKind.Histogram, false, 2, "http_server_request_duration_seconds")]
    [InlineData("process.runtime.dotnet.gc.heap.size", "By", OtlpMetricKind.Gauge, false, 0, "process_runtime_dotnet_gc_heap_size_bytes")]
    [InlineData("system.network.io", "By/s", OtlpMetricKind.Gauge, false, 0, "system_network_io_bytes_per_second")]
    [InlineData("system.cpu.utilization", "1", OtlpMetricKind.Gauge, false, 0, "system_cpu_utilization_ratio")]
    [InlineData("http.client.requests", "{request}", OtlpMetricKind.Sum, true, 2, "http_client_requests_total")]
    [InlineData("kafka.lag", "{message}/s", OtlpMetricKind.Gauge, false, 0, "kafka_lag_per_second")]
    [InlineData("latency_seconds", "s", OtlpMetricKind.Gauge, false, 0, "latency_seconds")]
    [InlineData("requests_total", "1", OtlpMetricKind.Sum, true, 2, "requests_total")]
    [InlineData("9lives..count", "", OtlpMetricKind.Gauge, false, 0, "_9lives_count")]
    [InlineData("disk.temp", "Cel", OtlpMetricKind.Gauge, false, 0, "disk_temp_celsius")]
    internal void Names_metrics_in_Prometheus_style(string name, string unit, OtlpMetricKind kind, bool monotonic, int temporality, string expected)
    {
        var metric = new OtlpMetric { Name = name, Unit = unit, Kind = kind, IsMonotonic = monotonic, Temporality = temporality };

        Assert.Equal(expected, PrometheusNaming.MetricName(metric));
    }
}
