using System.Text.Json;
using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Detection;

namespace EnterpriseHub.Ingestion.Json;

/// <summary>
/// Decodes the project's own JSON sample format: a JSON array, or NDJSON (one object per line), of
/// <c>{"service": "...", "metric": "...", "labels": {"k": "v"}, "timestamp": ..., "value": 1.5}</c>. The timestamp is an
/// RFC 3339 string with a time zone (<c>2024-05-01T12:00:00.250Z</c>) or unix milliseconds as a JSON integer.
/// <c>labels</c> is optional; labels with an empty value are dropped; unknown fields are ignored. Errors name the
/// NDJSON line (1-based) or the array index (0-based) and the field.
/// </summary>
public sealed class SampleJsonDecoder(IngestionOptions options)
{
    private static readonly JsonReaderOptions s_readerOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 8 };

    /// <summary>Decodes NDJSON if <paramref name="ndjson"/>, else a JSON array; a body whose first non-blank character is
    /// <c>{</c> is read as NDJSON either way (a single object is one line).</summary>
    public DecodedBatch Decode(ReadOnlySpan<byte> body, bool ndjson)
    {
        var trimmed = body.TrimStart(" \t\r\n"u8);
        return ndjson || (!trimmed.IsEmpty && trimmed[0] == (byte)'{') ? DecodeNdjson(body) : DecodeArray(body);
    }

    /// <summary>Decodes a JSON array of samples.</summary>
    public DecodedBatch DecodeArray(ReadOnlySpan<byte> body)
    {
        var batch = new SeriesBatchBuilder(options.MaxSamplesPerRequest);
        var reader = new Utf8JsonReader(body, s_readerOptions);
        var index = 0;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                throw new IngestValidationException("body", "The body must be a JSON array of samples (or NDJSON, one sample object per line, with content type application/x-ndjson).");
            }

            while (true)
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    break;
                }

                ReadSample(ref reader, batch, $"index {index}: ", line: null, index);
                index++;
            }

            if (reader.Read())
            {
                throw new IngestValidationException("body", "The body has content after the closing ']' of the sample array.");
            }
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;
            throw new IngestValidationException("body", $"line {line}: not valid JSON ({Reason(e)}).", line: line, index: index);
        }

        return batch.Build();
    }

    /// <summary>Decodes NDJSON: one sample object per line; blank lines are ignored.</summary>
    public DecodedBatch DecodeNdjson(ReadOnlySpan<byte> body)
    {
        var batch = new SeriesBatchBuilder(options.MaxSamplesPerRequest);
        var line = 0;
        while (!body.IsEmpty)
        {
            line++;
            var end = body.IndexOf((byte)'\n');
            var text = end < 0 ? body : body[..end];
            body = end < 0 ? [] : body[(end + 1)..];
            text = text.Trim(" \t\r"u8);
            if (text.IsEmpty)
            {
                continue;
            }

            var where = $"line {line}: ";
            try
            {
                var reader = new Utf8JsonReader(text, s_readerOptions);
                reader.Read();
                ReadSample(ref reader, batch, where, line, index: null);
                if (reader.Read())
                {
                    throw new IngestValidationException("body", $"{where}content after the sample object; NDJSON has one object per line.", line: line);
                }
            }
            catch (JsonException e)
            {
                throw new IngestValidationException("body", $"{where}not valid JSON ({Reason(e)}).", line: line);
            }
        }

        return batch.Build();
    }

    private void ReadSample(ref Utf8JsonReader reader, SeriesBatchBuilder batch, string where, int? line, int? index)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new IngestValidationException("sample", $"{where}a sample must be a JSON object.", line: line, index: index);
        }

        string? service = null, metric = null;
        List<Label>? labels = null;
        long? timestamp = null;
        double? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("service"u8))
            {
                service = ReadString(ref reader, "service", where, line, index);
            }
            else if (reader.ValueTextEquals("metric"u8))
            {
                metric = ReadString(ref reader, "metric", where, line, index);
            }
            else if (reader.ValueTextEquals("labels"u8))
            {
                labels = ReadLabels(ref reader, where, line, index);
            }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                timestamp = ReadTimestamp(ref reader, where, line, index);
            }
            else if (reader.ValueTextEquals("value"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var v) || !SampleValues.IsSupported(v))
                {
                    throw Invalid("value", "must be " + SampleValues.Requirement, where, line, index);
                }

                value = v;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (service is null)
        {
            throw Invalid("service", "is required", where, line, index);
        }

        if (metric is null)
        {
            throw Invalid("metric", "is required", where, line, index);
        }

        if (timestamp is null)
        {
            throw Invalid("timestamp", "is required", where, line, index);
        }

        if (value is null)
        {
            throw Invalid("value", "must be " + SampleValues.Requirement, where, line, index);
        }

        labels ??= [];
        var series = $"{service}:{SeriesRules.Describe(metric, labels)}";
        var key = SeriesRules.Build(service, metric, labels, options, where, series, line, index);
        batch.Add(key, timestamp.Value, value.Value);
    }

    private static string ReadString(ref Utf8JsonReader reader, string field, string where, int? line, int? index)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            throw Invalid(field, "must be a string", where, line, index);
        }

        return reader.GetString()!;
    }

    private static List<Label>? ReadLabels(ref Utf8JsonReader reader, string where, int? line, int? index)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Invalid("labels", "must be an object of string values", where, line, index);
        }

        var labels = new List<Label>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                throw Invalid($"labels.{SeriesRules.Shorten(name)}", "must be a string", where, line, index);
            }

            var value = reader.GetString()!;
            if (value.Length > 0)
            {
                labels.Add(new Label(name, value));
            }
        }

        return labels;
    }

    private static long ReadTimestamp(ref Utf8JsonReader reader, string where, int? line, int? index)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var ms))
        {
            return ms;
        }

        if (reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var time) && HasZone(reader.GetString()!))
        {
            return time.ToUnixTimeMilliseconds();
        }

        throw Invalid("timestamp", "must be an RFC 3339 string with a time zone or unix milliseconds (an integer)", where, line, index);
    }

    // RFC 3339 requires an offset; without one the reader would assume the server's local zone.
    private static bool HasZone(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length >= 6 && text[^6] is '+' or '-' && text[^3] == ':');

    private static IngestValidationException Invalid(string field, string problem, string where, int? line, int? index) =>
        new(field, $"{where}field '{field}' {problem}.", line: line, index: index);

    private static string Reason(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }
}
