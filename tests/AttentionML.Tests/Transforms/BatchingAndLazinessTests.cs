using AttentionML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;
using static AttentionML.Tests.Transforms.PipelineFixtures;

namespace AttentionML.Tests.Transforms;

public sealed class BatchingAndLazinessTests
{
    private static readonly string[] RaggedTexts = Enumerable.Range(0, 23)
        .Select(i => string.Join(" ", Enumerable.Range(0, i % 7)
            .Select(j => (i + j) % 3 == 0 ? "the" : (i + j) % 3 == 1 ? "cat" : "sat")))
        .ToArray();

    [Fact]
    public void Transform_RaggedRowsInBatches_EqualsOneRowAtATime()
    {
        var ml = new MLContext(seed: 3);
        var data = Texts(ml, RaggedTexts);
        using var batched = Fit(ml, data, batchSize: 8);
        using var single = Fit(ml, data, batchSize: 1);

        var batchedOutput = batched.Transform(data);
        var singleOutput = single.Transform(data);

        foreach (var column in new[] { "Context", "ContextPooled", "Weights" })
        {
            var expected = ReadColumn(singleOutput, column);
            var actual = ReadColumn(batchedOutput, column);
            Assert.Equal(expected.Length, actual.Length);
            for (var row = 0; row < expected.Length; row++)
            {
                Assert.Equal(expected[row].Length, actual[row].Length);
                for (var i = 0; i < expected[row].Length; i++)
                    Assert.True(Math.Abs(expected[row][i] - actual[row][i]) <= 1e-5, $"{column} row {row} [{i}]");
            }
        }

        Assert.Empty(ReadColumn(batchedOutput, "Context")[0]);
        Assert.Equal(new float[4], ReadColumn(batchedOutput, "ContextPooled")[0]);
    }

    [Fact]
    public void Transform_ReadingOnlyPassThroughColumns_RunsNoForwardPass()
    {
        var ml = new MLContext(seed: 3);
        var data = Texts(ml, RaggedTexts);
        using var model = Fit(ml, data, batchSize: 8);
        var attention = model.LastTransformer;

        var output = model.Transform(data);
        var afterTransform = attention.ForwardPasses;
        var texts = output.GetColumn<string>("Text").ToList();
        var tokens = output.GetColumn<VBuffer<float>>("Embeddings").Count();
        var afterPassThrough = attention.ForwardPasses;
        var pooled = ReadColumn(output, "ContextPooled");
        var afterPooled = attention.ForwardPasses;

        Assert.Equal(0, afterTransform);
        Assert.Equal(23, texts.Count);
        Assert.Equal(23, tokens);
        Assert.Equal(0, afterPassThrough);
        Assert.Equal(23, pooled.Length);
        Assert.Equal(3, afterPooled);
    }

    [Fact]
    public void Cursor_SkippingRows_ComputesOnlyTheBatchesRead()
    {
        var ml = new MLContext(seed: 3);
        var data = Texts(ml, RaggedTexts);
        using var model = Fit(ml, data, batchSize: 4);
        var output = model.Transform(data);
        var column = output.Schema["ContextPooled"];
        var all = ReadColumn(output, "ContextPooled");
        var before = model.LastTransformer.ForwardPasses;

        using var cursor = output.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> value = default;
        var read = new List<float[]>();
        while (cursor.MoveNext())
        {
            if (cursor.Position is 1 or 17 or 18)
            {
                getter(ref value);
                read.Add(value.DenseValues().ToArray());
            }
        }

        Assert.Equal(2, model.LastTransformer.ForwardPasses - before);
        foreach (var (row, values) in new[] { 1, 17, 18 }.Zip(read))
        {
            // Batches start at other rows here, so padding differs: equal up to float rounding.
            for (var i = 0; i < values.Length; i++)
                Assert.Equal(all[row][i], values[i], 1e-6);
        }
    }

    [Fact]
    public void Transform_ManyRows_RunsOneForwardPassPerBatch()
    {
        var ml = new MLContext(seed: 3);
        var texts = Enumerable.Range(0, 5000).Select(i => RaggedTexts[i % RaggedTexts.Length] + " cat").ToArray();
        var data = Texts(ml, texts);
        using var model = Fit(ml, data, batchSize: 64);

        var output = model.Transform(data);
        long count = 0;
        using (var cursor = output.GetRowCursor([output.Schema["Context"]]))
        {
            var getter = cursor.GetGetter<VBuffer<float>>(output.Schema["Context"]);
            VBuffer<float> value = default;
            while (cursor.MoveNext())
            {
                getter(ref value);
                count++;
            }
        }

        Assert.Equal(5000, count);
        Assert.Equal((5000 + 63) / 64, model.LastTransformer.ForwardPasses);
    }

    private static TransformerChain<SelfAttentionTransformer> Fit(MLContext ml, IDataView data, int batchSize)
    {
        var pipeline = ml.Transforms.Text.TokenizeIntoWords("Tokens", "Text")
            .Append(ml.Attention.EmbedTokens("Embeddings", "Tokens", new Dictionary<string, float[]>
            {
                ["the"] = [0.2f, 0.5f, -0.1f, 0.3f],
                ["cat"] = [0.8f, 0.1f, 0.4f, -0.6f],
                ["sat"] = [0.3f, 0.9f, 0.0f, 0.2f],
            }))
            .Append(ml.Attention.ApplySelfAttention(new SelfAttentionOptions
            {
                OutputColumnName = "Context",
                InputColumnName = "Embeddings",
                WeightsColumnName = "Weights",
                NumHeads = 2,
                Causal = true,
                InferenceBatchSize = batchSize,
                Training = { Seed = 7 },
            }));
        return pipeline.Fit(data);
    }
}
