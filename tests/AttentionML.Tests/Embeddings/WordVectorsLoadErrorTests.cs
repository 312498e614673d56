using System.Text;
using AttentionML.Embeddings;

namespace AttentionML.Tests.Embeddings;

public sealed class WordVectorsLoadErrorTests
{
    [Fact]
    public void Load_LineWithOneValueTooFew_NamesFileLineAndCounts()
    {
        string row = string.Join(' ', Enumerable.Repeat("0.5", 50));
        string shortRow = string.Join(' ', Enumerable.Repeat("0.5", 49));
        var text = new StringBuilder();
        for (int i = 1; i <= 6; i++)
        {
            text.Append($"w{i} {row}\n");
        }

        text.Append($"w7 {shortRow}\n");

        (InvalidDataException error, string path) = LoadInvalid(text.ToString());

        Assert.Contains($"Line 7 of '{path}'", error.Message);
        Assert.Contains("has 49 values for the token 'w7', but line 1, the first vector, has 50 values",
            error.Message);
    }

    [Fact]
    public void Load_LineWithMoreValuesThanTheHeaderDeclares_NamesTheHeader()
    {
        (InvalidDataException error, string path) = LoadInvalid("2 2\nthe 1 2\ncat 1 2 3\n");

        Assert.Contains($"Line 3 of '{path}'", error.Message);
        Assert.Contains("has 3 values for the token 'cat', but the header on line 1 declares dimension 2",
            error.Message);
    }

    [Fact]
    public void Load_BlankLines_CountTowardLineNumbers()
    {
        (InvalidDataException error, string path) = LoadInvalid("\n\nthe 1 2\r\n\r\ncat 1\n");

        Assert.Contains($"Line 5 of '{path}'", error.Message);
    }

    [Theory]
    [InlineData("x2")]
    [InlineData("1,5")]
    [InlineData("0x10")]
    [InlineData("1.2.3")]
    public void Load_UnparsableValue_QuotesTheField(string field)
    {
        (InvalidDataException error, string path) = LoadInvalid($"the 1 2\ncat 1 {field}\n");

        Assert.Contains($"Line 2 of '{path}'", error.Message);
        Assert.Contains($"'{field}' as value 2 of the token 'cat', which is not a number", error.Message);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e39")]
    public void Load_NonFiniteValue_NamesTheField(string field)
    {
        (InvalidDataException error, string path) = LoadInvalid($"the 1 2\ncat {field} 1\n");

        Assert.Contains($"Line 2 of '{path}'", error.Message);
        Assert.Contains($"'{field}' as value 1 of the token 'cat'", error.Message);
        Assert.Contains("not a finite", error.Message);
    }

    [Fact]
    public void Load_HeaderCountAboveVectorsRead_NamesBothCounts()
    {
        (InvalidDataException error, string path) = LoadInvalid("3 2\nthe 1 2\ncat 3 4\n");

        Assert.Contains($"header on line 1 of '{path}' declares 3 vectors", error.Message);
        Assert.Contains("the file holds 2", error.Message);
    }

    [Fact]
    public void Load_HeaderCountBelowVectorsRead_NamesTheFirstExtraLine()
    {
        (InvalidDataException error, string path) = LoadInvalid("1 2\nthe 1 2\ncat 3 4\n");

        Assert.Contains($"Line 3 of '{path}'", error.Message);
        Assert.Contains("holds vector 2 ('cat'), but the header on line 1 declares only 1", error.Message);
    }

    [Fact]
    public void Load_HeaderClaimingATrillionVectors_FailsOnCountWithoutAllocatingForIt()
    {
        (InvalidDataException error, _) = LoadInvalid("1000000000000 2\nthe 1 2\ncat 3 4\n");

        Assert.Contains("declares 1000000000000 vectors, but the file holds 2", error.Message);
    }

    [Fact]
    public void Load_HeaderClaimingAHugeDimension_FailsOnTheFirstVector()
    {
        (InvalidDataException error, string path) = LoadInvalid("2 2000000000\nthe 1 2\n");

        Assert.Contains($"Line 2 of '{path}'", error.Message);
        Assert.Contains("has 2 values for the token 'the', but the header on line 1 declares dimension " +
            "2000000000", error.Message);
    }

    [Theory]
    [InlineData("-1 5", "vector count ('-1')")]
    [InlineData("99999999999999999999 5", "vector count ('99999999999999999999')")]
    [InlineData("3 0", "dimension ('0')")]
    [InlineData("3 -4", "dimension ('-4')")]
    [InlineData("3 3000000000", "dimension ('3000000000')")]
    public void Load_InvalidHeader_NamesTheField(string header, string expected)
    {
        (InvalidDataException error, string path) = LoadInvalid($"{header}\nthe 1 2\n");

        Assert.Contains($"Line 1 of '{path}' has a header whose {expected}", error.Message);
    }

    [Fact]
    public void Load_EmptyFile_SaysItIsEmpty()
    {
        (InvalidDataException error, string path) = LoadInvalid("");

        Assert.Equal($"The word-vector file '{path}' is empty.", error.Message);
    }

    [Fact]
    public void Load_OnlyBlankLines_SaysSo()
    {
        (InvalidDataException error, string path) = LoadInvalid("\n \t\r\n\n");

        Assert.Equal($"The word-vector file '{path}' has only blank lines (3).", error.Message);
    }

    [Fact]
    public void Load_HeaderWithoutVectors_SaysSo()
    {
        (InvalidDataException error, string path) = LoadInvalid("0 50\n");

        Assert.Equal($"The word-vector file '{path}' has a header on line 1 but no vectors.", error.Message);
    }

    [Fact]
    public void Load_DuplicateToken_NamesBothLines()
    {
        (InvalidDataException error, string path) = LoadInvalid("the 1\ncat 2\n\nthe 3\n");

        Assert.Contains($"Line 4 of '{path}' repeats the token 'the' from line 1", error.Message);
    }

    [Fact]
    public void Load_TokensDifferingOnlyByCase_AreNotDuplicates()
    {
        using var file = TempTextFile.Create("the 1\nThe 2\n");

        WordVectors vectors = WordVectors.Load(file.Path);

        Assert.Equal(2, vectors.Count);
    }

    [Theory]
    [InlineData("hello\n", 1)]
    [InlineData("the 1 2\ncat   \n", 2)]
    public void Load_TokenWithoutValues_NamesTheLine(string text, int line)
    {
        (InvalidDataException error, string path) = LoadInvalid(text);

        Assert.Contains($"Line {line} of '{path}' has the token", error.Message);
        Assert.Contains("but no values", error.Message);
    }

    [Fact]
    public void Load_InvalidUtf8InToken_NamesTheLine()
    {
        byte[] bytes = [.. "the 1\n"u8, 0xC3, 0x28, .. " 2\n"u8];

        (InvalidDataException error, string path) = LoadInvalid(bytes);

        Assert.Contains($"Line 2 of '{path}' has a token that is not valid UTF-8", error.Message);
    }

    [Fact]
    public void Load_Utf16File_SaysToSaveAsUtf8()
    {
        byte[] bytes = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("the 1\n")];

        (InvalidDataException error, string path) = LoadInvalid(bytes);

        Assert.Contains($"Line 1 of '{path}' starts with a UTF-16 byte order mark", error.Message);
    }

    [Fact]
    public void Load_StreamWithError_NamesTheSourceName()
    {
        using var stream = new MemoryStream("the 1 2\ncat 1\n"u8.ToArray());

        var error = Assert.Throws<InvalidDataException>(() => WordVectors.Load(stream, "upload.vec"));

        Assert.Equal(
            "Line 2 of 'upload.vec' has 1 value for the token 'cat', but line 1, the first vector, has " +
            "2 values.", error.Message);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFoundNamingThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), $"attentionml-missing-{Guid.NewGuid():N}.txt");

        var error = Assert.Throws<FileNotFoundException>(() => WordVectors.Load(path));

        Assert.Equal(path, error.FileName);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Load_NullPath_ThrowsArgumentNullForPath()
    {
        var error = Assert.Throws<ArgumentNullException>(() => WordVectors.Load((string)null!));

        Assert.Equal("path", error.ParamName);
    }

    [Fact]
    public void Load_EmptyPath_ThrowsArgumentExceptionForPath()
    {
        var error = Assert.Throws<ArgumentException>(() => WordVectors.Load(""));

        Assert.Equal("path", error.ParamName);
    }

    [Fact]
    public void Load_NullStream_ThrowsArgumentNullForStream()
    {
        var error = Assert.Throws<ArgumentNullException>(() => WordVectors.Load(null!, "name"));

        Assert.Equal("stream", error.ParamName);
    }

    [Fact]
    public void Load_UnreadableStream_ThrowsArgumentExceptionForStream()
    {
        var stream = new MemoryStream();
        stream.Dispose();

        var error = Assert.Throws<ArgumentException>(() => WordVectors.Load(stream, "name"));

        Assert.Equal("stream", error.ParamName);
    }

    [Fact]
    public void Load_EmptySourceName_ThrowsArgumentExceptionForSourceName()
    {
        using var stream = new MemoryStream();

        var error = Assert.Throws<ArgumentException>(() => WordVectors.Load(stream, ""));

        Assert.Equal("sourceName", error.ParamName);
    }

    private static (InvalidDataException Error, string Path) LoadInvalid(string text) =>
        LoadInvalid(new UTF8Encoding(false).GetBytes(text));

    private static (InvalidDataException Error, string Path) LoadInvalid(byte[] bytes)
    {
        using var file = TempTextFile.Create(bytes);
        var error = Assert.Throws<InvalidDataException>(() => WordVectors.Load(file.Path));
        return (error, file.Path);
    }
}
