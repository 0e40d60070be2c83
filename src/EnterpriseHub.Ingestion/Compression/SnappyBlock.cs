using System.Buffers.Binary;

namespace EnterpriseHub.Ingestion.Compression;

/// <summary>
/// Decoder of the snappy block format (google/snappy format_description.txt), the encoding Prometheus remote_write
/// bodies use (not the framed stream format). A block is the uncompressed length as a varint, then elements:
/// literals and back-references (copies) into the output written so far.
/// </summary>
public static class SnappyBlock
{
    /// <summary>Reads the declared uncompressed length from the block's preamble.</summary>
    /// <exception cref="InvalidDataException">The preamble is not a valid varint of at most 32 bits.</exception>
    public static int GetUncompressedLength(ReadOnlySpan<byte> compressed) => ReadPreamble(compressed, out _);

    /// <summary>Decompresses <paramref name="compressed"/> into <paramref name="destination"/>, which must hold at
    /// least <see cref="GetUncompressedLength"/> bytes; returns the number of bytes written.</summary>
    /// <exception cref="InvalidDataException">The block is corrupt or does not produce exactly its declared length.</exception>
    public static int Decompress(ReadOnlySpan<byte> compressed, Span<byte> destination)
    {
        var length = ReadPreamble(compressed, out var s);
        if (destination.Length < length)
        {
            throw new ArgumentException("The destination is shorter than the uncompressed length.", nameof(destination));
        }

        var dst = destination[..length];
        var d = 0;
        while (s < compressed.Length)
        {
            var tag = compressed[s++];
            int len;
            int offset;
            switch (tag & 3)
            {
                case 0:
                    len = tag >> 2;
                    if (len >= 60)
                    {
                        var extra = len - 59;
                        if (compressed.Length - s < extra)
                        {
                            throw Corrupt("truncated literal length");
                        }

                        len = 0;
                        for (var i = 0; i < extra; i++)
                        {
                            len |= compressed[s + i] << (8 * i);
                        }

                        s += extra;
                        if (len < 0)
                        {
                            throw Corrupt("literal length out of range");
                        }
                    }

                    len++;
                    if (compressed.Length - s < len || dst.Length - d < len)
                    {
                        throw Corrupt("literal runs past the end");
                    }

                    compressed.Slice(s, len).CopyTo(dst[d..]);
                    s += len;
                    d += len;
                    continue;
                case 1:
                    if (s >= compressed.Length)
                    {
                        throw Corrupt("truncated copy");
                    }

                    len = 4 + ((tag >> 2) & 7);
                    offset = ((tag >> 5) << 8) | compressed[s++];
                    break;
                case 2:
                    if (compressed.Length - s < 2)
                    {
                        throw Corrupt("truncated copy");
                    }

                    len = 1 + (tag >> 2);
                    offset = BinaryPrimitives.ReadUInt16LittleEndian(compressed.Slice(s, 2));
                    s += 2;
                    break;
                default:
                    if (compressed.Length - s < 4)
                    {
                        throw Corrupt("truncated copy");
                    }

                    len = 1 + (tag >> 2);
                    var wide = BinaryPrimitives.ReadUInt32LittleEndian(compressed.Slice(s, 4));
                    if (wide > int.MaxValue)
                    {
                        throw Corrupt("copy offset out of range");
                    }

                    offset = (int)wide;
                    s += 4;
                    break;
            }

            if (offset == 0 || offset > d || dst.Length - d < len)
            {
                throw Corrupt("copy refers outside the output");
            }

            if (offset >= len)
            {
                dst.Slice(d - offset, len).CopyTo(dst[d..]);
                d += len;
            }
            else
            {
                // Overlapping copy: a repeated pattern, byte by byte as the format defines it.
                for (var end = d + len; d < end; d++)
                {
                    dst[d] = dst[d - offset];
                }
            }
        }

        if (d != length)
        {
            throw Corrupt($"produced {d} bytes, the block declares {length}");
        }

        return length;
    }

    private static int ReadPreamble(ReadOnlySpan<byte> compressed, out int consumed)
    {
        ulong result = 0;
        for (var i = 0; i < 5; i++)
        {
            if (i >= compressed.Length)
            {
                throw Corrupt("truncated length preamble");
            }

            var b = compressed[i];
            result |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                if (result > int.MaxValue)
                {
                    throw Corrupt("uncompressed length out of range");
                }

                consumed = i + 1;
                return (int)result;
            }
        }

        throw Corrupt("length preamble longer than 5 bytes");
    }

    private static InvalidDataException Corrupt(string what) => new($"corrupt snappy block: {what}");
}
