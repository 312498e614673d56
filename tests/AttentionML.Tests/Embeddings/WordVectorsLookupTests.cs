using AttentionML.Embeddings;

namespace AttentionML.Tests.Embeddings;

public sealed class WordVectorsLookupTests
{
    private static readonly WordVectors CasedVectors = WordVectors.FromDictionary(
        new Dictionary<string, float[]>
        {
            ["Apple"] = [1f],
            ["APPLE"] = [2f],
            ["apple"] = [3f],
            ["pear"] = [4f],
        });

    [Fact]
    public void TryGetIndex_ExactToken_ReturnsItsRow()
    {
        bool found = CasedVectors.TryGetIndex("apple", ignoreCase: false, out int index);

        Assert.True(found);
        Assert.Equal(2, index);
    }

    [Fact]
    public void TryGetIndex_OtherCaseWithoutIgnoreCase_ReturnsFalseAndMinusOne()
    {
        bool found = CasedVectors.TryGetIndex("PEAR", ignoreCase: false, out int index);

        Assert.False(found);
        Assert.Equal(-1, index);
    }

    [Fact]
    public void TryGetIndex_OtherCaseWithIgnoreCase_FindsIt()
    {
        bool found = CasedVectors.TryGetIndex("PEAR", ignoreCase: true, out int index);

        Assert.True(found);
        Assert.Equal(3, index);
    }

    [Fact]
    public void TryGetIndex_SeveralCaseVariantsWithIgnoreCase_FirstInOrderWins()
    {
        bool found = CasedVectors.TryGetIndex("aPPle", ignoreCase: true, out int index);

        Assert.True(found);
        Assert.Equal(0, index);
    }

    [Fact]
    public void TryGetIndex_ExactMatchWithIgnoreCase_PrefersTheExactToken()
    {
        bool found = CasedVectors.TryGetIndex("APPLE", ignoreCase: true, out int index);

        Assert.True(found);
        Assert.Equal(1, index);
    }

    [Fact]
    public void TryGetIndex_UnknownToken_ReturnsFalseAndMinusOne()
    {
        bool found = CasedVectors.TryGetIndex("plum", ignoreCase: true, out int index);

        Assert.False(found);
        Assert.Equal(-1, index);
    }

    [Fact]
    public void TryGetIndex_NullToken_ThrowsArgumentNullForToken()
    {
        var error = Assert.Throws<ArgumentNullException>(
            () => CasedVectors.TryGetIndex(null!, ignoreCase: false, out _));

        Assert.Equal("token", error.ParamName);
    }

    [Fact]
    public void TryGetIndex_CalledFromManyThreads_AgreesEverywhere()
    {
        WordVectors vectors = WordVectors.FromDictionary(
            Enumerable.Range(0, 1000).ToDictionary(i => $"Word{i}", i => new[] { (float)i }));

        int[] found = new int[64];
        Parallel.For(0, found.Length, i => vectors.TryGetIndex($"WORD{i * 10}", true, out found[i]));

        Assert.Equal(Enumerable.Range(0, 64).Select(i => i * 10), found);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    public void GetVector_IndexOutsideVocabulary_ThrowsArgumentOutOfRangeForIndex(int index)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => CasedVectors.GetVector(index));

        Assert.Equal("index", error.ParamName);
        Assert.StartsWith($"index ({index}) must be from 0 to 3.", error.Message);
    }

    [Fact]
    public void Tokens_CastToACollection_IsReadOnly()
    {
        var collection = (ICollection<string>)CasedVectors.Tokens;

        Assert.True(collection.IsReadOnly);
        Assert.Throws<NotSupportedException>(() => collection.Add("plum"));
    }
}
