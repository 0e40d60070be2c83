using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Ingestion.RemoteWrite;
using EnterpriseHub.Ingestion.Tests.Encoders;
using static EnterpriseHub.Ingestion.Tests.Encoders.RemoteWriteEncoder;

namespace EnterpriseHub.Ingestion.Tests;

public class RemoteWriteDecoderTests
{
    private static readonly double StaleNaN = BitConverter.UInt64BitsToDouble(RemoteWriteDecoder.StaleNaNBits);

    private static RemoteWriteDecoder Decoder(IngestionOptions? options = null) =>
        new(options ?? new IngestionOptions(), new SeriesIdentityCache(1000));

    [Fact]
    public void Decodes_several_series_with_many_samples_in_order()
    {
        var many = Enumerable.Range(0, 500).Select(i => ((double)i * 0.5, 1_700_000_000_000L + (i * 15_000L))).ToArray();
        var body = Body(
            Series("node_cpu_seconds_total", "node", many),
            new TestSeries([("__name__", "up"), ("job", "node"), ("instance", "10.0.0.1:9100")], [(1, 1_700_000_000_000)]),
            new TestSeries([("__name__", "http_requests_total"), ("job", "api"), ("method", "GET"), ("code", "200")], [(42, 1_700_000_000_500), (43, 1_700_000_015_500)]));

        var batch = Decoder().Decode(body);

        Assert.Equal(503, batch.Samples);
        Assert.Equal(0, batch.Skipped);
        Assert.Equal(["node:node_cpu_seconds_total{}", "node:up{instance=\"10.0.0.1:9100\"}", "api:http_requests_total{code=\"200\",method=\"GET\"}"],
            batch.Series.Select(s => s.Series.Id));
        Assert.Equal(many.Select(s => new Sample(s.Item2, s.Item1)), batch.Series[0].Samples);
        Assert.Equal([new Sample(1_700_000_000_500, 42), new Sample(1_700_000_015_500, 43)], batch.Series[2].Samples);
    }

    [Fact]
    public void Takes_the_service_from_job_when_there_is_no_service_label()
    {
        var batch = Decoder().Decode(Body(new TestSeries([("__name__", "up"), ("job", "node"), ("instance", "a:9100")], [(1, 1000)])));

        var key = batch.Series.Single().Series;
        Assert.Equal("node", key.Service);
        Assert.Equal("up", key.Metric);
        Assert.Equal([new Label("instance", "a:9100")], key.Labels);
    }

    [Fact]
    public void Takes_the_service_from_the_service_label_and_keeps_job_as_a_label()
    {
        var batch = Decoder().Decode(Body(new TestSeries(
            [("__name__", "http_requests_total"), ("job", "kubernetes-pods"), ("service", "checkout"), ("method", "GET")], [(7, 1000)])));

        Assert.Equal("checkout:http_requests_total{job=\"kubernetes-pods\",method=\"GET\"}", batch.Series.Single().Series.Id);
    }

    [Fact]
    public void Keeps_unicode_and_characters_that_need_escaping_exactly()
    {
        const string value = "say \"hi\"\n\\ ünïcødé 日本 🚀";
        var batch = Decoder().Decode(Body(new TestSeries([("__name__", "build_info"), ("job", "ci"), ("note", value)], [(1, 1000)])));

        var key = batch.Series.Single().Series;
        Assert.Equal(value, key.Label("note"));
        Assert.Equal("ci:build_info{note=\"say \\\"hi\\\"\\n\\\\ ünïcødé 日本 🚀\"}", key.Id);
        Assert.Equal(key, SeriesKey.Parse(key.Id));
    }

    [Fact]
    public void Drops_labels_with_an_empty_value_as_Prometheus_does()
    {
        var batch = Decoder().Decode(Body(new TestSeries([("__name__", "up"), ("job", "node"), ("zone", "")], [(1, 1000)])));

        Assert.Equal("node:up{}", batch.Series.Single().Series.Id);
    }

    [Fact]
    public void Names_the_series_that_has_no_metric_name()
    {
        var body = Body(Series("up", "node", (1, 1000)), new TestSeries([("job", "node"), ("instance", "a")], [(1, 1000)]));

        var error = Assert.Throws<IngestValidationException>(() => Decoder().Decode(body));

        Assert.Equal("__name__", error.Field);
        Assert.Equal("{job=\"node\", instance=\"a\"}", error.Series);
        Assert.Equal("timeseries 1 {job=\"node\", instance=\"a\"} has no __name__ label.", error.Message);
    }

    [Fact]
    public void Names_the_series_that_has_neither_service_nor_job()
    {
        var error = Assert.Throws<IngestValidationException>(() =>
            Decoder().Decode(Body(new TestSeries([("__name__", "up"), ("instance", "a")], [(1, 1000)]))));

        Assert.Equal("service", error.Field);
        Assert.Equal("timeseries 0 up{instance=\"a\"} has neither a 'service' nor a 'job' label, so it names no service.", error.Message);
    }

    [Fact]
    public void Refuses_more_labels_than_the_limit_naming_the_series()
    {
        var options = new IngestionOptions { MaxLabelsPerSeries = 2 };
        var error = Assert.Throws<IngestValidationException>(() => Decoder(options).Decode(Body(
            new TestSeries([("__name__", "up"), ("job", "node"), ("a", "1"), ("b", "2"), ("c", "3")], [(1, 1000)]))));

        Assert.Equal("labels", error.Field);
        Assert.Equal("timeseries 0: series up{job=\"node\", a=\"1\", b=\"2\", c=\"3\"} has 3 labels; the limit is 2 (Ingestion:MaxLabelsPerSeries).", error.Message);
    }

    [Fact]
    public void Refuses_a_label_value_over_the_length_limit_naming_the_label()
    {
        var options = new IngestionOptions { MaxLabelValueLength = 8 };
        var error = Assert.Throws<IngestValidationException>(() => Decoder(options).Decode(Body(
            new TestSeries([("__name__", "up"), ("job", "node"), ("path", "/a/very/long/path")], [(1, 1000)]))));

        Assert.Equal("labels.path", error.Field);
        Assert.Equal("timeseries 0: series up{job=\"node\", path=\"/a/very/long/path\"}: label 'path' has a value of 17 characters; the limit is 8 (Ingestion:MaxLabelValueLength).", error.Message);
    }

    [Fact]
    public void Refuses_a_label_name_over_the_length_limit()
    {
        var options = new IngestionOptions { MaxLabelNameLength = 4 };
        var error = Assert.Throws<IngestValidationException>(() => Decoder(options).Decode(Body(
            new TestSeries([("__name__", "up"), ("job", "node"), ("region", "eu")], [(1, 1000)]))));

        Assert.Equal("labels", error.Field);
        Assert.Equal("timeseries 0: series up{job=\"node\", region=\"eu\"} has a label name of 6 characters ('region'); the limit is 4 (Ingestion:MaxLabelNameLength).", error.Message);
    }

    [Fact]
    public void Refuses_an_invalid_label_name()
    {
        var error = Assert.Throws<IngestValidationException>(() => Decoder().Decode(Body(
            new TestSeries([("__name__", "up"), ("job", "node"), ("bad-name", "x")], [(1, 1000)]))));

        Assert.Equal("labels.bad-name", error.Field);
        Assert.Equal("timeseries 0: series up{job=\"node\", bad-name=\"x\"} has label name 'bad-name', which must match [a-zA-Z_][a-zA-Z0-9_]*.", error.Message);
    }

    [Fact]
    public void Refuses_an_invalid_metric_name()
    {
        var error = Assert.Throws<IngestValidationException>(() => Decoder().Decode(Body(Series("http-requests", "api", (1, 1000)))));

        Assert.Equal("metric", error.Field);
        Assert.Equal("timeseries 0: metric name 'http-requests' must match [a-zA-Z_:][a-zA-Z0-9_:]*.", error.Message);
    }

    [Fact]
    public void Skips_and_counts_stale_markers_and_other_non_finite_or_out_of_range_values()
    {
        var batch = Decoder().Decode(Body(Series("up", "node",
            (1, 1000), (StaleNaN, 2000), (double.NaN, 3000), (double.PositiveInfinity, 4000), (5, 5000), (1.01e100, 6000),
            (-double.MaxValue, 7000), (-1e100, 8000))));

        Assert.Equal([new Sample(1000, 1), new Sample(5000, 5), new Sample(8000, -1e100)], batch.Series.Single().Samples);
        Assert.Equal(3, batch.Samples);
        Assert.Equal(1, batch.SkippedStale);
        Assert.Equal(4, batch.SkippedNonFinite);
    }

    [Fact]
    public void A_series_whose_samples_are_all_stale_is_not_sent_on()
    {
        var batch = Decoder().Decode(Body(Series("up", "node", (StaleNaN, 2000))));

        Assert.Empty(batch.Series);
        Assert.Equal(1, batch.SkippedStale);
    }

    [Fact]
    public void Orders_samples_of_a_series_by_timestamp_keeping_duplicates_in_arrival_order()
    {
        var batch = Decoder().Decode(Body(Series("up", "node", (3, 3000), (1, 1000), (2, 2000), (9, 1000))));

        Assert.Equal([new Sample(1000, 1), new Sample(1000, 9), new Sample(2000, 2), new Sample(3000, 3)], batch.Series.Single().Samples);
    }

    [Fact]
    public void Merges_entries_of_the_same_series_even_with_labels_in_another_order()
    {
        var batch = Decoder().Decode(Body(
            new TestSeries([("__name__", "up"), ("job", "node"), ("zone", "a")], [(1, 1000)]),
            new TestSeries([("zone", "a"), ("job", "node"), ("__name__", "up")], [(2, 2000)])));

        var series = Assert.Single(batch.Series);
        Assert.Equal([new Sample(1000, 1), new Sample(2000, 2)], series.Samples);
    }

    [Fact]
    public void Reuses_the_cached_series_key_for_a_known_label_set()
    {
        var cache = new SeriesIdentityCache(1000);
        var decoder = new RemoteWriteDecoder(new IngestionOptions(), cache);
        var body = Body(Series("up", "node", (1, 1000)), Series("up", "db", (1, 1000)));

        var first = decoder.Decode(body);
        var second = decoder.Decode(body);

        Assert.Equal(2, cache.Count);
        Assert.Same(first.Series[0].Series, second.Series[0].Series);
        Assert.Same(first.Series[1].Series, second.Series[1].Series);
    }

    [Fact]
    public void Ignores_metadata_exemplars_and_native_histograms()
    {
        var series = TimeSeries(Series("up", "node", (1, 1000)))
            .Message(3, exemplar => exemplar.Double(2, 0.5).Varint(3, 1000))
            .Message(4, histogram => histogram.Varint(1, 3).Double(3, 1.5));
        var request = new ProtoBuilder()
            .Message(3, metadata => metadata.Varint(1, 1).String(2, "up").String(4, "help"))
            .Message(1, series);

        var batch = Decoder().Decode(TestSnappy.Compress(request.ToArray()));

        Assert.Equal([new Sample(1000, 1)], batch.Series.Single().Samples);
    }

    [Fact]
    public void Reads_a_body_compressed_by_an_independent_snappy_implementation()
    {
        var batch = Decoder().Decode(IronSnappy.Snappy.Encode(WriteRequest(Series("up", "node", (1, 1000), (0, 2000)))));

        Assert.Equal([new Sample(1000, 1), new Sample(2000, 0)], batch.Series.Single().Samples);
    }

    [Fact]
    public void Refuses_a_corrupt_snappy_block()
    {
        var body = Body(Series("up", "node", (1, 1000)));
        body[1] = 0xFF; // the first element becomes a copy with a 4-byte offset far before the output

        var error = Assert.Throws<IngestValidationException>(() => Decoder().Decode(body));

        Assert.Equal("body", error.Field);
        Assert.StartsWith("The body is not a valid snappy block (corrupt snappy block: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_body_that_is_not_snappy_at_all()
    {
        var error = Assert.Throws<IngestValidationException>(() => Decoder().Decode([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]));

        Assert.Equal("The body is not a snappy block (corrupt snappy block: length preamble longer than 5 bytes); remote_write bodies are snappy block-compressed WriteRequest messages.", error.Message);
    }

    [Fact]
    public void Refuses_a_truncated_protobuf_message()
    {
        var request = WriteRequest(Series("up", "node", (1, 1000)), Series("up", "db", (1, 1000)));

        var error = Assert.Throws<IngestValidationException>(() => Decoder().Decode(TestSnappy.Compress(request.AsSpan(0, request.Length - 5))));

        Assert.Equal("body", error.Field);
        // Series 0 takes bytes 0–44 (tag, length 43, message); series 1 declares 41 bytes from byte 47, 36 remain.
        Assert.Equal(88, request.Length);
        Assert.Equal("The body is not a valid remote_write WriteRequest: timeseries 1: length 41 at byte 47 runs past the end of the message.", error.Message);
    }

    [Fact]
    public void Refuses_a_body_that_uncompresses_beyond_the_limit()
    {
        var options = new IngestionOptions { MaxBodyBytes = 16, MaxUncompressedBytes = 32 };
        var body = Body(Series("a_metric_with_a_long_name", "node", (1, 1000)));

        var error = Assert.Throws<IngestTooLargeException>(() => Decoder(options).Decode(body));

        Assert.Equal("Ingestion:MaxUncompressedBytes", error.Limit);
    }

    [Fact]
    public void Refuses_more_samples_than_the_request_limit()
    {
        var options = new IngestionOptions { MaxSamplesPerRequest = 3 };
        var body = Body(Series("up", "node", (1, 1000), (2, 2000)), Series("up", "db", (1, 1000), (StaleNaN, 2000)));

        var error = Assert.Throws<IngestTooLargeException>(() => Decoder(options).Decode(body));

        Assert.Equal("Ingestion:MaxSamplesPerRequest", error.Limit);
        Assert.Equal("The request carries more than 3 samples (Ingestion:MaxSamplesPerRequest); split it into smaller requests.", error.Message);
    }
}
