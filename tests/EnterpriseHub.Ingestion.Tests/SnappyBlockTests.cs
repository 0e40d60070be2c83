using System.Text;
using EnterpriseHub.Ingestion.Compression;
using EnterpriseHub.Ingestion.Tests.Encoders;

namespace EnterpriseHub.Ingestion.Tests;

public class SnappyBlockTests
{
    public static TheoryData<string> Inputs() => ["empty", "one byte", "repetitive", "random", "overlapping pattern", "long literal"];

    private static byte[] Input(string name)
    {
        var random = new Random(7);
        switch (name)
        {
            case "empty":
                return [];
            case "one byte":
                return [42];
            case "repetitive":
                return Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("__name__ http_requests_total job checkout ", 3000)));
            case "random":
                var bytes = new byte[10_000];
                random.NextBytes(bytes);
                return bytes;
            case "overlapping pattern":
                return Encoding.ASCII.GetBytes("x" + new string('a', 5) + string.Concat(Enumerable.Repeat("ab", 500)));
            default:
                var literal = new byte[70_000];
                random.NextBytes(literal);
                return literal;
        }
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Decompresses_what_the_test_compressor_writes(string name)
    {
        var input = Input(name);
        var compressed = TestSnappy.Compress(input);

        Assert.Equal(input, Decompress(compressed));
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Decompresses_what_an_independent_snappy_implementation_writes(string name)
    {
        var input = Input(name);
        var compressed = IronSnappy.Snappy.Encode(input);

        Assert.Equal(input, Decompress(compressed));
    }

    [Fact]
    public void Repeats_a_pattern_when_a_copy_overlaps_its_own_output()
    {
        // "ab" then a copy of length 8 at offset 2: the copy reads bytes it is writing.
        var block = new List<byte> { 10 };
        TestSnappy.Literal(block, "ab"u8);
        TestSnappy.Copy(block, offset: 2, length: 8);

        Assert.Equal("ababababab", Encoding.ASCII.GetString(Decompress([.. block])));
    }

    [Fact]
    public void Rejects_a_copy_that_reaches_before_the_start_of_the_output()
    {
        var block = new List<byte> { 10 };
        TestSnappy.Literal(block, "ab"u8);
        TestSnappy.Copy(block, offset: 3, length: 8);

        var error = Assert.Throws<InvalidDataException>(() => Decompress([.. block]));
        Assert.Equal("corrupt snappy block: copy refers outside the output", error.Message);
    }

    [Fact]
    public void Rejects_a_block_shorter_than_its_declared_length()
    {
        var block = new List<byte> { 5 };
        TestSnappy.Literal(block, "abc"u8);

        var error = Assert.Throws<InvalidDataException>(() => Decompress([.. block]));
        Assert.Equal("corrupt snappy block: produced 3 bytes, the block declares 5", error.Message);
    }

    [Fact]
    public void Rejects_a_literal_that_runs_past_the_input()
    {
        byte[] block = [10, 9 << 2, (byte)'a', (byte)'b'];

        var error = Assert.Throws<InvalidDataException>(() => Decompress(block));
        Assert.Equal("corrupt snappy block: literal runs past the end", error.Message);
    }

    [Fact]
    public void Rejects_a_truncated_length_preamble()
    {
        var error = Assert.Throws<InvalidDataException>(() => SnappyBlock.GetUncompressedLength([0x80, 0x80]));
        Assert.Equal("corrupt snappy block: truncated length preamble", error.Message);
    }

    private static byte[] Decompress(byte[] compressed)
    {
        var output = new byte[SnappyBlock.GetUncompressedLength(compressed)];
        Assert.Equal(output.Length, SnappyBlock.Decompress(compressed, output));
        return output;
    }
}
