using System.Buffers.Binary;
using System.Text;

namespace EnterpriseHub.Ingestion.Tests.Encoders;

/// <summary>A protocol buffers writer for test payloads, written from the encoding guide: tags, varints, fixed
/// numbers, length-delimited fields, packed repeated fields.</summary>
public sealed class ProtoBuilder
{
    private readonly List<byte> _bytes = [];

    public int Length => _bytes.Count;

    public ProtoBuilder Tag(int field, int wireType)
    {
        RawVarint((ulong)((field << 3) | wireType));
        return this;
    }

    public ProtoBuilder Varint(int field, ulong value) => Tag(field, 0).RawVarint(value);

    public ProtoBuilder SInt32(int field, int value) => Varint(field, (ulong)(uint)((value << 1) ^ (value >> 31)));

    public ProtoBuilder Fixed64(int field, ulong value) => Tag(field, 1).RawFixed64(value);

    public ProtoBuilder Double(int field, double value) => Fixed64(field, BitConverter.DoubleToUInt64Bits(value));

    public ProtoBuilder String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoBuilder Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, 2).RawVarint((ulong)value.Length);
        foreach (var b in value)
        {
            _bytes.Add(b);
        }

        return this;
    }

    public ProtoBuilder Message(int field, ProtoBuilder message) => Bytes(field, message.ToArray());

    public ProtoBuilder Message(int field, Action<ProtoBuilder> build)
    {
        var message = new ProtoBuilder();
        build(message);
        return Message(field, message);
    }

    public ProtoBuilder PackedFixed64(int field, params ulong[] values)
    {
        var packed = new ProtoBuilder();
        foreach (var v in values)
        {
            packed.RawFixed64(v);
        }

        return Bytes(field, packed.ToArray());
    }

    public ProtoBuilder PackedDouble(int field, params double[] values) =>
        PackedFixed64(field, values.Select(BitConverter.DoubleToUInt64Bits).ToArray());

    public ProtoBuilder PackedVarint(int field, params ulong[] values)
    {
        var packed = new ProtoBuilder();
        foreach (var v in values)
        {
            packed.RawVarint(v);
        }

        return Bytes(field, packed.ToArray());
    }

    public ProtoBuilder RawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        _bytes.Add((byte)value);
        return this;
    }

    public ProtoBuilder RawFixed64(ulong value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(buffer, value);
        foreach (var b in buffer)
        {
            _bytes.Add(b);
        }

        return this;
    }

    public byte[] ToArray() => [.. _bytes];
}
