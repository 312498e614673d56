using AttentionML.Embeddings;

namespace AttentionML.Tests.Embeddings;

public sealed class WordVectorsGloveSampleTests
{
    [SharedDataFact]
    public void Load_SharedGloveExcerpt_Reads10000VectorsOf50()
    {
        var path = RepositoryFiles.Find(RepositoryFiles.SharedGlove)!;

        var vectors = WordVectors.Load(path);

        Assert.Equal(10_000, vectors.Count);
        Assert.Equal(50, vectors.Dimension);
        Assert.True(vectors.TryGetIndex("the", ignoreCase: false, out var index));
        Assert.Equal(0, index);
        Assert.Equal([0.418f, 0.24968f, -0.41242f], vectors.GetVector(index)[..3].ToArray());
        Assert.True(vectors.TryGetIndex("quinn", ignoreCase: false, out var last));
        Assert.Equal(9_999, last);
    }

    [Fact]
    public void Load_GloveSubsetShippedWithTheSample_Reads3047VectorsOf50()
    {
        var path = RepositoryFiles.Find(RepositoryFiles.SampleGlove);
        Assert.NotNull(path);

        var vectors = WordVectors.Load(path);

        Assert.Equal(3_047, vectors.Count);
        Assert.Equal(50, vectors.Dimension);
        Assert.True(vectors.TryGetIndex("the", ignoreCase: false, out var index));
        Assert.Equal([0.418f, 0.24968f, -0.41242f], vectors.GetVector(index)[..3].ToArray());
    }
}
