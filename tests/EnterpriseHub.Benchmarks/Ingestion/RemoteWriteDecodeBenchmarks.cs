using System.Buffers.Binary;
using System.Text;
using BenchmarkDotNet.Attributes;
using EnterpriseHub.Ingestion;
using EnterpriseHub.Ingestion.Compression;
using EnterpriseHub.Ingestion.RemoteWrite;

namespace EnterpriseHub.Benchmarks.Ingestion;

/// <summary>
/// Decoding cost of a realistic remote_write request: 2,000 series with one sample each (Prometheus' default
/// max_samples_per_send), node-exporter-like label sets of 6 labels, snappy-compressed. One operation = one sample
/// (OperationsPerInvoke), so the Mean column is ns per sample and Allocated is bytes per sample.
/// <c>KnownSeries</c>: every label set is in the series identity cache (the steady state of a scrape target).
/// <c>NewSeries</c>: the cache holds nothing useful, so every series is UTF-8 decoded, validated and its key built.
/// <c>SnappyOnly</c>: the decompression share.
/// </summary>
[MemoryDiagnoser]
public class RemoteWriteDecodeBenchmarks
{
    private const int Samples = 2000;
    private static readonly string[] s_metrics =
    [
        "node_cpu_seconds_total", "node_memory_MemAvailable_bytes", "node_network_receive_bytes_total",
        "node_network_transmit_bytes_total", "node_disk_read_bytes_total", "node_disk_written_bytes_total",
        "node_filesystem_avail_bytes", "node_load1", "http_requests_total", "http_request_duration_seconds_sum",
    ];

    private byte[] _body = [];
    private byte[] _scratch = [];
    private RemoteWriteDecoder _warm = null!;
    private RemoteWriteDecoder _cold = null!;

    [GlobalSetup]
    public void Setup()
    {
        var request = new List<byte>();
        for (var i = 0; i < Samples; i++)
        {
            var series = new List<byte>();
            Label(series, "__name__", s_metrics[i % s_metrics.Length]);
            Label(series, "job", "node-exporter");
            Label(series, "instance", $"10.0.{i / 200}.{i % 200 / 10}:9100");
            Label(series, "region", i % 2 == 0 ? "eu-west-1" : "us-east-1");
            Label(series, "cpu", (i % 10).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Label(series, "mode", i % 3 == 0 ? "user" : "system");
            var sample = new List<byte>();
            Tag(sample, 1, 1);
            Fixed64(sample, BitConverter.DoubleToUInt64Bits(12345.678 + i));
            Tag(sample, 2, 0);
            Varint(sample, (ulong)(1_700_000_000_000L + i));
            Field(series, 2, sample);
            Field(request, 1, series);
        }

        var message = request.ToArray();
        _body = Compress(message);
        _scratch = new byte[message.Length];
        _warm = new RemoteWriteDecoder(new IngestionOptions(), new SeriesIdentityCache(IngestionOptions.DefaultSeriesCacheSize));
        _warm.Decode(_body);
        _cold = new RemoteWriteDecoder(new IngestionOptions(), new SeriesIdentityCache(1));
    }

    /// <summary>Whole request, every series known.</summary>
    [Benchmark(OperationsPerInvoke = Samples)]
    public int KnownSeries() => _warm.Decode(_body).Samples;

    /// <summary>Whole request, every series new.</summary>
    [Benchmark(OperationsPerInvoke = Samples)]
    public int NewSeries() => _cold.Decode(_body).Samples;

    /// <summary>Snappy decompression alone.</summary>
    [Benchmark(OperationsPerInvoke = Samples)]
    public int SnappyOnly() => SnappyBlock.Decompress(_body, _scratch);

    private static void Label(List<byte> series, string name, string value)
    {
        var label = new List<byte>();
        Field(label, 1, Encoding.UTF8.GetBytes(name));
        Field(label, 2, Encoding.UTF8.GetBytes(value));
        Field(series, 1, label);
    }

    private static void Field(List<byte> output, int field, IReadOnlyCollection<byte> bytes)
    {
        Tag(output, field, 2);
        Varint(output, (ulong)bytes.Count);
        output.AddRange(bytes);
    }

    private static void Tag(List<byte> output, int field, int wireType) => Varint(output, (ulong)((field << 3) | wireType));

    private static void Varint(List<byte> output, ulong value)
    {
        for (; value >= 0x80; value >>= 7)
        {
            output.Add((byte)(value | 0x80));
        }

        output.Add((byte)value);
    }

    private static void Fixed64(List<byte> output, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        output.AddRange(bytes);
    }

    // A greedy snappy block compressor (4-byte hash matches, copies up to 64 bytes) so decompression does the work a
    // real Prometheus body asks of it.
    private static byte[] Compress(byte[] input)
    {
        var output = new List<byte>();
        Varint(output, (ulong)input.Length);
        var table = new Dictionary<int, int>();
        int literal = 0, i = 0;
        while (i + 4 <= input.Length)
        {
            var key = BitConverter.ToInt32(input, i);
            if (table.TryGetValue(key, out var candidate) && i - candidate <= ushort.MaxValue)
            {
                var length = 4;
                while (i + length < input.Length && length < 64 && input[candidate + length] == input[i + length])
                {
                    length++;
                }

                Literal(output, input.AsSpan(literal, i - literal));
                output.Add((byte)(((length - 1) << 2) | 2));
                output.Add((byte)(i - candidate));
                output.Add((byte)((i - candidate) >> 8));
                table[key] = i;
                i += length;
                literal = i;
            }
            else
            {
                table[key] = i++;
            }
        }

        Literal(output, input.AsSpan(literal));
        return [.. output];
    }

    private static void Literal(List<byte> output, ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var chunk = bytes[..Math.Min(bytes.Length, 256)];
            if (chunk.Length <= 60)
            {
                output.Add((byte)((chunk.Length - 1) << 2));
            }
            else
            {
                output.Add(60 << 2);
                output.Add((byte)(chunk.Length - 1));
            }

            output.AddRange(chunk);
            bytes = bytes[chunk.Length..];
        }
    }
}
