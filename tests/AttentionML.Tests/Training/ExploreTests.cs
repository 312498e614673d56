using AttentionML.Attention;
using AttentionML.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace AttentionML.Tests.Training;

public sealed class ExploreTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1, 2, 0.01, 30)]
    [InlineData(2, 2, 0.01, 30)]
    [InlineData(1, 1, 0.01, 30)]
    [InlineData(1, 2, 0.003, 30)]
    public void Explore(int heads, int pos, double lr, int epochs)
    {
        var random = new Random(5);
        var vocab = SyntheticTasks.Vocabulary(random, 8);
        var train = SyntheticTasks.Classification(SyntheticTasks.WordOrder(random, 300, 8), vocab);
        var valid = SyntheticTasks.Classification(SyntheticTasks.WordOrder(random, 100, 8), vocab);
        using var host = new TrainingHost();
        using var layer = new SelfAttentionLayer(new SelfAttentionLayerOptions
        {
            ModelDimension = 8, NumHeads = heads, PositionalEncoding = (PositionalEncodingKind)pos, MaxTokens = 8, Dropout = 0.1,
        });
        layer.Initialize(3);
        var options = new AttentionTrainingOptions { Epochs = epochs, LearningRate = lr, LabelColumnName = "Label" };
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var report = ProjectionTrainer.Train(layer, AttentionPooling.Mean, train, valid, options, CPU, 7, host.Channel);
        output.WriteLine($"{sw.Elapsed}");
        foreach (var m in host.Messages) output.WriteLine(m);
    }
}
