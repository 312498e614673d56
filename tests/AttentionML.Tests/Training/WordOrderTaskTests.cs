using AttentionML.Attention;
using AttentionML.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace AttentionML.Tests.Training;

/// <summary>
/// "Does word 0 come before word 1?" Rows come in pairs with the same words, so the mean of the raw embeddings
/// cannot tell the classes apart; trained attention with learned positions must.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class WordOrderTaskTests(ITestOutputHelper output)
{
    [Fact]
    public void Train_WordOrderTask_PooledFeaturesSeparateWhatMeanEmbeddingsCannot()
    {
        var random = new Random(5);
        var vocabulary = SyntheticTasks.Vocabulary(random, 8);
        var train = SyntheticTasks.Classification(SyntheticTasks.WordOrder(random, 300, 8), vocabulary);
        var test = SyntheticTasks.Classification(SyntheticTasks.WordOrder(random, 150, 8), vocabulary);
        using var host = new TrainingHost();
        using var layer = TrainingFixtures.Layer();
        var untrained = Accuracy(host.Context, Features(layer, train), Features(layer, test));

        var report = ProjectionTrainer.Train(
            layer, AttentionPooling.Mean, train, test, TrainingFixtures.Options(12), CPU, seed: 7, host.Channel);

        var meanEmbeddings = Accuracy(host.Context, MeanEmbeddings(train), MeanEmbeddings(test));
        var trained = Accuracy(host.Context, Features(layer, train), Features(layer, test));
        var head = report.Epochs[^1].ValidationAccuracy!.Value;
        output.WriteLine($"SDCA accuracy: mean embeddings {meanEmbeddings:F4}, untrained attention {untrained:F4}, " +
            $"trained attention {trained:F4}; training head {head:F4}");
        Assert.Equal(0.5, meanEmbeddings, 1e-9);
        Assert.True(trained >= 0.95, $"Trained attention reached only {trained:F4}.");
        Assert.True(head >= 0.95, $"The training head reached only {head:F4}.");
    }

    private static double Accuracy(MLContext mlContext, IEnumerable<Row> train, IEnumerable<Row> test)
    {
        var trainer = mlContext.BinaryClassification.Trainers.SdcaLogisticRegression(
            new SdcaLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1 });
        var pipeline = mlContext.Transforms.NormalizeMinMax(nameof(Row.Features)).Append(trainer);
        var model = pipeline.Fit(mlContext.Data.LoadFromEnumerable(train));
        var scored = model.Transform(mlContext.Data.LoadFromEnumerable(test));
        return mlContext.BinaryClassification.Evaluate(scored).Accuracy;
    }

    private static IEnumerable<Row> Features(SelfAttentionLayer layer, TrainingSet set) =>
        TrainingFixtures.Pooled(layer, set, AttentionPooling.Mean)
            .Select((features, i) => new Row { Label = set.Examples[i].Label == 1, Features = features });

    private static IEnumerable<Row> MeanEmbeddings(TrainingSet set) =>
        set.Examples.Select(e => new Row
        {
            Label = e.Label == 1,
            Features = [.. Enumerable.Range(0, set.Dimension)
                .Select(c => Enumerable.Range(0, e.TokenCount).Average(t => e.Embeddings[t * set.Dimension + c]))
                .Select(v => (float)v)],
        });

    public sealed class Row
    {
        public bool Label { get; set; }

        [VectorType(SyntheticTasks.Dimension)]
        public float[] Features { get; set; } = [];
    }
}
