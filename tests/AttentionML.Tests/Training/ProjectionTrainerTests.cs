using AttentionML.Attention;
using AttentionML.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionML.Tests.Training;

[Collection(TrainingCollection.Name)]
public sealed class ProjectionTrainerTests
{
    private const int Seed = 7;

    [Fact]
    public void Train_Classification_LossDecreases()
    {
        var (train, validation) = WordOrder(pairs: 300);
        using var host = new TrainingHost();
        using var layer = TrainingFixtures.Layer();

        var report = ProjectionTrainer.Train(
            layer, AttentionPooling.Mean, train, validation, TrainingFixtures.Options(10), CPU, Seed, host.Channel);

        Assert.Equal(10, report.Epochs.Count);
        Assert.True(report.Epochs[^1].TrainingLoss < 0.5 * report.Epochs[0].TrainingLoss, Describe(report));
        Assert.True(report.Epochs[^1].ValidationLoss < 0.5 * report.Epochs[0].ValidationLoss, Describe(report));
        Assert.All(report.Epochs, e => Assert.Null(e.ValidationError));
    }

    [Fact]
    public void Train_Regression_LossAndRmseDecrease()
    {
        var random = new Random(11);
        var vocabulary = SyntheticTasks.Vocabulary(random, 8);
        var train = SyntheticTasks.Regression(random, 300, vocabulary);
        var validation = SyntheticTasks.Regression(random, 100, vocabulary);
        using var host = new TrainingHost();
        using var layer = TrainingFixtures.Layer();

        var report = ProjectionTrainer.Train(
            layer, AttentionPooling.Mean, train, validation, TrainingFixtures.Options(8), CPU, Seed, host.Channel);

        var (first, last) = (report.Epochs[0], report.Epochs[^1]);
        Assert.True(last.TrainingLoss < 0.5 * first.TrainingLoss, Describe(report));
        Assert.True(last.ValidationError < 0.7 * first.ValidationError, Describe(report));
        Assert.All(report.Epochs, e => Assert.Null(e.ValidationAccuracy));
    }

    [Fact]
    public void Train_SelfSupervised_LossDecreases()
    {
        var random = new Random(13);
        var vocabulary = SyntheticTasks.Vocabulary(random, 8);
        var train = SyntheticTasks.Pairs(random, 300, vocabulary);
        var validation = SyntheticTasks.Pairs(random, 100, vocabulary);
        using var host = new TrainingHost();
        using var layer = TrainingFixtures.Layer();

        var report = ProjectionTrainer.Train(
            layer, AttentionPooling.Mean, train, validation, TrainingFixtures.Options(10, label: null), CPU, Seed,
            host.Channel);

        var (first, last) = (report.Epochs[0], report.Epochs[^1]);
        Assert.True(last.TrainingLoss < 0.75 * first.TrainingLoss, Describe(report));
        Assert.True(last.ValidationLoss < 0.75 * first.ValidationLoss, Describe(report));
        Assert.Equal(last.ValidationLoss, last.ValidationError);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Train_SameSeedTwice_GivesIdenticalWeights(bool labelled)
    {
        var random = new Random(17);
        var vocabulary = SyntheticTasks.Vocabulary(random, 8);
        var set = labelled
            ? SyntheticTasks.Classification(SyntheticTasks.WordOrder(random, 100, 8), vocabulary)
            : SyntheticTasks.Pairs(random, 200, vocabulary);
        var options = TrainingFixtures.Options(3, labelled ? "Label" : null);
        options.ValidationFraction = 0.2;

        var first = TrainOnce(set, options, Seed);
        var second = TrainOnce(set, options, Seed);
        var otherSeed = TrainOnce(set, options, Seed + 1);

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherSeed);
    }

    [Fact]
    public void Train_EarlyStopping_RestoresTheBestEpochsWeights()
    {
        // Validation rows are the training rows with their labels flipped, so validation loss gets worse as
        // training gets better and early stopping must go back to an early epoch.
        var (train, _) = WordOrder(pairs: 150);
        var flipped = new TrainingSet(
            [.. train.Examples.Select(e => e with { Label = 1 - e.Label })], train.Dimension, train.Task, 2);
        var options = TrainingFixtures.Options(12);
        options.EarlyStoppingPatience = 2;
        options.LearningRateDecay = LearningRateDecay.None;
        options.WarmupFraction = 0;
        using var host = new TrainingHost();
        using var stopped = TrainingFixtures.Layer();
        using var reference = TrainingFixtures.Layer();

        var report = ProjectionTrainer.Train(
            stopped, AttentionPooling.Mean, train, flipped, options, CPU, Seed, host.Channel);
        var best = report.BestEpoch!.Value;
        options.Epochs = best;
        options.EarlyStoppingPatience = null;
        ProjectionTrainer.Train(reference, AttentionPooling.Mean, train, flipped, options, CPU, Seed, host.Channel);

        Assert.True(report.StoppedEarly, Describe(report));
        Assert.Equal(best + 2, report.Epochs.Count);
        Assert.Equal(best, report.KeptEpoch);
        Assert.Equal(report.Epochs.Min(e => e.ValidationLoss), report.Epochs[best - 1].ValidationLoss);
        Assert.Equal(TrainingFixtures.Weights(reference), TrainingFixtures.Weights(stopped));
        Assert.Contains(host.Messages, m => m.Contains($"Early stopping kept the weights of epoch {best}"));
    }

    [Fact]
    public void Train_CancelledAfterFirstEpoch_ThrowsBeforeTheNextBatchAndLeaksNoTensors()
    {
        var (train, validation) = WordOrder(pairs: 100);
        using var host = new TrainingHost();
        using var layer = TrainingFixtures.Layer();
        using var cancellation = new CancellationTokenSource();
        var reported = new List<EpochMetrics>();
        var options = TrainingFixtures.Options(50);
        options.CancellationToken = cancellation.Token;
        options.Progress = new SynchronousProgress(m =>
        {
            reported.Add(m);
            cancellation.Cancel();
        });
        var liveBefore = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        Assert.Throws<OperationCanceledException>(() =>
            ProjectionTrainer.Train(layer, AttentionPooling.Mean, train, validation, options, CPU, Seed, host.Channel));

        Assert.Equal(liveBefore, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.Equal([1], reported.Select(m => m.Epoch));
        Assert.False(layer.training);
    }

    [Fact]
    public void Train_ZeroEpochs_LeavesWeightsUntouched()
    {
        var (train, _) = WordOrder(pairs: 20);
        using var host = new TrainingHost();
        using var layer = TrainingFixtures.Layer();
        var before = TrainingFixtures.Weights(layer);

        var report = ProjectionTrainer.Train(
            layer, AttentionPooling.Mean, train, null, TrainingFixtures.Options(0), CPU, Seed, host.Channel);

        Assert.Empty(report.Epochs);
        Assert.Null(report.KeptEpoch);
        Assert.Equal(before, TrainingFixtures.Weights(layer));
    }

    [Fact]
    public void Train_Finished_LeavesLayerOnCpuInEvalModeWithTorchsGeneratorRestored()
    {
        var (train, _) = WordOrder(pairs: 30);
        using var host = new TrainingHost();
        using var layer = TrainingFixtures.Layer();
        using var stateBefore = torch.random.get_rng_state();

        ProjectionTrainer.Train(
            layer, AttentionPooling.Mean, train, null, TrainingFixtures.Options(2), CPU, Seed, host.Channel);

        using var stateAfter = torch.random.get_rng_state();
        Assert.Equal(stateBefore.data<byte>().ToArray(), stateAfter.data<byte>().ToArray());
        Assert.False(layer.training);
        Assert.All(layer.parameters(), p => Assert.Equal(DeviceType.CPU, p.device_type));
    }

    [Fact]
    public void Train_ValidationFraction_HoldsOutASeededShareAndLogsEachEpoch()
    {
        var (train, _) = WordOrder(pairs: 50);
        var options = TrainingFixtures.Options(3);
        options.ValidationFraction = 0.25;
        var reported = new List<EpochMetrics>();
        options.Progress = new SynchronousProgress(reported.Add);
        using var host = new TrainingHost();
        using var layer = TrainingFixtures.Layer();

        var report = ProjectionTrainer.Train(
            layer, AttentionPooling.Mean, train, null, options, CPU, Seed, host.Channel);

        Assert.Equal((75, 25), (report.TrainingRows, report.ValidationRows));
        Assert.Equal([1, 2, 3], reported.Select(m => m.Epoch));
        Assert.All(reported, m =>
        {
            Assert.NotNull(m.ValidationLoss);
            Assert.InRange(m.ValidationAccuracy!.Value, 0, 1);
            Assert.True(m.TokensPerSecond > 0 && m.LearningRate > 0 && m.Elapsed > TimeSpan.Zero);
        });
        var lines = host.Messages.Where(m => m.Contains("Epoch ")).ToArray();
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.Matches(
            @"Epoch \d/3: training loss \d\.\d{4}, validation loss \d\.\d{4}, accuracy \d\.\d{4}, " +
            @"\d+\.\d\d s, \d+ tokens/s, learning rate [\d.E-]+\.$", l));
    }

    [Fact]
    public void Train_EmbeddingDimensionDiffersFromLayer_ThrowsNamingBoth()
    {
        var set = new TrainingSet([new TrainingExample([1, 2, 3, 4], 1, 0)], 4, TrainingTask.SelfSupervised);
        using var host = new TrainingHost();
        using var layer = TrainingFixtures.Layer();

        var e = Assert.Throws<ArgumentException>(() => ProjectionTrainer.Train(
            layer, AttentionPooling.Mean, set, null, TrainingFixtures.Options(1, null), CPU, Seed, host.Channel));

        Assert.StartsWith("The training rows have 4-dimensional embeddings, but the layer expects 8.", e.Message);
    }

    [Fact]
    public void Train_LayerWithoutLearnedWeights_SkipsWithAWarning()
    {
        var (train, _) = WordOrder(pairs: 10);
        using var host = new TrainingHost();
        using var layer = new SelfAttentionLayer(new SelfAttentionLayerOptions
        {
            ModelDimension = SyntheticTasks.Dimension,
            Projections = AttentionProjections.Identity,
        });

        var report = ProjectionTrainer.Train(
            layer, AttentionPooling.Mean, train, null, TrainingFixtures.Options(2), CPU, Seed, host.Channel);

        Assert.Empty(report.Epochs);
        Assert.Contains(host.Messages, m => m.Contains("Kind=Warning") && m.Contains("training was skipped"));
    }

    [CudaFact]
    public void Train_OnCuda_LossDecreasesAndLayerReturnsToCpu()
    {
        var (train, validation) = WordOrder(pairs: 200);
        using var host = new TrainingHost();
        using var layer = TrainingFixtures.Layer();

        var report = ProjectionTrainer.Train(
            layer, AttentionPooling.Mean, train, validation, TrainingFixtures.Options(8), CUDA, Seed, host.Channel);

        Assert.True(report.Epochs[^1].TrainingLoss < 0.5 * report.Epochs[0].TrainingLoss, Describe(report));
        Assert.All(layer.parameters(), p => Assert.Equal(DeviceType.CPU, p.device_type));
    }

    private static (TrainingSet Train, TrainingSet Validation) WordOrder(int pairs)
    {
        var random = new Random(5);
        var vocabulary = SyntheticTasks.Vocabulary(random, 8);
        return (SyntheticTasks.Classification(SyntheticTasks.WordOrder(random, pairs, 8), vocabulary),
            SyntheticTasks.Classification(SyntheticTasks.WordOrder(random, pairs / 3, 8), vocabulary));
    }

    private static float[][] TrainOnce(TrainingSet set, AttentionTrainingOptions options, int seed)
    {
        using var host = new TrainingHost();
        using var layer = TrainingFixtures.Layer();
        ProjectionTrainer.Train(layer, AttentionPooling.Mean, set, null, options, CPU, seed, host.Channel);
        return TrainingFixtures.Weights(layer);
    }

    private static string Describe(TrainingReport report) =>
        string.Join("; ", report.Epochs.Select(e =>
            $"{e.Epoch}: {e.TrainingLoss:F4} / {e.ValidationLoss:F4} / " +
            $"{e.ValidationAccuracy ?? e.ValidationError:F4}"));
}
