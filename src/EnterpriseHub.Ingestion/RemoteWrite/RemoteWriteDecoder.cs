using System.Buffers;
using System.Text;
using System.Text.Unicode;
using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Detection;
using EnterpriseHub.Ingestion.Compression;
using EnterpriseHub.Ingestion.Protobuf;

namespace EnterpriseHub.Ingestion.RemoteWrite;

/// <summary>
/// Decodes a Prometheus remote_write 1.0 request: a snappy block holding a <c>prometheus.WriteRequest</c>.
/// Message layout, from the published remote_write specification (prompb types.proto / remote.proto):
/// <code>
/// WriteRequest { repeated TimeSeries timeseries = 1; repeated MetricMetadata metadata = 3; }
/// TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; exemplars = 3; histograms = 4; }
/// Label        { string name = 1; string value = 2; }
/// Sample       { double value = 1; int64 timestamp = 2; }   // timestamp in milliseconds
/// </code>
/// Metadata, exemplars and native histograms are skipped. A series' service is its <c>service</c> label, else its
/// <c>job</c> label; the label used for the service and <c>__name__</c> leave the label set, the rest stay; labels
/// with an empty value are absent (Prometheus' rule). Stale markers are skipped and counted; other NaN and infinite
/// values too (Prometheus accepts them, the detectors do not, and rejecting the request would make Prometheus drop
/// the good samples sent with them).
/// </summary>
public sealed class RemoteWriteDecoder(IngestionOptions options, SeriesIdentityCache cache)
{
    /// <summary>The bit pattern of Prometheus' staleness marker (value.StaleNaN).</summary>
    public const ulong StaleNaNBits = 0x7ff0000000000002;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes a snappy-compressed body.</summary>
    /// <exception cref="IngestValidationException">The body is corrupt or a series breaks a rule.</exception>
    /// <exception cref="IngestTooLargeException">The uncompressed body or the sample count is over its limit.</exception>
    public DecodedBatch Decode(ReadOnlySpan<byte> body)
    {
        int length;
        try
        {
            length = SnappyBlock.GetUncompressedLength(body);
        }
        catch (InvalidDataException e)
        {
            throw new IngestValidationException("body", $"The body is not a snappy block ({e.Message}); remote_write bodies are snappy block-compressed WriteRequest messages.");
        }

        if (length > options.MaxUncompressedBytes)
        {
            throw new IngestTooLargeException("Ingestion:MaxUncompressedBytes", options.MaxUncompressedBytes,
                $"The body uncompresses to {length} bytes; the limit is {options.MaxUncompressedBytes} (Ingestion:MaxUncompressedBytes).");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            try
            {
                SnappyBlock.Decompress(body, buffer);
            }
            catch (InvalidDataException e)
            {
                throw new IngestValidationException("body", $"The body is not a valid snappy block ({e.Message}).");
            }

            return DecodeWriteRequest(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Decodes an uncompressed <c>WriteRequest</c>.</summary>
    public DecodedBatch DecodeWriteRequest(ReadOnlySpan<byte> message)
    {
        var reader = new ProtoReader(message);
        var index = 0;
        var series = 0;
        try
        {
            // Count the series first so the batch is sized once (Prometheus sends one sample per series mostly).
            while (reader.TryReadTag(out var field, out var wireType))
            {
                reader.Skip(wireType);
                series += field == 1 ? 1 : 0;
            }
        }
        catch (ProtoFormatException)
        {
            // Reported with its position by the pass below.
        }

        var batch = new SeriesBatchBuilder(options.MaxSamplesPerRequest, series, series);
        reader = new ProtoReader(message);
        try
        {
            while (reader.TryReadTag(out var field, out var wireType))
            {
                if (field == 1)
                {
                    ProtoReader.Expect(wireType, WireType.LengthDelimited, "timeseries");
                    DecodeTimeSeries(reader.ReadLengthDelimited(), index, batch);
                    index++;
                }
                else
                {
                    reader.Skip(wireType);
                }
            }
        }
        catch (ProtoFormatException e)
        {
            throw new IngestValidationException("body", $"The body is not a valid remote_write WriteRequest: timeseries {index}: {e.Message}.");
        }

        return batch.Build();
    }

    private void DecodeTimeSeries(ReadOnlySpan<byte> series, int index, SeriesBatchBuilder batch)
    {
        // Pass 1: where the labels are. Senders write them first and contiguously, so their bytes are the cache key.
        var reader = new ProtoReader(series);
        int labelsStart = -1, labelsEnd = -1;
        var contiguous = true;
        var fieldStart = 0;
        var samplesStart = -1;
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == 2 && samplesStart < 0)
            {
                samplesStart = fieldStart;
            }

            if (field == 1)
            {
                ProtoReader.Expect(wireType, WireType.LengthDelimited, "labels");
                reader.ReadLengthDelimited();
                if (labelsStart < 0)
                {
                    labelsStart = fieldStart;
                }
                else if (fieldStart != labelsEnd)
                {
                    contiguous = false;
                }

                labelsEnd = reader.Position;
            }
            else
            {
                reader.Skip(wireType);
            }

            fieldStart = reader.Position;
        }

        SeriesIdentityCache.CachedSeries key;
        if (labelsStart >= 0 && contiguous)
        {
            var raw = series[labelsStart..labelsEnd];
            var hash = SeriesIdentityCache.Hash(raw);
            if (!cache.TryGet(raw, hash, out key))
            {
                key = SeriesIdentityCache.CachedSeries.Of(BuildKey(series, index));
                cache.Add(raw, hash, key);
            }
        }
        else
        {
            key = SeriesIdentityCache.CachedSeries.Of(BuildKey(series, index));
        }

        // Pass 2: the samples, from the first one on.
        var seriesIndex = -1;
        reader = new ProtoReader(samplesStart < 0 ? [] : series[samplesStart..]);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field != 2)
            {
                reader.Skip(wireType);
                continue;
            }

            ProtoReader.Expect(wireType, WireType.LengthDelimited, "samples");
            var sample = new ProtoReader(reader.ReadLengthDelimited());
            ulong bits = 0;
            long timestamp = 0;
            while (sample.TryReadTag(out var sampleField, out var sampleWire))
            {
                if (sampleField == 1 && sampleWire == WireType.Fixed64)
                {
                    bits = sample.ReadFixed64();
                }
                else if (sampleField == 2 && sampleWire == WireType.Varint)
                {
                    timestamp = (long)sample.ReadVarint();
                }
                else
                {
                    sample.Skip(sampleWire);
                }
            }

            if (bits == StaleNaNBits)
            {
                batch.SkipStale();
                continue;
            }

            var value = BitConverter.UInt64BitsToDouble(bits);
            if (!SampleValues.IsSupported(value))
            {
                batch.SkipNonFinite();
                continue;
            }

            if (seriesIndex < 0)
            {
                seriesIndex = batch.IndexOf(key.Key, key.KeyHash);
            }

            batch.Add(seriesIndex, timestamp, value);
        }
    }

    private SeriesKey BuildKey(ReadOnlySpan<byte> series, int index)
    {
        var labels = new List<Label>();
        string? metric = null, service = null, job = null;
        var reader = new ProtoReader(series);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field != 1)
            {
                reader.Skip(wireType);
                continue;
            }

            var label = new ProtoReader(reader.ReadLengthDelimited());
            string name = string.Empty, value = string.Empty;
            while (label.TryReadTag(out var labelField, out var labelWire))
            {
                if (labelField is 1 or 2 && labelWire == WireType.LengthDelimited)
                {
                    var bytes = label.ReadLengthDelimited();
                    if (!Utf8.IsValid(bytes))
                    {
                        throw new IngestValidationException("labels", $"timeseries {index}: a label {(labelField == 1 ? "name" : "value")} is not valid UTF-8.", SeriesRules.Describe(metric, labels));
                    }

                    if (labelField == 1)
                    {
                        name = s_strictUtf8.GetString(bytes);
                    }
                    else
                    {
                        value = s_strictUtf8.GetString(bytes);
                    }
                }
                else
                {
                    label.Skip(labelWire);
                }
            }

            switch (name)
            {
                case "__name__":
                    metric = value;
                    break;
                case "service" when value.Length > 0:
                    service = value;
                    labels.Add(new Label(name, value));
                    break;
                case "job" when value.Length > 0:
                    job = value;
                    labels.Add(new Label(name, value));
                    break;
                default:
                    if (value.Length > 0)
                    {
                        labels.Add(new Label(name, value));
                    }

                    break;
            }
        }

        if (string.IsNullOrEmpty(metric))
        {
            var described = SeriesRules.Describe(null, labels);
            throw new IngestValidationException("__name__", $"timeseries {index} {described} has no __name__ label.", described);
        }

        var serviceLabel = service is not null ? "service" : "job";
        var serviceName = service ?? job;
        var series0 = SeriesRules.Describe(metric, labels);
        if (serviceName is null)
        {
            throw new IngestValidationException("service", $"timeseries {index} {series0} has neither a 'service' nor a 'job' label, so it names no service.", series0);
        }

        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i].Name == serviceLabel)
            {
                labels.RemoveAt(i);
                break;
            }
        }

        return SeriesRules.Build(serviceName, metric, labels, options, $"timeseries {index}: ", series0);
    }
}
