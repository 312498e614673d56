using AttentionML.Embeddings;
using AttentionML.Transforms;
using Microsoft.ML;
using static AttentionML.Tests.Transforms.PipelineFixtures;

namespace AttentionML.Tests.Transforms;

public sealed class EmbedTokensTests
{
    [Fact]
    public void Transform_UnknownTokenByDefault_GetsZeroVectorInPlace()
    {
        var embedded = Embed(new TokenEmbeddingOptions(), "the dog cat");

        Assert.Equal([0.2f, 0.5f, 0f, 0f, 0.8f, 0.1f], embedded.Single());
    }

    [Fact]
    public void Transform_DropUnknown_LeavesTokenOut()
    {
        var embedded = Embed(new TokenEmbeddingOptions { UnknownTokens = UnknownTokenHandling.Drop }, "the dog cat");

        Assert.Equal([0.2f, 0.5f, 0.8f, 0.1f], embedded.Single());
    }

    [Fact]
    public void Transform_IgnoreCaseFallback_FindsDifferentlyCasedToken()
    {
        var exact = Embed(new TokenEmbeddingOptions(), "The CAT");
        var fallback = Embed(new TokenEmbeddingOptions { IgnoreCaseFallback = true }, "The CAT");

        Assert.Equal(new float[4], exact.Single());
        Assert.Equal([0.2f, 0.5f, 0.8f, 0.1f], fallback.Single());
    }

    [Fact]
    public void Transform_LongRow_TruncatedToMaxTokens()
    {
        var embedded = Embed(new TokenEmbeddingOptions { MaxTokens = 2 }, "sat cat the the");

        Assert.Equal([0.3f, 0.9f, 0.8f, 0.1f], embedded.Single());
    }

    [Fact]
    public void Transform_EmptyText_GivesEmptyMatrixAndZeroPooledVector()
    {
        var ml = new MLContext(seed: 1);
        var data = Texts(ml, "", "cat");
        using var model = (IDisposable)BuildPipeline(ml, ExampleVectors).Fit(data);

        var output = ((ITransformer)model).Transform(data);

        Assert.Empty(ReadColumn(output, "Embeddings")[0]);
        Assert.Empty(ReadColumn(output, "Context")[0]);
        Assert.Empty(ReadColumn(output, "Weights")[0]);
        Assert.Equal(new float[2], ReadColumn(output, "ContextPooled")[0]);
        Assert.Equal(2, ReadColumn(output, "Context")[1].Length);
    }

    [Fact]
    public void Transform_NullText_BehavesLikeEmptyText()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable([new TextRow { Text = null! }, new TextRow { Text = "cat" }]);
        using var model = (IDisposable)BuildPipeline(ml, ExampleVectors).Fit(data);

        var output = ((ITransformer)model).Transform(data);

        Assert.Empty(ReadColumn(output, "Context")[0]);
        Assert.Equal(new float[2], ReadColumn(output, "ContextPooled")[0]);
        Assert.Equal(2, ReadColumn(output, "Context")[1].Length);
    }

    [Fact]
    public void EmbedTokens_NeitherOrBothVectorSources_ThrowsSayingWhich()
    {
        var ml = new MLContext();

        var neither = Assert.Throws<ArgumentException>(() => ml.Attention.EmbedTokens(new TokenEmbeddingOptions
        {
            OutputColumnName = "E",
        }));
        var both = Assert.Throws<ArgumentException>(() => ml.Attention.EmbedTokens(new TokenEmbeddingOptions
        {
            OutputColumnName = "E", WordVectors = WordVectors.FromDictionary(ExampleVectors), WordVectorsPath = "x.txt",
        }));

        Assert.Contains("neither is", neither.Message);
        Assert.Contains("both are", both.Message);
    }

    [Fact]
    public void EmbedTokensFit_MissingWordVectorFile_ThrowsNamingPath()
    {
        var ml = new MLContext();
        var path = Path.Combine(Path.GetTempPath(), "attentionml-no-such-file.txt");
        var tokens = ml.Transforms.Text.TokenizeIntoWords("Tokens", "Text");
        var data = tokens.Fit(Texts(ml, "cat")).Transform(Texts(ml, "cat"));

        var error = Assert.Throws<FileNotFoundException>(() => ml.Attention.EmbedTokens("E", "Tokens", path).Fit(data));

        Assert.Contains(path, error.Message + error.FileName);
    }

    private static float[][] Embed(TokenEmbeddingOptions options, params string[] texts)
    {
        var ml = new MLContext();
        options.OutputColumnName = "Embeddings";
        options.InputColumnName = "Tokens";
        options.WordVectors = WordVectors.FromDictionary(ExampleVectors);
        var data = Texts(ml, texts);
        var model = ml.Transforms.Text.TokenizeIntoWords("Tokens", "Text")
            .Append(ml.Attention.EmbedTokens(options))
            .Fit(data);
        return ReadColumn(model.Transform(data), "Embeddings");
    }
}
