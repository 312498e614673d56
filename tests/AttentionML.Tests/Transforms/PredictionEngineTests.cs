using Microsoft.ML;
using static AttentionML.Tests.Transforms.PipelineFixtures;

namespace AttentionML.Tests.Transforms;

public sealed class PredictionEngineTests
{
    [Fact]
    public void Predict_WholePipeline_MatchesBatchedTransform()
    {
        var ml = new MLContext(seed: 5);
        string[] texts = ["the cat sat", "sat", "cat the the cat", "", "dog cat"];
        var data = Texts(ml, texts);
        var model = BuildPipeline(ml, ExampleVectors, o => o.NumHeads = 2).Fit(data);
        var expectedContext = ReadColumn(model.Transform(data), "Context");
        var expectedPooled = ReadColumn(model.Transform(data), "ContextPooled");

        using var engine = ml.Model.CreatePredictionEngine<TextRow, AttentionRow>(model);
        var predictions = texts.Select(t => engine.Predict(new TextRow { Text = t })).ToList();

        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(expectedContext[i].Length, predictions[i].Context.Length);
            for (var j = 0; j < expectedContext[i].Length; j++)
                Assert.Equal(expectedContext[i][j], predictions[i].Context[j], 1e-5);
            for (var j = 0; j < expectedPooled[i].Length; j++)
                Assert.Equal(expectedPooled[i][j], predictions[i].ContextPooled[j], 1e-5);
        }
    }

    [Fact]
    public void Predict_EnginesOnSeveralThreadsSharingOneModel_GiveTheSequentialResults()
    {
        var ml = new MLContext(seed: 5);
        var words = ExampleVectors.Keys.Append("dog").ToArray();
        var texts = Enumerable.Range(0, 400)
            .Select(i => string.Join(" ", Enumerable.Range(0, 1 + i % 40).Select(j => words[(i * 7 + j * 3) % 4])))
            .ToArray();
        var model = BuildPipeline(ml, ExampleVectors, o => o.NumHeads = 2).Fit(Texts(ml, texts));
        using var owner = (IDisposable)model;
        var expected = ReadColumn(model.Transform(Texts(ml, texts)), "ContextPooled");
        var options = new PredictionEngineOptions { OwnsTransformer = false };

        var results = new float[4][][];
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            using var engine = ml.Model.CreatePredictionEngine<TextRow, AttentionRow>(model, options);
            results[worker] = texts.Select(t => engine.Predict(new TextRow { Text = t }).ContextPooled).ToArray();
        });

        foreach (var result in results)
        {
            for (var i = 0; i < texts.Length; i++)
            {
                for (var j = 0; j < expected[i].Length; j++)
                    Assert.Equal(expected[i][j], result[i][j], 1e-5);
            }
        }
    }

    [Fact]
    public void Dispose_EngineOwningTransformer_DisposesTheModule()
    {
        var ml = new MLContext(seed: 5);
        var data = Texts(ml, "the cat");
        var model = BuildPipeline(ml, ExampleVectors).Fit(data);
        var attention = (AttentionML.Transforms.SelfAttentionTransformer)model.LastTransformer();

        using (var engine = ml.Model.CreatePredictionEngine<TextRow, AttentionRow>(model))
            engine.Predict(new TextRow { Text = "cat" });

        Assert.Throws<ObjectDisposedException>(() => attention.Transform(data));
    }

    [Fact]
    public void Dispose_EngineNotOwningTransformer_LeavesItUsable()
    {
        var ml = new MLContext(seed: 5);
        var data = Texts(ml, "the cat");
        var model = BuildPipeline(ml, ExampleVectors).Fit(data);
        using var owner = (IDisposable)model;

        using (var engine = ml.Model.CreatePredictionEngine<TextRow, AttentionRow>(
                   model, new PredictionEngineOptions { OwnsTransformer = false }))
            engine.Predict(new TextRow { Text = "cat" });

        Assert.Single(ReadColumn(model.Transform(data), "ContextPooled"));
    }
}
