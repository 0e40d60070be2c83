using System.Globalization;
using System.Text;
using System.Text.Json;
using EnterpriseHub.Ingestion.Protobuf;

namespace EnterpriseHub.Ingestion.Otlp;

/// <summary>
/// Decodes an OTLP <c>ExportMetricsServiceRequest</c> in protobuf. Field numbers from the published
/// opentelemetry-proto (collector/metrics/v1, metrics/v1, common/v1, resource/v1):
/// <code>
/// ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1; }
/// ResourceMetrics { Resource resource = 1; repeated ScopeMetrics scope_metrics = 2; }
/// Resource        { repeated KeyValue attributes = 1; }
/// ScopeMetrics    { InstrumentationScope scope = 1; repeated Metric metrics = 2; }
/// Metric          { string name = 1; string unit = 3; oneof data { Gauge gauge = 5; Sum sum = 7; Histogram histogram = 9;
///                   ExponentialHistogram exponential_histogram = 10; Summary summary = 11; } }
/// Gauge { repeated NumberDataPoint data_points = 1; }   Sum { data_points = 1; aggregation_temporality = 2; bool is_monotonic = 3; }
/// Histogram / ExponentialHistogram { data_points = 1; aggregation_temporality = 2; }   Summary { data_points = 1; }
/// NumberDataPoint { attributes = 7; fixed64 time_unix_nano = 3; double as_double = 4; sfixed64 as_int = 6; uint32 flags = 8; }
/// HistogramDataPoint { attributes = 9; time_unix_nano = 3; fixed64 count = 4; optional double sum = 5;
///                      repeated fixed64 bucket_counts = 6; repeated double explicit_bounds = 7; flags = 10; min = 11; max = 12; }
/// ExponentialHistogramDataPoint { attributes = 1; time_unix_nano = 3; count = 4; sum = 5; sint32 scale = 6;
///                      fixed64 zero_count = 7; Buckets positive = 8; Buckets negative = 9; flags = 10; min = 12; max = 13;
///                      double zero_threshold = 14; }   Buckets { sint32 offset = 1; repeated uint64 bucket_counts = 2; }
/// SummaryDataPoint { attributes = 7; time_unix_nano = 3; count = 4; double sum = 5;
///                    repeated ValueAtQuantile quantile_values = 6 { double quantile = 1; double value = 2; }; flags = 8; }
/// KeyValue { string key = 1; AnyValue value = 2; }
/// AnyValue { oneof { string_value = 1; bool_value = 2; int64 int_value = 3; double double_value = 4;
///                    ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7; } }
/// </code>
/// Everything else (scope, schema URLs, exemplars, start times, descriptions, metadata) is skipped.
/// </summary>
internal sealed class OtlpProtobufDecoder(IngestionOptions options, CumulativeHistograms histograms)
{
    private readonly OtlpMetric _metric = new();
    private readonly OtlpDataPoint _point = new();

    public OtlpDecodeResult Decode(ReadOnlySpan<byte> body)
    {
        var batch = new SeriesBatchBuilder(options.MaxSamplesPerRequest);
        var mapper = new OtlpSeriesMapper(options, batch, histograms);
        var reader = new ProtoReader(body);
        var index = 0;
        try
        {
            while (reader.TryReadTag(out var field, out var wire))
            {
                if (field == 1)
                {
                    ProtoReader.Expect(wire, WireType.LengthDelimited, "resource_metrics");
                    ResourceMetrics(reader.ReadLengthDelimited(), index++, mapper);
                }
                else
                {
                    reader.Skip(wire);
                }
            }
        }
        catch (ProtoFormatException e)
        {
            throw new IngestValidationException("body", $"The body is not a valid OTLP ExportMetricsServiceRequest: resourceMetrics {index}: {e.Message}.");
        }

        return new OtlpDecodeResult(batch.Build(), mapper.RejectedDataPoints, mapper.FirstRejection);
    }

    private void ResourceMetrics(ReadOnlySpan<byte> message, int index, OtlpSeriesMapper mapper)
    {
        string? service = null, instance = null;
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field != 1)
            {
                reader.Skip(wire);
                continue;
            }

            ProtoReader.Expect(wire, WireType.LengthDelimited, "resource");
            var resource = new ProtoReader(reader.ReadLengthDelimited());
            while (resource.TryReadTag(out var rf, out var rw))
            {
                if (rf != 1)
                {
                    resource.Skip(rw);
                    continue;
                }

                ProtoReader.Expect(rw, WireType.LengthDelimited, "attributes");
                var (key, value) = KeyValue(resource.ReadLengthDelimited());
                if (key == "service.name")
                {
                    service = value;
                }
                else if (key == "service.instance.id")
                {
                    instance = value;
                }
            }
        }

        mapper.SetResource(index, service, instance);
        reader = new ProtoReader(message);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field != 2)
            {
                reader.Skip(wire);
                continue;
            }

            ProtoReader.Expect(wire, WireType.LengthDelimited, "scope_metrics");
            var scope = new ProtoReader(reader.ReadLengthDelimited());
            while (scope.TryReadTag(out var sf, out var sw))
            {
                if (sf == 2)
                {
                    ProtoReader.Expect(sw, WireType.LengthDelimited, "metrics");
                    Metric(scope.ReadLengthDelimited(), mapper);
                }
                else
                {
                    scope.Skip(sw);
                }
            }
        }
    }

    private void Metric(ReadOnlySpan<byte> message, OtlpSeriesMapper mapper)
    {
        _metric.Reset();
        ReadOnlySpan<byte> data = default;
        var hasData = false;
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    ProtoReader.Expect(wire, WireType.LengthDelimited, "name");
                    _metric.Name = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
                    break;
                case 3:
                    ProtoReader.Expect(wire, WireType.LengthDelimited, "unit");
                    _metric.Unit = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
                    break;
                case 5 or 7 or 9 or 10 or 11:
                    ProtoReader.Expect(wire, WireType.LengthDelimited, "data");
                    data = reader.ReadLengthDelimited();
                    hasData = true;
                    _metric.Kind = field switch
                    {
                        5 => OtlpMetricKind.Gauge,
                        7 => OtlpMetricKind.Sum,
                        9 => OtlpMetricKind.Histogram,
                        10 => OtlpMetricKind.ExponentialHistogram,
                        _ => OtlpMetricKind.Summary,
                    };
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (!hasData)
        {
            return;
        }

        // Temporality and monotonicity may follow the points on the wire; read them first.
        var header = new ProtoReader(data);
        while (header.TryReadTag(out var field, out var wire))
        {
            if (field == 2 && wire == WireType.Varint && _metric.Kind != OtlpMetricKind.Gauge && _metric.Kind != OtlpMetricKind.Summary)
            {
                _metric.Temporality = (int)header.ReadVarint();
            }
            else if (field == 3 && wire == WireType.Varint && _metric.Kind == OtlpMetricKind.Sum)
            {
                _metric.IsMonotonic = header.ReadVarint() != 0;
            }
            else
            {
                header.Skip(wire);
            }
        }

        var points = new ProtoReader(data);
        while (points.TryReadTag(out var field, out var wire))
        {
            if (field != 1)
            {
                points.Skip(wire);
                continue;
            }

            ProtoReader.Expect(wire, WireType.LengthDelimited, "data_points");
            _point.Reset();
            var point = points.ReadLengthDelimited();
            switch (_metric.Kind)
            {
                case OtlpMetricKind.Gauge or OtlpMetricKind.Sum:
                    NumberPoint(point);
                    break;
                case OtlpMetricKind.Histogram:
                    HistogramPoint(point);
                    break;
                case OtlpMetricKind.ExponentialHistogram:
                    ExponentialPoint(point);
                    break;
                default:
                    SummaryPoint(point);
                    break;
            }

            mapper.Append(_metric, _point);
        }
    }

    private void NumberPoint(ReadOnlySpan<byte> message)
    {
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 7:
                    Attribute(ref reader, wire);
                    break;
                case 3 when wire == WireType.Fixed64:
                    _point.TimeUnixNano = reader.ReadFixed64();
                    break;
                case 4 when wire == WireType.Fixed64:
                    _point.Value = reader.ReadDouble();
                    _point.HasValue = true;
                    break;
                case 6 when wire == WireType.Fixed64:
                    _point.Value = (long)reader.ReadFixed64();
                    _point.HasValue = true;
                    break;
                case 8 when wire == WireType.Varint:
                    _point.Flags = (uint)reader.ReadVarint();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
    }

    private void HistogramPoint(ReadOnlySpan<byte> message)
    {
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 9:
                    Attribute(ref reader, wire);
                    break;
                case 3 when wire == WireType.Fixed64:
                    _point.TimeUnixNano = reader.ReadFixed64();
                    break;
                case 4 when wire == WireType.Fixed64:
                    _point.Count = reader.ReadFixed64();
                    break;
                case 5 when wire == WireType.Fixed64:
                    _point.Sum = reader.ReadDouble();
                    _point.HasSum = true;
                    break;
                case 6:
                    Fixed64s(ref reader, wire, _point.BucketCounts);
                    break;
                case 7:
                    Doubles(ref reader, wire, _point.ExplicitBounds);
                    break;
                case 10 when wire == WireType.Varint:
                    _point.Flags = (uint)reader.ReadVarint();
                    break;
                case 11 when wire == WireType.Fixed64:
                    _point.Min = reader.ReadDouble();
                    _point.HasMin = true;
                    break;
                case 12 when wire == WireType.Fixed64:
                    _point.Max = reader.ReadDouble();
                    _point.HasMax = true;
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
    }

    private void ExponentialPoint(ReadOnlySpan<byte> message)
    {
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    Attribute(ref reader, wire);
                    break;
                case 3 when wire == WireType.Fixed64:
                    _point.TimeUnixNano = reader.ReadFixed64();
                    break;
                case 4 when wire == WireType.Fixed64:
                    _point.Count = reader.ReadFixed64();
                    break;
                case 5 when wire == WireType.Fixed64:
                    _point.Sum = reader.ReadDouble();
                    _point.HasSum = true;
                    break;
                case 6 when wire == WireType.Varint:
                    _point.Scale = ZigZag(reader.ReadVarint());
                    break;
                case 7 when wire == WireType.Fixed64:
                    _point.ZeroCount = reader.ReadFixed64();
                    break;
                case 8 or 9 when wire == WireType.LengthDelimited:
                    var offset = Buckets(reader.ReadLengthDelimited(), field == 8 ? _point.PositiveCounts : _point.NegativeCounts);
                    if (field == 8)
                    {
                        _point.PositiveOffset = offset;
                    }
                    else
                    {
                        _point.NegativeOffset = offset;
                    }

                    break;
                case 10 when wire == WireType.Varint:
                    _point.Flags = (uint)reader.ReadVarint();
                    break;
                case 12 when wire == WireType.Fixed64:
                    _point.Min = reader.ReadDouble();
                    _point.HasMin = true;
                    break;
                case 13 when wire == WireType.Fixed64:
                    _point.Max = reader.ReadDouble();
                    _point.HasMax = true;
                    break;
                case 14 when wire == WireType.Fixed64:
                    _point.ZeroThreshold = reader.ReadDouble();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
    }

    private void SummaryPoint(ReadOnlySpan<byte> message)
    {
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 7:
                    Attribute(ref reader, wire);
                    break;
                case 3 when wire == WireType.Fixed64:
                    _point.TimeUnixNano = reader.ReadFixed64();
                    break;
                case 4 when wire == WireType.Fixed64:
                    _point.Count = reader.ReadFixed64();
                    break;
                case 5 when wire == WireType.Fixed64:
                    _point.Sum = reader.ReadDouble();
                    _point.HasSum = true;
                    break;
                case 6 when wire == WireType.LengthDelimited:
                    var quantile = new ProtoReader(reader.ReadLengthDelimited());
                    double q = 0, v = 0;
                    while (quantile.TryReadTag(out var qf, out var qw))
                    {
                        if (qf == 1 && qw == WireType.Fixed64)
                        {
                            q = quantile.ReadDouble();
                        }
                        else if (qf == 2 && qw == WireType.Fixed64)
                        {
                            v = quantile.ReadDouble();
                        }
                        else
                        {
                            quantile.Skip(qw);
                        }
                    }

                    _point.Quantiles.Add((q, v));
                    break;
                case 8 when wire == WireType.Varint:
                    _point.Flags = (uint)reader.ReadVarint();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
    }

    private static int Buckets(ReadOnlySpan<byte> message, List<ulong> counts)
    {
        var offset = 0;
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == 1 && wire == WireType.Varint)
            {
                offset = ZigZag(reader.ReadVarint());
            }
            else if (field == 2 && wire == WireType.LengthDelimited)
            {
                var packed = new ProtoReader(reader.ReadLengthDelimited());
                while (!packed.End)
                {
                    counts.Add(packed.ReadVarint());
                }
            }
            else if (field == 2 && wire == WireType.Varint)
            {
                counts.Add(reader.ReadVarint());
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return offset;
    }

    private void Attribute(ref ProtoReader reader, WireType wire)
    {
        ProtoReader.Expect(wire, WireType.LengthDelimited, "attributes");
        var (key, value) = KeyValue(reader.ReadLengthDelimited());
        if (key.Length > 0)
        {
            _point.Attributes.Add(new KeyValuePair<string, string>(key, value ?? string.Empty));
        }
    }

    private static void Fixed64s(ref ProtoReader reader, WireType wire, List<ulong> values)
    {
        if (wire == WireType.Fixed64)
        {
            values.Add(reader.ReadFixed64());
            return;
        }

        ProtoReader.Expect(wire, WireType.LengthDelimited, "bucket_counts");
        var packed = reader.ReadLengthDelimited();
        if (packed.Length % 8 != 0)
        {
            throw new ProtoFormatException("packed fixed64 field length is not a multiple of 8");
        }

        var inner = new ProtoReader(packed);
        for (var i = 0; i < packed.Length / 8; i++)
        {
            values.Add(inner.ReadFixed64());
        }
    }

    private static void Doubles(ref ProtoReader reader, WireType wire, List<double> values)
    {
        if (wire == WireType.Fixed64)
        {
            values.Add(reader.ReadDouble());
            return;
        }

        ProtoReader.Expect(wire, WireType.LengthDelimited, "explicit_bounds");
        var packed = reader.ReadLengthDelimited();
        if (packed.Length % 8 != 0)
        {
            throw new ProtoFormatException("packed double field length is not a multiple of 8");
        }

        var inner = new ProtoReader(packed);
        for (var i = 0; i < packed.Length / 8; i++)
        {
            values.Add(inner.ReadDouble());
        }
    }

    private static (string Key, string? Value) KeyValue(ReadOnlySpan<byte> message)
    {
        string key = string.Empty;
        string? value = null;
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == 1 && wire == WireType.LengthDelimited)
            {
                key = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
            }
            else if (field == 2 && wire == WireType.LengthDelimited)
            {
                value = AnyValueText(reader.ReadLengthDelimited());
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return (key, value);
    }

    /// <summary>An attribute value as label text: strings as they are, numbers and booleans in invariant form, bytes
    /// in base64, arrays and key-value lists as JSON (as the Prometheus compatibility specification does).</summary>
    private static string? AnyValueText(ReadOnlySpan<byte> message)
    {
        var reader = new ProtoReader(message);
        string? text = null;
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == WireType.LengthDelimited:
                    text = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
                    break;
                case 2 when wire == WireType.Varint:
                    text = reader.ReadVarint() != 0 ? "true" : "false";
                    break;
                case 3 when wire == WireType.Varint:
                    text = ((long)reader.ReadVarint()).ToString(CultureInfo.InvariantCulture);
                    break;
                case 4 when wire == WireType.Fixed64:
                    text = reader.ReadDouble().ToString("R", CultureInfo.InvariantCulture);
                    break;
                case 5 or 6 when wire == WireType.LengthDelimited:
                    var buffer = new MemoryStream();
                    using (var json = new Utf8JsonWriter(buffer))
                    {
                        WriteJson(json, reader.ReadLengthDelimited(), isList: field == 6);
                    }

                    text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
                    break;
                case 7 when wire == WireType.LengthDelimited:
                    text = Convert.ToBase64String(reader.ReadLengthDelimited());
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return text;
    }

    private static void WriteJson(Utf8JsonWriter json, ReadOnlySpan<byte> message, bool isList)
    {
        if (isList)
        {
            json.WriteStartObject();
        }
        else
        {
            json.WriteStartArray();
        }

        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field != 1 || wire != WireType.LengthDelimited)
            {
                reader.Skip(wire);
                continue;
            }

            if (isList)
            {
                var (key, value) = KeyValue(reader.ReadLengthDelimited());
                json.WriteString(key, value);
            }
            else
            {
                json.WriteStringValue(AnyValueText(reader.ReadLengthDelimited()));
            }
        }

        if (isList)
        {
            json.WriteEndObject();
        }
        else
        {
            json.WriteEndArray();
        }
    }

    private static int ZigZag(ulong value) => (int)(uint)(value >> 1) ^ -(int)(value & 1);
}

/// <summary>A decoded OTLP request: the batch, and the points rejected (for the response's partial success).</summary>
/// <param name="Batch">The series and skip counts.</param>
/// <param name="RejectedDataPoints">Points that could not be mapped.</param>
/// <param name="ErrorMessage">Why the first one was rejected.</param>
public sealed record OtlpDecodeResult(DecodedBatch Batch, long RejectedDataPoints, string? ErrorMessage);
