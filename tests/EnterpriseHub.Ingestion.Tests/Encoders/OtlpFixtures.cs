namespace EnterpriseHub.Ingestion.Tests.Encoders;

/// <summary>
/// OTLP metrics payloads for tests: the JSON in the shape the OpenTelemetry Collector's otlphttp exporter sends
/// (lowerCamelCase keys, 64-bit integers as strings, enums as integers), and the same content in protobuf built with
/// <see cref="ProtoBuilder"/> from the opentelemetry-proto field numbers.
/// </summary>
public static class OtlpFixtures
{
    public const long TimeMs = 1_700_000_000_000;
    public const ulong TimeNanos = 1_700_000_000_000_000_000;

    /// <summary>Resource with service.name, a gauge, a cumulative monotonic sum and an explicit-bucket histogram.</summary>
    public const string CollectorJson = """
        {
          "resourceMetrics": [
            {
              "resource": {
                "attributes": [
                  { "key": "service.name", "value": { "stringValue": "checkout" } },
                  { "key": "service.instance.id", "value": { "stringValue": "pod-1" } },
                  { "key": "host.name", "value": { "stringValue": "node-7" } }
                ]
              },
              "scopeMetrics": [
                {
                  "scope": { "name": "Microsoft.AspNetCore.Hosting", "version": "9.0.0" },
                  "metrics": [
                    {
                      "name": "system.memory.utilization",
                      "unit": "1",
                      "gauge": {
                        "dataPoints": [
                          { "attributes": [ { "key": "state", "value": { "stringValue": "used" } } ],
                            "timeUnixNano": "1700000000000000000", "asDouble": 0.42 }
                        ]
                      }
                    },
                    {
                      "name": "http.server.requests",
                      "description": "Requests served",
                      "unit": "{request}",
                      "sum": {
                        "dataPoints": [
                          { "attributes": [
                              { "key": "http.request.method", "value": { "stringValue": "GET" } },
                              { "key": "http.response.status_code", "value": { "intValue": "200" } }
                            ],
                            "startTimeUnixNano": "1699999000000000000", "timeUnixNano": "1700000000000000000", "asInt": "1234" }
                        ],
                        "aggregationTemporality": 2,
                        "isMonotonic": true
                      }
                    },
                    {
                      "name": "http.server.request.duration",
                      "unit": "s",
                      "histogram": {
                        "dataPoints": [
                          { "attributes": [ { "key": "http.route", "value": { "stringValue": "/cart" } } ],
                            "startTimeUnixNano": "1699999000000000000", "timeUnixNano": "1700000000000000000",
                            "count": "10", "sum": 4.2, "bucketCounts": ["2", "5", "2", "1"], "explicitBounds": [0.1, 0.5, 1],
                            "min": 0.01, "max": 2 }
                        ],
                        "aggregationTemporality": 2
                      }
                    }
                  ]
                }
              ]
            }
          ]
        }
        """;

    public static ProtoBuilder KeyValue(string key, string value) =>
        new ProtoBuilder().String(1, key).Message(2, v => v.String(1, value));

    public static ProtoBuilder KeyValueInt(string key, long value) =>
        new ProtoBuilder().String(1, key).Message(2, v => v.Varint(3, (ulong)value));

    /// <summary>The protobuf twin of <see cref="CollectorJson"/>.</summary>
    /// <summary><see cref="CollectorJson"/> exported again a minute later: every count doubled, as if the minute had
    /// seen the same requests again.</summary>
    public static string CollectorJsonAMinuteLater() => CollectorJson
        .Replace("\"timeUnixNano\": \"1700000000000000000\"", "\"timeUnixNano\": \"1700000060000000000\"", StringComparison.Ordinal)
        .Replace("\"asInt\": \"1234\"", "\"asInt\": \"2468\"", StringComparison.Ordinal)
        .Replace("\"count\": \"10\", \"sum\": 4.2, \"bucketCounts\": [\"2\", \"5\", \"2\", \"1\"]", "\"count\": \"20\", \"sum\": 8.4, \"bucketCounts\": [\"4\", \"10\", \"4\", \"2\"]", StringComparison.Ordinal);

    /// <summary><see cref="CollectorJson"/> in protobuf; <paramref name="minutesLater"/> 1 for
    /// <see cref="CollectorJsonAMinuteLater"/>'s content.</summary>
    public static byte[] CollectorProtobuf(int minutesLater = 0)
    {
        var time = TimeNanos + ((ulong)minutesLater * 60_000_000_000);
        var k = (ulong)minutesLater + 1;
        var gauge = new ProtoBuilder().String(1, "system.memory.utilization").String(3, "1")
            .Message(5, g => g.Message(1, p => p.Message(7, KeyValue("state", "used")).Fixed64(3, time).Double(4, 0.42)));
        // Sum: temporality and monotonicity after the points, as a sender may order them.
        var sum = new ProtoBuilder().String(1, "http.server.requests").String(2, "Requests served").String(3, "{request}")
            .Message(7, s => s
                .Message(1, p => p.Message(7, KeyValue("http.request.method", "GET")).Message(7, KeyValueInt("http.response.status_code", 200))
                    .Fixed64(2, 1_699_999_000_000_000_000).Fixed64(3, time).Fixed64(6, 1234 * k))
                .Varint(2, 2).Varint(3, 1));
        var histogram = new ProtoBuilder().String(1, "http.server.request.duration").String(3, "s")
            .Message(9, h => h
                .Message(1, p => p.Message(9, KeyValue("http.route", "/cart")).Fixed64(2, 1_699_999_000_000_000_000).Fixed64(3, time)
                    .Fixed64(4, 10 * k).Double(5, 4.2 * k).PackedFixed64(6, 2 * k, 5 * k, 2 * k, 1 * k).PackedDouble(7, 0.1, 0.5, 1).Double(11, 0.01).Double(12, 2))
                .Varint(2, 2));
        var scope = new ProtoBuilder().Message(1, s => s.String(1, "Microsoft.AspNetCore.Hosting").String(2, "9.0.0"))
            .Message(2, gauge).Message(2, sum).Message(2, histogram);
        var resource = new ProtoBuilder()
            .Message(1, KeyValue("service.name", "checkout"))
            .Message(1, KeyValue("service.instance.id", "pod-1"))
            .Message(1, KeyValue("host.name", "node-7"));
        var resourceMetrics = new ProtoBuilder().Message(1, resource).Message(2, scope);
        return new ProtoBuilder().Message(1, resourceMetrics).ToArray();
    }

    /// <summary>A request for service <paramref name="service"/> with the given metrics (Metric messages).</summary>
    public static byte[] Request(string service, params ProtoBuilder[] metrics)
    {
        var scope = new ProtoBuilder();
        foreach (var metric in metrics)
        {
            scope.Message(2, metric);
        }

        var resourceMetrics = new ProtoBuilder().Message(1, r => r.Message(1, KeyValue("service.name", service))).Message(2, scope);
        return new ProtoBuilder().Message(1, resourceMetrics).ToArray();
    }
}
