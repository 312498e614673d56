using AttentionML.Embeddings;

namespace AttentionML.Tests.Embeddings;

public sealed class WordVectorsGloveSampleTests
{
    private const string SampleRelativePath = "shared/data/glove-6B-50d-10k/glove.6B.50d.10k.txt";

    // xunit 2 cannot skip at run time, so this test passes without asserting anything when the shared
    // data folder is not next to any folder above the test binaries.
    [Fact]
    public void Load_SharedGloveSampleIfPresent_Reads10000VectorsOf50()
    {
        string? path = FindSample();
        if (path is null)
        {
            return;
        }

        WordVectors vectors = WordVectors.Load(path);

        Assert.Equal(10_000, vectors.Count);
        Assert.Equal(50, vectors.Dimension);
        Assert.True(vectors.TryGetIndex("the", ignoreCase: false, out int index));
        Assert.Equal(0, index);
        Assert.Equal([0.418f, 0.24968f, -0.41242f], vectors.GetVector(index)[..3].ToArray());
    }

    private static string? FindSample()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null;
             directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, SampleRelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
