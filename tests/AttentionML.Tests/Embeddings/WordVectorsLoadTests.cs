using System.Globalization;
using System.Text;
using AttentionML.Embeddings;

namespace AttentionML.Tests.Embeddings;

public sealed class WordVectorsLoadTests
{
    [Fact]
    public void Load_GloveFormat_ReadsTokensAndVectorsInFileOrder()
    {
        using var file = TempTextFile.Create("the 0.5 -1.25 3\ncat 1e-3 -2.5E+2 +4\ndog 0 0 0\n");

        WordVectors vectors = WordVectors.Load(file.Path);

        Assert.Equal(3, vectors.Count);
        Assert.Equal(3, vectors.Dimension);
        Assert.Equal(["the", "cat", "dog"], vectors.Tokens);
        Assert.Equal([0.5f, -1.25f, 3f], vectors.GetVector(0).ToArray());
        Assert.Equal([0.001f, -250f, 4f], vectors.GetVector(1).ToArray());
        Assert.Equal([0f, 0f, 0f], vectors.GetVector(2).ToArray());
    }

    [Fact]
    public void Load_Word2VecHeader_TakesDimensionFromHeaderAndSkipsIt()
    {
        using var file = TempTextFile.Create("2 3\nthe 1 2 3\ncat 4 5 6\n");

        WordVectors vectors = WordVectors.Load(file.Path);

        Assert.Equal(2, vectors.Count);
        Assert.Equal(3, vectors.Dimension);
        Assert.Equal(["the", "cat"], vectors.Tokens);
        Assert.Equal([4f, 5f, 6f], vectors.GetVector(1).ToArray());
    }

    [Fact]
    public void Load_HeaderAfterBlankLinesWithTrailingSpace_IsDetected()
    {
        using var file = TempTextFile.Create("\n\n1 2 \t\nthe 1 2\n");

        WordVectors vectors = WordVectors.Load(file.Path);

        Assert.Equal(1, vectors.Count);
        Assert.Equal(2, vectors.Dimension);
    }

    [Fact]
    public void Load_FirstLineWithThreeIntegers_IsAVectorNotAHeader()
    {
        using var file = TempTextFile.Create("5 3 1\n7 2 0\n");

        WordVectors vectors = WordVectors.Load(file.Path);

        Assert.Equal(2, vectors.Count);
        Assert.Equal(2, vectors.Dimension);
        Assert.Equal(["5", "7"], vectors.Tokens);
    }

    [Fact]
    public void Load_OneDimensionalGlove_ReadsTokenAndValue()
    {
        using var file = TempTextFile.Create("the 0.5\ncat 2\n");

        WordVectors vectors = WordVectors.Load(file.Path);

        Assert.Equal(1, vectors.Dimension);
        Assert.Equal([2f], vectors.GetVector(1).ToArray());
    }

    [Fact]
    public void Load_CrlfBomTabsRepeatedAndTrailingSpaces_AreTolerated()
    {
        byte[] bom = [0xEF, 0xBB, 0xBF];
        byte[] text = Encoding.UTF8.GetBytes("the\t1  2 \r\n\r\n  cat 3\t\t4\t\r\ndog 5 6");
        using var file = TempTextFile.Create([.. bom, .. text]);

        WordVectors vectors = WordVectors.Load(file.Path);

        Assert.Equal(["the", "cat", "dog"], vectors.Tokens);
        Assert.Equal(2, vectors.Dimension);
        Assert.Equal([3f, 4f], vectors.GetVector(1).ToArray());
        Assert.Equal([5f, 6f], vectors.GetVector(2).ToArray());
    }

    [Fact]
    public void Load_NonAsciiTokensAndNoBreakSpace_KeepsThemInTheToken()
    {
        using var file = TempTextFile.Create("café 1\n日本 2\na\u00A0b 3\n");

        WordVectors vectors = WordVectors.Load(file.Path);

        Assert.Equal(["café", "日本", "a\u00A0b"], vectors.Tokens);
    }

    [Fact]
    public void Load_ManyLinesAcrossBufferBoundaries_ReadsEveryValueExactly()
    {
        var random = new Random(1234);
        float[][] expected = new float[5000][];
        var text = new StringBuilder();
        for (int row = 0; row < expected.Length; row++)
        {
            expected[row] = new float[50];
            text.Append("w").Append(row);
            for (int i = 0; i < 50; i++)
            {
                expected[row][i] = (float)(random.NextDouble() * 20 - 10);
                text.Append(' ').Append(expected[row][i].ToString("R", CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }

        using var file = TempTextFile.Create(text.ToString());

        WordVectors vectors = WordVectors.Load(file.Path);

        Assert.Equal(expected.Length, vectors.Count);
        for (int row = 0; row < expected.Length; row++)
        {
            Assert.Equal($"w{row}", vectors.Tokens[row]);
            Assert.Equal(expected[row], vectors.GetVector(row).ToArray());
        }
    }

    [Fact]
    public void Load_LineLongerThanTheReadBuffer_ReadsIt()
    {
        const int Dimension = 40_000;
        string values = string.Join(' ', Enumerable.Range(0, Dimension).Select(i => i % 7));
        using var file = TempTextFile.Create($"long {values}\nshort {values}");

        WordVectors vectors = WordVectors.Load(file.Path);

        Assert.Equal(2, vectors.Count);
        Assert.Equal(Dimension, vectors.Dimension);
        Assert.Equal((Dimension - 1) % 7, vectors.GetVector(1)[Dimension - 1]);
        Assert.Equal(3f, vectors.GetVector(0)[10]);
    }

    [Fact]
    public void Load_Stream_ReadsItAndLeavesItOpen()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("the 1 2\n"));

        WordVectors vectors = WordVectors.Load(stream, "memory");

        Assert.Equal(1, vectors.Count);
        Assert.True(stream.CanRead);
    }
}
