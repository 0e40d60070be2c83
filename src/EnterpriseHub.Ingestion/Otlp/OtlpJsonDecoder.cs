using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EnterpriseHub.Ingestion.Otlp;

/// <summary>
/// Decodes an OTLP <c>ExportMetricsServiceRequest</c> in the OTLP/JSON encoding (OTLP specification, "JSON Protobuf
/// Encoding"): proto3 JSON with lowerCamelCase keys, 64-bit integers as decimal strings (numbers accepted too), enums
/// as integers (names accepted too), unknown keys ignored. Field errors name the JSON path.
/// </summary>
internal sealed class OtlpJsonDecoder(IngestionOptions options, CumulativeHistograms histograms)
{
    private static readonly JsonDocumentOptions s_documentOptions = new() { MaxDepth = 64 };
    private readonly OtlpMetric _metric = new();
    private readonly OtlpDataPoint _point = new();

    public OtlpDecodeResult Decode(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, s_documentOptions);
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;
            throw new IngestValidationException("body", $"line {line}: not valid JSON ({Reason(e)}).", line: line);
        }

        using (document)
        {
            var batch = new SeriesBatchBuilder(options.MaxSamplesPerRequest);
            var mapper = new OtlpSeriesMapper(options, batch, histograms);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new IngestValidationException("body", "The body must be a JSON object (an ExportMetricsServiceRequest).");
            }

            var r = 0;
            foreach (var resourceMetrics in Array(root, "resourceMetrics", "resourceMetrics"))
            {
                ResourceMetrics(resourceMetrics, r, $"resourceMetrics[{r}]", mapper);
                r++;
            }

            return new OtlpDecodeResult(batch.Build(), mapper.RejectedDataPoints, mapper.FirstRejection);
        }
    }

    private void ResourceMetrics(JsonElement element, int index, string path, OtlpSeriesMapper mapper)
    {
        string? service = null, instance = null;
        if (element.TryGetProperty("resource"u8, out var resource) && resource.ValueKind == JsonValueKind.Object)
        {
            var a = 0;
            foreach (var attribute in Array(resource, "attributes", $"{path}.resource.attributes"))
            {
                var (key, value) = KeyValue(attribute, $"{path}.resource.attributes[{a++}]");
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
        var s = 0;
        foreach (var scope in Array(element, "scopeMetrics", $"{path}.scopeMetrics"))
        {
            var m = 0;
            foreach (var metric in Array(scope, "metrics", $"{path}.scopeMetrics[{s}].metrics"))
            {
                Metric(metric, $"{path}.scopeMetrics[{s}].metrics[{m++}]", mapper);
            }

            s++;
        }
    }

    private void Metric(JsonElement element, string path, OtlpSeriesMapper mapper)
    {
        _metric.Reset();
        _metric.Name = String(element, "name", path) ?? string.Empty;
        _metric.Unit = String(element, "unit", path) ?? string.Empty;
        JsonElement data;
        string dataPath;
        if (element.TryGetProperty("gauge"u8, out data))
        {
            _metric.Kind = OtlpMetricKind.Gauge;
            dataPath = $"{path}.gauge";
        }
        else if (element.TryGetProperty("sum"u8, out data))
        {
            _metric.Kind = OtlpMetricKind.Sum;
            dataPath = $"{path}.sum";
            _metric.IsMonotonic = data.TryGetProperty("isMonotonic"u8, out var monotonic) && monotonic.ValueKind == JsonValueKind.True;
        }
        else if (element.TryGetProperty("histogram"u8, out data))
        {
            _metric.Kind = OtlpMetricKind.Histogram;
            dataPath = $"{path}.histogram";
        }
        else if (element.TryGetProperty("exponentialHistogram"u8, out data))
        {
            _metric.Kind = OtlpMetricKind.ExponentialHistogram;
            dataPath = $"{path}.exponentialHistogram";
        }
        else if (element.TryGetProperty("summary"u8, out data))
        {
            _metric.Kind = OtlpMetricKind.Summary;
            dataPath = $"{path}.summary";
        }
        else
        {
            return;
        }

        if (data.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(dataPath, "must be an object");
        }

        if (data.TryGetProperty("aggregationTemporality"u8, out var temporality))
        {
            _metric.Temporality = Temporality(temporality, $"{dataPath}.aggregationTemporality");
        }

        var p = 0;
        foreach (var point in Array(data, "dataPoints", $"{dataPath}.dataPoints"))
        {
            var pointPath = $"{dataPath}.dataPoints[{p++}]";
            if (point.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(pointPath, "must be an object");
            }

            _point.Reset();
            DataPoint(point, pointPath);
            mapper.Append(_metric, _point);
        }
    }

    private void DataPoint(JsonElement point, string path)
    {
        var a = 0;
        foreach (var attribute in Array(point, "attributes", $"{path}.attributes"))
        {
            var (key, value) = KeyValue(attribute, $"{path}.attributes[{a++}]");
            if (key.Length > 0)
            {
                _point.Attributes.Add(new KeyValuePair<string, string>(key, value ?? string.Empty));
            }
        }

        foreach (var property in point.EnumerateObject())
        {
            var value = property.Value;
            var field = $"{path}.{property.Name}";
            switch (property.Name)
            {
                case "timeUnixNano":
                    _point.TimeUnixNano = UInt64(value, field);
                    break;
                case "flags":
                    _point.Flags = (uint)UInt64(value, field);
                    break;
                case "asDouble":
                    _point.Value = Double(value, field);
                    _point.HasValue = true;
                    break;
                case "asInt":
                    _point.Value = Int64(value, field);
                    _point.HasValue = true;
                    break;
                case "count":
                    _point.Count = UInt64(value, field);
                    break;
                case "sum":
                    _point.Sum = Double(value, field);
                    _point.HasSum = true;
                    break;
                case "min":
                    _point.Min = Double(value, field);
                    _point.HasMin = true;
                    break;
                case "max":
                    _point.Max = Double(value, field);
                    _point.HasMax = true;
                    break;
                case "bucketCounts":
                    UInt64s(value, field, _point.BucketCounts);
                    break;
                case "explicitBounds":
                    foreach (var bound in Items(value, field))
                    {
                        _point.ExplicitBounds.Add(Double(bound, field));
                    }

                    break;
                case "quantileValues":
                    foreach (var quantile in Items(value, field))
                    {
                        var q = quantile.TryGetProperty("quantile"u8, out var qe) ? Double(qe, $"{field}.quantile") : 0;
                        var v = quantile.TryGetProperty("value"u8, out var ve) ? Double(ve, $"{field}.value") : 0;
                        _point.Quantiles.Add((q, v));
                    }

                    break;
                case "scale":
                    _point.Scale = (int)Int64(value, field);
                    break;
                case "zeroCount":
                    _point.ZeroCount = UInt64(value, field);
                    break;
                case "zeroThreshold":
                    _point.ZeroThreshold = Double(value, field);
                    break;
                case "positive":
                    _point.PositiveOffset = Buckets(value, field, _point.PositiveCounts);
                    break;
                case "negative":
                    _point.NegativeOffset = Buckets(value, field, _point.NegativeCounts);
                    break;
            }
        }
    }

    private static int Buckets(JsonElement element, string path, List<ulong> counts)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(path, "must be an object");
        }

        if (element.TryGetProperty("bucketCounts"u8, out var values))
        {
            UInt64s(values, $"{path}.bucketCounts", counts);
        }

        return element.TryGetProperty("offset"u8, out var offset) ? (int)Int64(offset, $"{path}.offset") : 0;
    }

    private static void UInt64s(JsonElement element, string path, List<ulong> values)
    {
        foreach (var item in Items(element, path))
        {
            values.Add(UInt64(item, path));
        }
    }

    private static (string Key, string? Value) KeyValue(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(path, "must be an object with 'key' and 'value'");
        }

        var key = String(element, "key", path) ?? string.Empty;
        return (key, element.TryGetProperty("value"u8, out var value) ? AnyValueText(value, $"{path}.value") : null);
    }

    private static string? AnyValueText(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(path, "must be an AnyValue object");
        }

        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "stringValue":
                    return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Invalid($"{path}.stringValue", "must be a string");
                case "boolValue":
                    return value.ValueKind switch
                    {
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        _ => throw Invalid($"{path}.boolValue", "must be true or false"),
                    };
                case "intValue":
                    return Int64(value, $"{path}.intValue").ToString(CultureInfo.InvariantCulture);
                case "doubleValue":
                    return Double(value, $"{path}.doubleValue").ToString("R", CultureInfo.InvariantCulture);
                case "bytesValue":
                    return value.GetString();
                case "arrayValue":
                case "kvlistValue":
                    return Json(value, property.Name == "kvlistValue", path);
            }
        }

        return null;
    }

    private static string Json(JsonElement element, bool isList, string path)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            if (isList)
            {
                json.WriteStartObject();
            }
            else
            {
                json.WriteStartArray();
            }

            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("values"u8, out var values) && values.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in values.EnumerateArray())
                {
                    if (isList)
                    {
                        var (key, value) = KeyValue(item, path);
                        json.WriteString(key, value);
                    }
                    else
                    {
                        json.WriteStringValue(AnyValueText(item, path));
                    }
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

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return default;
        }

        return Items(element, path);
    }

    private static JsonElement.ArrayEnumerator Items(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : throw Invalid(path, "must be an array");

    private static string? String(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : throw Invalid($"{path}.{name}", "must be a string");
    }

    private static ulong UInt64(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.Number when element.TryGetUInt64(out var n) => n,
        JsonValueKind.String when ulong.TryParse(element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        _ => throw Invalid(path, "must be a non-negative integer (a JSON number or a decimal string)"),
    };

    private static long Int64(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.Number when element.TryGetInt64(out var n) => n,
        JsonValueKind.String when long.TryParse(element.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => n,
        _ => throw Invalid(path, "must be an integer (a JSON number or a decimal string)"),
    };

    private static double Double(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.Number when element.TryGetDouble(out var d) => d,
        JsonValueKind.String => element.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => throw Invalid(path, "must be a number"),
        },
        _ => throw Invalid(path, "must be a number"),
    };

    private static int Temporality(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.String when element.GetString() == "AGGREGATION_TEMPORALITY_DELTA" => OtlpMetric.TemporalityDelta,
        JsonValueKind.String when element.GetString() == "AGGREGATION_TEMPORALITY_CUMULATIVE" => OtlpMetric.TemporalityCumulative,
        JsonValueKind.String when element.GetString() == "AGGREGATION_TEMPORALITY_UNSPECIFIED" => 0,
        _ => (int)Int64(element, path),
    };

    private static IngestValidationException Invalid(string path, string problem) => new(path, $"field '{path}' {problem}.");

    private static string Reason(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }
}
