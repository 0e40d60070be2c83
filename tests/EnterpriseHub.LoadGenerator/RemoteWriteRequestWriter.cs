using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace EnterpriseHub.LoadGenerator;

/// <summary>
/// Writes prometheus.WriteRequest bodies (remote_write 1.0: WriteRequest{1: TimeSeries}, TimeSeries{1: Label,
/// 2: Sample}, Label{1: name, 2: value}, Sample{1: double value, 2: int64 timestamp}) for one sample per series,
/// with each series' label bytes encoded once up front, so the generator spends its CPU on sending rather than
/// encoding, since it shares the machine with the silo it measures.
/// </summary>
public sealed class RemoteWriteRequestWriter
{
    private readonly byte[][] _labels;

    /// <summary>Pre-encodes the labels of every series.</summary>
    public RemoteWriteRequestWriter(IReadOnlyList<(string Name, string Value)[]> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        _labels = new byte[series.Count][];
        for (var i = 0; i < series.Count; i++)
        {
            var buffer = new ArrayBufferWriter<byte>();
            foreach (var (name, value) in series[i])
            {
                var label = new ArrayBufferWriter<byte>();
                WriteString(label, 1, name);
                WriteString(label, 2, value);
                WriteTag(buffer, 1, 2);
                WriteVarint(buffer, (ulong)label.WrittenCount);
                buffer.Write(label.WrittenSpan);
            }

            _labels[i] = buffer.WrittenSpan.ToArray();
        }
    }

    /// <summary>Writes the uncompressed WriteRequest for series [<paramref name="first"/>, first + count) with one
    /// sample each at <paramref name="timestampMs"/>, values from <paramref name="value"/>.</summary>
    public void Write(ArrayBufferWriter<byte> output, int first, int count, long timestampMs, Func<int, double> value)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(value);
        Span<byte> sample = stackalloc byte[32];
        for (var i = first; i < first + count; i++)
        {
            // Sample message: field 1 double (tag 0x09), field 2 varint (tag 0x10).
            var sampleLength = 0;
            sample[sampleLength++] = 0x09;
            BinaryPrimitives.WriteDoubleLittleEndian(sample[sampleLength..], value(i));
            sampleLength += 8;
            sample[sampleLength++] = 0x10;
            sampleLength += Varint(sample[sampleLength..], (ulong)timestampMs);

            var labels = _labels[i];
            var seriesLength = labels.Length + 1 + VarintLength((ulong)sampleLength) + sampleLength;
            WriteTag(output, 1, 2);
            WriteVarint(output, (ulong)seriesLength);
            output.Write(labels);
            WriteTag(output, 2, 2);
            WriteVarint(output, (ulong)sampleLength);
            output.Write(sample[..sampleLength]);
        }
    }

    private static void WriteString(ArrayBufferWriter<byte> output, int field, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        WriteTag(output, field, 2);
        WriteVarint(output, (ulong)bytes.Length);
        output.Write(bytes);
    }

    private static void WriteTag(ArrayBufferWriter<byte> output, int field, int wireType) => WriteVarint(output, (ulong)((field << 3) | wireType));

    private static void WriteVarint(ArrayBufferWriter<byte> output, ulong value)
    {
        var span = output.GetSpan(10);
        output.Advance(Varint(span, value));
    }

    private static int Varint(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    private static int VarintLength(ulong value)
    {
        var length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }

        return length;
    }
}
