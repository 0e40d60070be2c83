using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EnterpriseHub.Abstractions.Ingestion;
using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Ingestion.Tests.Encoders;
using EnterpriseHub.Silo.Security;
using Microsoft.Extensions.DependencyInjection;
using static EnterpriseHub.Ingestion.Tests.Encoders.RemoteWriteEncoder;

namespace EnterpriseHub.Ingestion.Tests.Endpoints;

public class IngestionEndpointTests
{
    private static ByteArrayContent RemoteWriteContent(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("snappy");
        content.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
        return content;
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task Remote_write_answers_204_after_the_sink_has_the_samples()
    {
        var sink = new RecordingSink();
        await using var host = await IngestionTestHost.StartAsync(sink);

        var response = await host.Client().PostAsync("/api/v1/write", RemoteWriteContent(Body(
            Series("up", "node", (1, 1000), (0, 2000)), Series("up", "db", (1, 1000)))));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var batch = Assert.Single(sink.Batches);
        Assert.Equal(["node:up{}", "db:up{}"], batch.Select(s => s.Series.Id));
        Assert.Equal([new Sample(1000, 1), new Sample(2000, 0)], batch[0].Samples);
    }

    [Fact]
    public async Task Remote_write_names_the_bad_series_in_a_400_problem()
    {
        var sink = new RecordingSink();
        await using var host = await IngestionTestHost.StartAsync(sink);

        var response = await host.Client().PostAsync("/api/v1/write", RemoteWriteContent(Body(new TestSeries([("job", "node")], [(1, 1000)]))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Problem(response);
        Assert.Equal("urn:ehub:problem:ingest:invalid", problem.GetProperty("type").GetString());
        Assert.Equal("Invalid samples", problem.GetProperty("title").GetString());
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal("timeseries 0 {job=\"node\"} has no __name__ label.", problem.GetProperty("detail").GetString());
        Assert.Equal("__name__", problem.GetProperty("field").GetString());
        Assert.Equal("{job=\"node\"}", problem.GetProperty("series").GetString());
        Assert.Empty(sink.Batches);
    }

    [Fact]
    public async Task Remote_write_refuses_corrupt_snappy_with_400()
    {
        await using var host = await IngestionTestHost.StartAsync(new RecordingSink());

        var response = await host.Client().PostAsync("/api/v1/write", RemoteWriteContent([0x0A, 0xFF, 0x01]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("body", (await Problem(response)).GetProperty("field").GetString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_the_limit_gets_413_naming_the_limit(bool chunked)
    {
        var sink = new RecordingSink();
        await using var host = await IngestionTestHost.StartAsync(sink, ("Ingestion:MaxBodyBytes", "64"));
        var body = Body(Enumerable.Range(0, 20).Select(i => Series("metric_" + i, "node", (i, 1000))).ToArray());
        HttpContent content = chunked ? new StreamContent(new MemoryStream(body)) : RemoteWriteContent(body);
        if (chunked)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/write") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;
        var response = await host.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await Problem(response);
        Assert.Equal("Ingestion:MaxBodyBytes", problem.GetProperty("limit").GetString());
        Assert.Equal(64, problem.GetProperty("limitValue").GetInt64());
        Assert.Equal("The request body is larger than 64 bytes (Ingestion:MaxBodyBytes).", problem.GetProperty("detail").GetString());
        Assert.Empty(sink.Batches);
    }

    [Fact]
    public async Task Back_pressure_is_429_with_retry_after_in_whole_seconds()
    {
        var sink = new RecordingSink { Respond = _ => throw new IngestOverloadedException(TimeSpan.FromSeconds(2.5)) };
        await using var host = await IngestionTestHost.StartAsync(sink);

        var response = await host.Client().PostAsync("/api/v1/write", RemoteWriteContent(Body(Series("up", "node", (1, 1000)))));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
        Assert.Equal("Ingestion is saturated; retry after 3 s.", (await Problem(response)).GetProperty("detail").GetString());
        Assert.Equal(1, host.Services.GetRequiredService<IngestionStatistics>().Requests(IngestProtocol.RemoteWrite, IngestRequestResult.Overloaded));
        Assert.Equal(1, host.Services.GetRequiredService<IngestionStatistics>().Samples(IngestProtocol.RemoteWrite, 5));
    }

    [Fact]
    public async Task A_limit_of_the_sink_is_a_400_naming_its_field()
    {
        var sink = new RecordingSink { Respond = _ => throw new IngestRejectedException("series", "Service 'node' already has 10000 series (Ingestion:MaxSeriesPerService).") };
        await using var host = await IngestionTestHost.StartAsync(sink);

        var response = await host.Client().PostAsync("/api/v1/write", RemoteWriteContent(Body(Series("up", "node", (1, 1000)))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Problem(response);
        Assert.Equal("series", problem.GetProperty("field").GetString());
        Assert.Equal("Service 'node' already has 10000 series (Ingestion:MaxSeriesPerService).", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Remote_write_2_0_gets_415_so_the_sender_falls_back_to_1_0()
    {
        await using var host = await IngestionTestHost.StartAsync(new RecordingSink());
        var content = RemoteWriteContent(Body(Series("up", "node", (1, 1000))));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-protobuf;proto=io.prometheus.write.v2.Request");

        var response = await host.Client().PostAsync("/api/v1/write", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("Protobuf message 'io.prometheus.write.v2.Request' is not supported; this endpoint reads remote_write 1.0 (prometheus.WriteRequest).",
            (await Problem(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Without_a_sink_nothing_is_acknowledged()
    {
        await using var host = await IngestionTestHost.StartAsync(sink: null);

        var response = await host.Client().PostAsync("/api/v1/write", RemoteWriteContent(Body(Series("up", "node", (1, 1000)))));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Otlp_protobuf_gets_an_empty_protobuf_response()
    {
        var sink = new RecordingSink();
        await using var host = await IngestionTestHost.StartAsync(sink);
        var content = new ByteArrayContent(OtlpFixtures.CollectorProtobuf());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");

        var response = await host.Client().PostAsync("/v1/metrics", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        // The gauge, the counter, the histogram's count and sum: its first cumulative point gives no quantiles.
        Assert.Equal(4, Assert.Single(sink.Batches).Count);
    }

    [Fact]
    public async Task Otlp_json_compressed_with_gzip_as_the_collector_sends_it_gets_a_json_response()
    {
        var sink = new RecordingSink();
        await using var host = await IngestionTestHost.StartAsync(sink);
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(OtlpFixtures.CollectorJson));
        }

        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");

        var response = await host.Client().PostAsync("/v1/metrics", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        Assert.Equal(4, Assert.Single(sink.Batches).Count);
    }

    [Fact]
    public async Task Otlp_reports_rejected_points_as_partial_success()
    {
        await using var host = await IngestionTestHost.StartAsync(new RecordingSink());
        const string json = """
            {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},
              "scopeMetrics":[{"metrics":[{"name":"m","gauge":{"dataPoints":[
                {"timeUnixNano":"1700000000000000000","asDouble":1},{"timeUnixNano":"1700000000000000000","asDouble":"NaN"}]}}]}]}]}
            """;

        var response = await host.Client().PostAsync("/v1/metrics", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"partialSuccess\":{\"rejectedDataPoints\":\"1\",\"errorMessage\":\"metric \\u0027m\\u0027: a data point has a value that is not a finite number of magnitude at most 1e100\"}}",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ndjson_samples_get_the_sink_outcome_and_the_skip_count()
    {
        var sink = new RecordingSink { Respond = batch => new IngestOutcome(batch.Count, 1, 1, 1) };
        await using var host = await IngestionTestHost.StartAsync(sink);
        const string body = """
            {"service":"api","metric":"up","timestamp":"2024-05-01T12:00:00Z","value":1}
            {"service":"api","metric":"up","timestamp":1714564800000,"value":1}
            {"service":"api","metric":"up","timestamp":1714564700000,"value":0}
            """;

        var response = await host.Client().PostAsync("/api/v1/samples", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"series\":1,\"accepted\":1,\"outOfOrder\":1,\"duplicates\":1,\"skipped\":0}", await response.Content.ReadAsStringAsync());
        Assert.Equal([new Sample(1714564700000, 0), new Sample(1714564800000, 1), new Sample(1714564800000, 1)], Assert.Single(Assert.Single(sink.Batches)).Samples);
    }

    [Fact]
    public async Task A_bad_ndjson_line_is_a_400_naming_line_and_field()
    {
        await using var host = await IngestionTestHost.StartAsync(new RecordingSink());
        const string body = "{\"service\":\"api\",\"metric\":\"up\",\"timestamp\":1000,\"value\":1}\n{\"service\":\"api\",\"metric\":\"up\",\"timestamp\":1000,\"value\":null}\n";

        var response = await host.Client().PostAsync("/api/v1/samples", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Problem(response);
        Assert.Equal("line 2: field 'value' must be a finite number of magnitude at most 1e100.", problem.GetProperty("detail").GetString());
        Assert.Equal("value", problem.GetProperty("field").GetString());
        Assert.Equal(2, problem.GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task Samples_in_an_unsupported_content_type_get_415()
    {
        await using var host = await IngestionTestHost.StartAsync(new RecordingSink());

        var response = await host.Client().PostAsync("/api/v1/samples", new StringContent("up 1", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task With_keys_required_on_loopback_ingestion_needs_an_ingest_key()
    {
        var sink = new RecordingSink();
        await using var host = await IngestionTestHost.StartAsync(sink, ("Security:RequireKeyOnLoopback", "true"));
        var body = Body(Series("up", "node", (1, 1000)));

        var anonymous = await host.Client().PostAsync("/api/v1/write", RemoteWriteContent(body));
        var viewer = await host.Client(host.CreateKey(ApiKeyRole.Viewer)).PostAsync("/api/v1/write", RemoteWriteContent(body));
        var ingest = await host.Client(host.CreateKey(ApiKeyRole.Ingest)).PostAsync("/api/v1/write", RemoteWriteContent(body));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, ingest.StatusCode);
        Assert.Single(sink.Batches);
    }

    [Fact]
    public async Task Counts_accepted_and_skipped_samples_per_protocol()
    {
        var sink = new RecordingSink();
        await using var host = await IngestionTestHost.StartAsync(sink);
        var stale = BitConverter.UInt64BitsToDouble(EnterpriseHub.Ingestion.RemoteWrite.RemoteWriteDecoder.StaleNaNBits);

        await host.Client().PostAsync("/api/v1/write", RemoteWriteContent(Body(Series("up", "node", (1, 1000), (stale, 2000)))));
        await host.Client().PostAsync("/api/v1/write", RemoteWriteContent([1, 2, 3]));

        var statistics = host.Services.GetRequiredService<IngestionStatistics>();
        Assert.Equal(1, statistics.Requests(IngestProtocol.RemoteWrite, IngestRequestResult.Accepted));
        Assert.Equal(1, statistics.Requests(IngestProtocol.RemoteWrite, IngestRequestResult.Invalid));
        Assert.Equal(1, statistics.Samples(IngestProtocol.RemoteWrite, 0));
        Assert.Equal(1, statistics.Samples(IngestProtocol.RemoteWrite, 3));
    }
}
