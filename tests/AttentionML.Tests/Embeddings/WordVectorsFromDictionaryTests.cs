using System.Collections;
using AttentionML.Embeddings;

namespace AttentionML.Tests.Embeddings;

public sealed class WordVectorsFromDictionaryTests
{
    [Fact]
    public void FromDictionary_ValidVectors_KeepsEnumerationOrderAndValues()
    {
        var source = new Dictionary<string, float[]>
        {
            ["zebra"] = [1f, 2f],
            ["apple"] = [3f, 4f],
            ["mango"] = [-5f, 6.5f],
        };

        WordVectors vectors = WordVectors.FromDictionary(source);

        Assert.Equal(3, vectors.Count);
        Assert.Equal(2, vectors.Dimension);
        Assert.Equal(["zebra", "apple", "mango"], vectors.Tokens);
        Assert.Equal([-5f, 6.5f], vectors.GetVector(2).ToArray());
    }

    [Fact]
    public void FromDictionary_SourceChangedAfterwards_KeepsItsCopy()
    {
        float[] vector = [1f, 2f];
        var source = new Dictionary<string, float[]> { ["cat"] = vector };

        WordVectors vectors = WordVectors.FromDictionary(source);
        vector[0] = 99f;

        Assert.Equal(1f, vectors.GetVector(0)[0]);
    }

    [Fact]
    public void FromDictionary_Null_ThrowsArgumentNullForVectors()
    {
        var error = Assert.Throws<ArgumentNullException>(() => WordVectors.FromDictionary(null!));

        Assert.Equal("vectors", error.ParamName);
    }

    [Fact]
    public void FromDictionary_Empty_ThrowsForVectors()
    {
        var error = Assert.Throws<ArgumentException>(
            () => WordVectors.FromDictionary(new Dictionary<string, float[]>()));

        Assert.Equal("vectors", error.ParamName);
        Assert.StartsWith("vectors is empty", error.Message);
    }

    [Fact]
    public void FromDictionary_VectorOfDifferentLength_NamesTokenAndLengths()
    {
        var source = new Dictionary<string, float[]> { ["dog"] = [1f, 2f], ["cat"] = [1f, 2f, 3f] };

        var error = Assert.Throws<ArgumentException>(() => WordVectors.FromDictionary(source));

        Assert.Equal("vectors", error.ParamName);
        Assert.StartsWith(
            "The vector for token 'cat' has 3 values, but the first vector has 2.", error.Message);
    }

    [Fact]
    public void FromDictionary_NullVector_NamesTheToken()
    {
        var source = new Dictionary<string, float[]> { ["dog"] = [1f], ["cat"] = null! };

        var error = Assert.Throws<ArgumentException>(() => WordVectors.FromDictionary(source));

        Assert.Equal("vectors", error.ParamName);
        Assert.StartsWith("The vector for token 'cat' is null or empty", error.Message);
    }

    [Fact]
    public void FromDictionary_EmptyFirstVector_NamesTheToken()
    {
        var source = new Dictionary<string, float[]> { ["dog"] = [] };

        var error = Assert.Throws<ArgumentException>(() => WordVectors.FromDictionary(source));

        Assert.StartsWith("The vector for token 'dog' is null or empty", error.Message);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    [InlineData(float.NegativeInfinity, "-Infinity")]
    public void FromDictionary_NonFiniteValue_NamesTokenValueAndPosition(float value, string text)
    {
        var source = new Dictionary<string, float[]> { ["cat"] = [0f, value] };

        var error = Assert.Throws<ArgumentException>(() => WordVectors.FromDictionary(source));

        Assert.Equal("vectors", error.ParamName);
        Assert.StartsWith($"The vector for token 'cat' has {text} at position 1;", error.Message);
    }

    [Fact]
    public void FromDictionary_EmptyToken_NamesThePosition()
    {
        var source = new Dictionary<string, float[]> { ["cat"] = [1f], [""] = [2f] };

        var error = Assert.Throws<ArgumentException>(() => WordVectors.FromDictionary(source));

        Assert.Equal("vectors", error.ParamName);
        Assert.StartsWith("vectors holds a null or empty token at position 1", error.Message);
    }

    [Fact]
    public void FromDictionary_NullToken_NamesThePosition()
    {
        var source = new PairList([new(null!, [1f])]);

        var error = Assert.Throws<ArgumentException>(() => WordVectors.FromDictionary(source));

        Assert.StartsWith("vectors holds a null or empty token at position 0", error.Message);
    }

    [Fact]
    public void FromDictionary_RepeatedToken_NamesIt()
    {
        var source = new PairList([new("cat", [1f]), new("cat", [2f])]);

        var error = Assert.Throws<ArgumentException>(() => WordVectors.FromDictionary(source));

        Assert.Equal("vectors", error.ParamName);
        Assert.StartsWith("vectors holds the token 'cat' twice", error.Message);
    }

    [Fact]
    public void FromDictionary_UnpairedSurrogateInToken_NamesThePosition()
    {
        var source = new Dictionary<string, float[]> { ["bad\uD800"] = [1f] };

        var error = Assert.Throws<ArgumentException>(() => WordVectors.FromDictionary(source));

        Assert.StartsWith("The token at position 0 contains an unpaired surrogate", error.Message);
    }

    // A dictionary view that can hold what Dictionary cannot: null and repeated keys.
    private sealed class PairList(KeyValuePair<string, float[]>[] pairs)
        : IReadOnlyDictionary<string, float[]>
    {
        public int Count => pairs.Length;

        public IEnumerable<string> Keys => pairs.Select(pair => pair.Key);

        public IEnumerable<float[]> Values => pairs.Select(pair => pair.Value);

        public float[] this[string key] => throw new NotSupportedException();

        public bool ContainsKey(string key) => throw new NotSupportedException();

        public bool TryGetValue(string key, out float[] value) => throw new NotSupportedException();

        public IEnumerator<KeyValuePair<string, float[]>> GetEnumerator() =>
            ((IEnumerable<KeyValuePair<string, float[]>>)pairs).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
