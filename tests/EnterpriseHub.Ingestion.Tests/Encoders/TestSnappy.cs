namespace EnterpriseHub.Ingestion.Tests.Encoders;

/// <summary>
/// A snappy block compressor for tests, written from the format description: greedy 4-byte matches found through a
/// hash table, emitted as 1-byte-offset copies when they fit (length 4–11, offset below 2048) and 2-byte-offset
/// copies otherwise; everything else as literals (with 1- and 2-byte length extensions for long literals).
/// </summary>
public static class TestSnappy
{
    public static byte[] Compress(ReadOnlySpan<byte> input, bool useCopies = true)
    {
        var output = new List<byte>(input.Length / 2 + 16);
        var length = (uint)input.Length;
        while (length >= 0x80)
        {
            output.Add((byte)(length | 0x80));
            length >>= 7;
        }

        output.Add((byte)length);
        var table = new Dictionary<int, int>();
        var literalStart = 0;
        var i = 0;
        while (useCopies && i + 4 <= input.Length)
        {
            var key = BitConverter.ToInt32(input.Slice(i, 4));
            if (table.TryGetValue(key, out var candidate) && i - candidate <= ushort.MaxValue)
            {
                var matched = 4;
                while (i + matched < input.Length && matched < 64 && input[candidate + matched] == input[i + matched])
                {
                    matched++;
                }

                Literal(output, input[literalStart..i]);
                Copy(output, i - candidate, matched);
                table[key] = i;
                i += matched;
                literalStart = i;
            }
            else
            {
                table[key] = i;
                i++;
            }
        }

        Literal(output, input[literalStart..]);
        return [.. output];
    }

    public static void Literal(List<byte> output, ReadOnlySpan<byte> literal)
    {
        if (literal.IsEmpty)
        {
            return;
        }

        var n = literal.Length - 1;
        if (n < 60)
        {
            output.Add((byte)(n << 2));
        }
        else if (n < 256)
        {
            output.Add(60 << 2);
            output.Add((byte)n);
        }
        else
        {
            output.Add(61 << 2);
            output.Add((byte)n);
            output.Add((byte)(n >> 8));
        }

        output.AddRange(literal);
    }

    public static void Copy(List<byte> output, int offset, int length)
    {
        if (length is >= 4 and <= 11 && offset < 2048)
        {
            output.Add((byte)(((offset >> 8) << 5) | ((length - 4) << 2) | 1));
            output.Add((byte)offset);
        }
        else
        {
            output.Add((byte)(((length - 1) << 2) | 2));
            output.Add((byte)offset);
            output.Add((byte)(offset >> 8));
        }
    }
}
