using System.Buffers.Binary;
using AttentionML.Embeddings;

namespace AttentionML.Tests.Embeddings;

public sealed class WordVectorsBinaryTests
{
    private static readonly WordVectors Sample = WordVectors.FromDictionary(
        new Dictionary<string, float[]>
        {
            ["the"] = [0.418f, 0.24968f, -0.41242f],
            ["café"] = [1e-30f, -3.5e30f, 0f],
            ["日本"] = [-1f, 2f, float.Epsilon],
        });

    [Fact]
    public void Read_WhatWriteWrote_RestoresTokensValuesAndLookups()
    {
        byte[] bytes = Serialize(Sample);

        WordVectors copy = Deserialize(bytes, bytes.Length);

        Assert.Equal(Sample.Dimension, copy.Dimension);
        Assert.Equal(Sample.Tokens, copy.Tokens);
        for (int i = 0; i < Sample.Count; i++)
        {
            Assert.Equal(Sample.GetVector(i).ToArray(), copy.GetVector(i).ToArray());
        }

        Assert.True(copy.TryGetIndex("CAFÉ", ignoreCase: true, out int index));
        Assert.Equal(1, index);
    }

    [Fact]
    public void Read_DataFollowedByOtherBytes_StopsAtItsEnd()
    {
        byte[] bytes = [.. Serialize(Sample), 1, 2, 3];
        using var stream = new MemoryStream(bytes);
        using var reader = new BinaryReader(stream);

        WordVectors copy = WordVectors.Read(reader, bytes.Length);

        Assert.Equal(3, copy.Count);
        Assert.Equal(bytes.Length - 3, stream.Position);
    }

    [Fact]
    public void Read_EveryTruncationWithHonestLength_ThrowsInvalidData()
    {
        byte[] bytes = Serialize(Sample);

        for (int length = 0; length < bytes.Length; length++)
        {
            byte[] prefix = bytes[..length];

            var error = Assert.Throws<InvalidDataException>(() => Deserialize(prefix, prefix.Length));

            Assert.Contains("corrupt or truncated", error.Message);
        }
    }

    [Fact]
    public void Read_EveryTruncationClaimingFullLength_ThrowsInvalidData()
    {
        byte[] bytes = Serialize(Sample);

        for (int length = 0; length < bytes.Length; length++)
        {
            byte[] prefix = bytes[..length];

            var error = Assert.Throws<InvalidDataException>(() => Deserialize(prefix, bytes.Length));

            Assert.Contains("corrupt or truncated", error.Message);
        }
    }

    [Fact]
    public void Read_EverySingleByteCorrupted_ReadsOrThrowsInvalidDataOnly()
    {
        byte[] bytes = Serialize(Sample);
        var random = new Random(42);

        for (int position = 0; position < bytes.Length; position++)
        {
            foreach (byte replacement in new byte[] { 0x00, 0xFF, 0x80, (byte)random.Next(256) })
            {
                byte[] corrupted = (byte[])bytes.Clone();
                corrupted[position] = replacement;

                Exception? error = Record.Exception(() => Deserialize(corrupted, corrupted.Length));

                Assert.True(error is null or InvalidDataException, $"Byte {position}: {error}");
            }
        }
    }

    [Theory]
    [InlineData(0, 2, "format version is 2")]
    [InlineData(4, 0, "count (0)")]
    [InlineData(4, -1, "count (-1)")]
    [InlineData(8, 0, "dimension (0)")]
    [InlineData(4, int.MaxValue, "need at least")]
    [InlineData(8, int.MaxValue, "need at least")]
    [InlineData(12, int.MaxValue, "token 0 has a length of 2147483647 bytes")]
    [InlineData(12, -5, "token 0 has a length of -5 bytes")]
    [InlineData(12, 0, "token 0 has a length of 0 bytes")]
    public void Read_CorruptInt32Field_ThrowsInvalidDataNamingIt(int offset, int value, string expected)
    {
        byte[] bytes = Serialize(Sample);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offset), value);

        var error = Assert.Throws<InvalidDataException>(() => Deserialize(bytes, bytes.Length));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Read_InvalidUtf8Token_ThrowsInvalidData()
    {
        byte[] bytes = Serialize(Sample);
        bytes[16] = 0xC3;
        bytes[17] = 0x28;

        var error = Assert.Throws<InvalidDataException>(() => Deserialize(bytes, bytes.Length));

        Assert.Contains("token 0 is not valid UTF-8", error.Message);
    }

    [Fact]
    public void Read_RepeatedToken_ThrowsInvalidData()
    {
        WordVectors vectors = WordVectors.FromDictionary(
            new Dictionary<string, float[]> { ["ab"] = [1f], ["ac"] = [2f] });
        byte[] bytes = Serialize(vectors);
        bytes[12 + 4 + 2 + 4 + 1] = (byte)'b';

        var error = Assert.Throws<InvalidDataException>(() => Deserialize(bytes, bytes.Length));

        Assert.Contains("token 1 ('ab') repeats token 0", error.Message);
    }

    [Fact]
    public void Read_NaNValue_ThrowsInvalidData()
    {
        byte[] bytes = Serialize(Sample);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(bytes.Length - 4), float.NaN);

        var error = Assert.Throws<InvalidDataException>(() => Deserialize(bytes, bytes.Length));

        Assert.Contains("value 8 is NaN", error.Message);
    }

    [Fact]
    public void Read_NegativeRemainingBytes_ThrowsArgumentOutOfRange()
    {
        using var reader = new BinaryReader(new MemoryStream());

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => WordVectors.Read(reader, -1));

        Assert.Equal("remainingBytes", error.ParamName);
    }

    private static byte[] Serialize(WordVectors vectors)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            vectors.Write(writer);
        }

        return stream.ToArray();
    }

    private static WordVectors Deserialize(byte[] bytes, long remainingBytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        return WordVectors.Read(reader, remainingBytes);
    }
}
