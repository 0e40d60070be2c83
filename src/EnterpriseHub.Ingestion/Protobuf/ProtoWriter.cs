using System.Buffers;
using System.Text;

namespace EnterpriseHub.Ingestion.Protobuf;

/// <summary>The few protocol buffers writes the responses need.</summary>
internal static class ProtoWriter
{
    public static void Varint(IBufferWriter<byte> output, int field, ulong value)
    {
        RawVarint(output, (ulong)(field << 3) | (ulong)WireType.Varint);
        RawVarint(output, value);
    }

    public static void String(IBufferWriter<byte> output, int field, string value) => Bytes(output, field, Encoding.UTF8.GetBytes(value));

    public static void Bytes(IBufferWriter<byte> output, int field, ReadOnlySpan<byte> value)
    {
        RawVarint(output, (ulong)(field << 3) | (ulong)WireType.LengthDelimited);
        RawVarint(output, (ulong)value.Length);
        output.Write(value);
    }

    private static void RawVarint(IBufferWriter<byte> output, ulong value)
    {
        var span = output.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        output.Advance(i);
    }
}
