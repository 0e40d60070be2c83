using System.Text;
using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Ingestion.Json;

namespace EnterpriseHub.Ingestion.Tests;

public class SampleJsonDecoderTests
{
    private static DecodedBatch Array(string json, IngestionOptions? options = null) =>
        new SampleJsonDecoder(options ?? new IngestionOptions()).Decode(Encoding.UTF8.GetBytes(json), ndjson: false);

    private static DecodedBatch Ndjson(string text) =>
        new SampleJsonDecoder(new IngestionOptions()).Decode(Encoding.UTF8.GetBytes(text), ndjson: true);

    [Fact]
    public void Reads_an_array_with_rfc3339_and_unix_millisecond_timestamps()
    {
        var batch = Array("""
            [
              {"service": "checkout", "metric": "latency_ms", "labels": {"region": "eu", "pod": "a"}, "timestamp": "2024-05-01T12:00:00.250Z", "value": 12.5},
              {"service": "checkout", "metric": "latency_ms", "labels": {"pod": "a", "region": "eu"}, "timestamp": 1714564815000, "value": 13},
              {"service": "billing", "metric": "queue_depth", "timestamp": "2024-05-01T14:00:00+02:00", "value": -1e3, "unknown": [1, {"x": 2}]}
            ]
            """);

        Assert.Equal(["checkout:latency_ms{pod=\"a\",region=\"eu\"}", "billing:queue_depth{}"], batch.Series.Select(s => s.Series.Id));
        Assert.Equal([new Sample(1714564800250, 12.5), new Sample(1714564815000, 13)], batch.Series[0].Samples);
        Assert.Equal([new Sample(1714564800000, -1000)], batch.Series[1].Samples);
    }

    [Fact]
    public void Reads_ndjson_skipping_blank_lines_and_carriage_returns()
    {
        var batch = Ndjson("{\"service\":\"api\",\"metric\":\"up\",\"timestamp\":1000,\"value\":1}\r\n\r\n{\"service\":\"api\",\"metric\":\"up\",\"timestamp\":2000,\"value\":0}\n");

        Assert.Equal([new Sample(1000, 1), new Sample(2000, 0)], Assert.Single(batch.Series).Samples);
    }

    [Fact]
    public void Reads_a_single_object_as_one_line_whatever_the_content_type()
    {
        var batch = Array("""{"service":"api","metric":"up","timestamp":1000,"value":1}""");

        Assert.Equal("api:up{}", Assert.Single(batch.Series).Series.Id);
    }

    [Theory]
    [InlineData("{\"service\":\"api\",\"metric\":\"up\",\"timestamp\":1000,\"value\":\"NaN\"}", "value", "line 3: field 'value' must be a finite number of magnitude at most 1e100.")]
    [InlineData("{\"service\":\"api\",\"metric\":\"up\",\"timestamp\":1000}", "value", "line 3: field 'value' must be a finite number of magnitude at most 1e100.")]
    [InlineData("{\"service\":\"api\",\"metric\":\"up\",\"timestamp\":1000,\"value\":-1.5e200}", "value", "line 3: field 'value' must be a finite number of magnitude at most 1e100.")]
    [InlineData("{\"metric\":\"up\",\"timestamp\":1000,\"value\":1}", "service", "line 3: field 'service' is required.")]
    [InlineData("{\"service\":\"api\",\"timestamp\":1000,\"value\":1}", "metric", "line 3: field 'metric' is required.")]
    [InlineData("{\"service\":\"api\",\"metric\":\"up\",\"value\":1}", "timestamp", "line 3: field 'timestamp' is required.")]
    [InlineData("{\"service\":\"api\",\"metric\":\"up\",\"timestamp\":\"2024-05-01T12:00:00\",\"value\":1}", "timestamp", "line 3: field 'timestamp' must be an RFC 3339 string with a time zone or unix milliseconds (an integer).")]
    [InlineData("{\"service\":\"api\",\"metric\":\"up\",\"timestamp\":1000.5,\"value\":1}", "timestamp", "line 3: field 'timestamp' must be an RFC 3339 string with a time zone or unix milliseconds (an integer).")]
    [InlineData("{\"service\":7,\"metric\":\"up\",\"timestamp\":1000,\"value\":1}", "service", "line 3: field 'service' must be a string.")]
    [InlineData("{\"service\":\"api\",\"metric\":\"up\",\"labels\":{\"zone\":1},\"timestamp\":1000,\"value\":1}", "labels.zone", "line 3: field 'labels.zone' must be a string.")]
    [InlineData("{\"service\":\"api\",\"metric\":\"up\",\"labels\":[],\"timestamp\":1000,\"value\":1}", "labels", "line 3: field 'labels' must be an object of string values.")]
    [InlineData("{\"service\":\"api\",\"metric\":\"cpu.usage\",\"timestamp\":1000,\"value\":1}", "metric", "line 3: metric name 'cpu.usage' must match [a-zA-Z_:][a-zA-Z0-9_:]*.")]
    [InlineData("{\"service\":\"a:b\",\"metric\":\"up\",\"timestamp\":1000,\"value\":1}", "service", "line 3: service 'a:b' must be non-empty without ':', braces, quotes, backslashes or control characters.")]
    [InlineData("{\"service\":\"api\",\"metric\":\"up\",\"labels\":{\"0zone\":\"a\"},\"timestamp\":1000,\"value\":1}", "labels.0zone", "line 3: series api:up{0zone=\"a\"} has label name '0zone', which must match [a-zA-Z_][a-zA-Z0-9_]*.")]
    [InlineData("{\"service\":\"api\",\"metric\":\"up\",\"timestamp\":1000,\"value\":1} {}", "body", "line 3: not valid JSON ('{' is invalid after a single JSON value. Expected end of data).")]
    [InlineData("{\"service\":\"api\",\"metric\": }", "body", "line 3: not valid JSON ('}' is an invalid start of a value).")]
    [InlineData("[1]", "sample", "line 3: a sample must be a JSON object.")]
    public void Names_the_line_and_field_of_a_bad_ndjson_sample(string badLine, string field, string message)
    {
        var text = "{\"service\":\"api\",\"metric\":\"up\",\"timestamp\":1000,\"value\":1}\n\n" + badLine + "\n";

        var error = Assert.Throws<IngestValidationException>(() => Ndjson(text));

        Assert.Equal(field, error.Field);
        Assert.Equal(3, error.Line);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Names_the_index_of_a_bad_array_element()
    {
        var error = Assert.Throws<IngestValidationException>(() => Array("""
            [{"service":"api","metric":"up","timestamp":1000,"value":1},
             {"service":"api","metric":"up","timestamp":1000,"value":1e400}]
            """));

        Assert.Equal("value", error.Field);
        Assert.Equal(1, error.Index);
        Assert.Equal("index 1: field 'value' must be a finite number of magnitude at most 1e100.", error.Message);
    }

    [Fact]
    public void Names_the_line_of_malformed_json_in_an_array()
    {
        var error = Assert.Throws<IngestValidationException>(() => Array("[{\"service\":\"api\",\"metric\":\"up\",\"timestamp\":1000,\"value\":1},\n\n{\"service\" \"api\"}]"));

        Assert.Equal("body", error.Field);
        Assert.Equal(3, error.Line);
        Assert.Equal("line 3: not valid JSON ('\"' is invalid after a property name. Expected a ':').", error.Message);
    }

    [Fact]
    public void Refuses_a_body_that_is_neither_an_array_nor_objects()
    {
        var error = Assert.Throws<IngestValidationException>(() => Array("42"));

        Assert.Equal("The body must be a JSON array of samples (or NDJSON, one sample object per line, with content type application/x-ndjson).", error.Message);
    }

    [Fact]
    public void Refuses_more_samples_than_the_request_limit()
    {
        var error = Assert.Throws<IngestTooLargeException>(() => Array("""
            [{"service":"api","metric":"up","timestamp":1000,"value":1},
             {"service":"api","metric":"up","timestamp":2000,"value":1}]
            """, new IngestionOptions { MaxSamplesPerRequest = 1 }));

        Assert.Equal("Ingestion:MaxSamplesPerRequest", error.Limit);
    }
}
