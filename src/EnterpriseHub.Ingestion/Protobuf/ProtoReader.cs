using System.Buffers.Binary;

namespace EnterpriseHub.Ingestion.Protobuf;

/// <summary>
/// A forward-only protocol buffers reader over a span: tags, varints, fixed-width numbers and length-delimited
/// slices. It never allocates; nested messages are read with a new reader over the slice. Malformed input throws
/// <see cref="ProtoFormatException"/>.
/// </summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    /// <summary>The offset of the next byte.</summary>
    public readonly int Position => _position;

    /// <summary>Whether every byte was read.</summary>
    public readonly bool End => _position >= _data.Length;

    /// <summary>Reads the next field's tag; false at the end of the message.</summary>
    public bool TryReadTag(out int field, out WireType wireType)
    {
        if (_position >= _data.Length)
        {
            field = 0;
            wireType = 0;
            return false;
        }

        var tag = ReadVarint();
        field = (int)(tag >> 3);
        wireType = (WireType)(tag & 7);
        if (field <= 0 || tag >> 3 > int.MaxValue)
        {
            throw new ProtoFormatException($"invalid field number at byte {_position}");
        }

        return true;
    }

    /// <summary>Reads a base-128 varint.</summary>
    public ulong ReadVarint()
    {
        var data = _data;
        var position = _position;
        if ((uint)position < (uint)data.Length && data[position] < 0x80)
        {
            _position = position + 1;
            return data[position];
        }

        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= data.Length)
            {
                throw new ProtoFormatException("truncated varint");
            }

            var b = data[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                _position = position;
                return result;
            }
        }

        throw new ProtoFormatException("varint longer than 10 bytes");
    }

    /// <summary>Reads 8 little-endian bytes.</summary>
    public ulong ReadFixed64()
    {
        if (_data.Length - _position < 8)
        {
            throw new ProtoFormatException("truncated fixed64");
        }

        var value = BinaryPrimitives.ReadUInt64LittleEndian(_data.Slice(_position, 8));
        _position += 8;
        return value;
    }

    /// <summary>Reads 4 little-endian bytes.</summary>
    public uint ReadFixed32()
    {
        if (_data.Length - _position < 4)
        {
            throw new ProtoFormatException("truncated fixed32");
        }

        var value = BinaryPrimitives.ReadUInt32LittleEndian(_data.Slice(_position, 4));
        _position += 4;
        return value;
    }

    /// <summary>Reads a double (wire type fixed64).</summary>
    public double ReadDouble() => BitConverter.UInt64BitsToDouble(ReadFixed64());

    /// <summary>Reads a length-delimited field's bytes.</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw new ProtoFormatException($"length {length} at byte {_position} runs past the end of the message");
        }

        var slice = _data.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    /// <summary>Skips a field of an unknown number.</summary>
    public void Skip(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                ReadFixed64();
                break;
            case WireType.LengthDelimited:
                ReadLengthDelimited();
                break;
            case WireType.Fixed32:
                ReadFixed32();
                break;
            default:
                throw new ProtoFormatException($"unsupported wire type {(int)wireType} at byte {_position}");
        }
    }

    /// <summary>Throws unless <paramref name="actual"/> is <paramref name="expected"/>.</summary>
    public static void Expect(WireType actual, WireType expected, string field)
    {
        if (actual != expected)
        {
            throw new ProtoFormatException($"field '{field}' has wire type {(int)actual}, expected {(int)expected}");
        }
    }
}

/// <summary>The bytes are not a valid protocol buffers message of the expected type.</summary>
internal sealed class ProtoFormatException(string message) : Exception(message);
