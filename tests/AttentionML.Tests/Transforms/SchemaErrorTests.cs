using AttentionML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;
using static AttentionML.Tests.Transforms.PipelineFixtures;

namespace AttentionML.Tests.Transforms;

public sealed class SchemaErrorTests
{
    private sealed class VectorRow
    {
        [VectorType]
        public float[] Embeddings { get; set; } = [];
    }

    private sealed class NumberRow
    {
        public float Embeddings { get; set; }
    }

    [Fact]
    public void EmbedTokensGetOutputSchema_MissingColumn_ThrowsCouldNotFind()
    {
        var ml = new MLContext();
        var pipeline = ml.Transforms.Text.TokenizeIntoWords("Tokens", "Text")
            .Append(ml.Attention.EmbedTokens("Embeddings", "Missing", ExampleVectors));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => pipeline.Fit(Texts(ml, "the cat")));

        Assert.Contains("Could not find input column 'Missing'", error.Message);
    }

    [Fact]
    public void EmbedTokensFit_ScalarTextColumn_ThrowsSchemaMismatchWithBothTypes()
    {
        var ml = new MLContext();
        var estimator = ml.Attention.EmbedTokens("Embeddings", "Text", ExampleVectors);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => estimator.Fit(Texts(ml, "the cat")));

        Assert.Contains("Schema mismatch for input column 'Text': expected Vector<String>, got String", error.Message);
    }

    [Fact]
    public void ApplySelfAttentionGetOutputSchema_TokenColumn_ThrowsSchemaMismatch()
    {
        var ml = new MLContext();
        var pipeline = ml.Transforms.Text.TokenizeIntoWords("Tokens", "Text")
            .Append(ml.Attention.ApplySelfAttention("Context", "Tokens"));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => pipeline.Fit(Texts(ml, "the cat")));

        Assert.Contains("Schema mismatch for input column 'Tokens': expected Vector<Single>, got VarVector<String>",
            error.Message);
    }

    [Fact]
    public void ApplySelfAttentionFit_ScalarColumn_ThrowsSchemaMismatch()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable([new NumberRow { Embeddings = 1 }]);

        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => ml.Attention.ApplySelfAttention("Context", "Embeddings").Fit(data));

        Assert.Contains("Schema mismatch for input column 'Embeddings': expected Vector<Single>, got Single",
            error.Message);
    }

    [Fact]
    public void ApplySelfAttentionFit_UndeclaredDimension_AsksForEmbeddingDimension()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable([new VectorRow { Embeddings = [1, 2, 3, 4] }]);

        var error = Assert.Throws<ArgumentException>(
            () => ml.Attention.ApplySelfAttention("Context", "Embeddings").Fit(data));

        Assert.Contains("EmbeddingDimension", error.Message);
        Assert.Contains("'Embeddings'", error.Message);
    }

    [Fact]
    public void Transform_RowNotWholeTokens_ThrowsNamingColumnRowAndLength()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(
            [new VectorRow { Embeddings = [1, 2, 3, 4] }, new VectorRow { Embeddings = [1, 2, 3] }]);
        using var model = ml.Attention.ApplySelfAttention(new SelfAttentionOptions
        {
            OutputColumnName = "Context", InputColumnName = "Embeddings", EmbeddingDimension = 2,
        }).Fit(data);

        var error = Assert.Throws<InvalidOperationException>(() => ReadColumn(model.Transform(data), "ContextPooled"));

        Assert.Contains("Column 'Embeddings' at row 1 has 3 values", error.Message);
        Assert.Contains("2-value token embeddings", error.Message);
    }

    [Fact]
    public void Transform_NaNEmbedding_ThrowsNamingColumnRowAndToken()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable([new VectorRow { Embeddings = [1, 2, 3, float.NaN] }]);
        using var model = ml.Attention.ApplySelfAttention(new SelfAttentionOptions
        {
            OutputColumnName = "Context", InputColumnName = "Embeddings", EmbeddingDimension = 2,
        }).Fit(data);

        var error = Assert.Throws<InvalidOperationException>(() => ReadColumn(model.Transform(data), "Context"));

        Assert.Contains("Column 'Embeddings' at row 0 holds NaN in token 1", error.Message);
    }

    [Fact]
    public void ApplySelfAttentionFit_EmbeddingDimensionDisagreesWithColumn_ThrowsNamingBoth()
    {
        var ml = new MLContext();
        var data = Texts(ml, "the cat");
        var pipeline = BuildPipeline(ml, ExampleVectors, o => o.EmbeddingDimension = 4);

        var error = Assert.Throws<ArgumentException>(() => pipeline.Fit(data));

        Assert.Contains("EmbeddingDimension (4) differs from the 2 that column 'Embeddings' declares", error.Message);
    }

    [Fact]
    public void Transform_RowLongerThanMaxTokens_AttendsOverTheFirstTokensOnly()
    {
        var ml = new MLContext();
        var data = Texts(ml, "the cat sat", "the cat");
        using var model = (IDisposable)BuildPipeline(ml, ExampleVectors, o =>
        {
            UseIdentityUnscaled(o);
            o.MaxTokens = 2;
        }).Fit(data);

        var output = ((ITransformer)model).Transform(data);
        var context = ReadColumn(output, "Context");
        var weights = ReadColumn(output, "Weights");

        Assert.Equal(4, context[0].Length);
        Assert.Equal(4, weights[0].Length);
        Assert.Equal(context[1], context[0]);
    }

    [Fact]
    public void ApplySelfAttentionFit_IdentityWithOtherOutputDimension_ThrowsNamingTheOption()
    {
        var ml = new MLContext();
        var data = Texts(ml, "the cat");
        var pipeline = BuildPipeline(ml, ExampleVectors, o =>
        {
            UseIdentityUnscaled(o);
            o.OutputDimension = 3;
        });

        var error = Assert.Throws<ArgumentException>(() => pipeline.Fit(data));

        Assert.Contains("OutputDimension (3) differs from the embedding dimension (2)", error.Message);
        Assert.Contains("Projections is Identity", error.Message);
    }

    [Fact]
    public void ApplySelfAttention_HeadsDoNotDivideDimension_ThrowsNamingBoth()
    {
        var ml = new MLContext();
        var data = Texts(ml, "the cat");

        var error = Assert.Throws<ArgumentException>(
            () => BuildPipeline(ml, ExampleVectors, o => o.NumHeads = 3).Fit(data));

        Assert.Contains("ModelDimension (2) must be divisible by NumHeads (3)", error.Message);
    }

    [Fact]
    public void ApplySelfAttention_DuplicateOutputNames_ThrowsListingThem()
    {
        var ml = new MLContext();

        var error = Assert.Throws<ArgumentException>(() => ml.Attention.ApplySelfAttention(new SelfAttentionOptions
        {
            OutputColumnName = "Context", PooledColumnName = "Context",
        }));

        Assert.Contains("'Context', 'Context'", error.Message);
    }

    [Fact]
    public void GetOutputSchema_Estimators_DeclareExactShapes()
    {
        var ml = new MLContext();
        var pipeline = BuildPipeline(ml, ExampleVectors);
        var input = new SchemaShape([AttentionML.Persistence.MlNetBridge.CreateColumn(
            "Text", SchemaShape.Column.VectorKind.Scalar, TextDataViewType.Instance, false)]);

        var shape = pipeline.GetOutputSchema(input);
        var fitted = pipeline.Fit(Texts(ml, "the cat")).GetOutputSchema(Texts(ml, "x").Schema);

        var embeddings = shape.Single(c => c.Name == "Embeddings");
        Assert.Equal(SchemaShape.Column.VectorKind.VariableVector, embeddings.Kind);
        Assert.Equal(NumberDataViewType.Single, embeddings.ItemType);
        var pooled = shape.Single(c => c.Name == "ContextPooled");
        Assert.Equal(SchemaShape.Column.VectorKind.Vector, pooled.Kind);
        Assert.Contains(pooled.Annotations, a => a.Name == "SlotNames");
        var weights = shape.Single(c => c.Name == "Weights");
        Assert.Equal(SchemaShape.Column.VectorKind.VariableVector, weights.Kind);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 2), fitted["ContextPooled"].Type);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 0, 2), fitted["Context"].Type);
    }
}
