using AttentionML.Attention;
using AttentionML.Tests.Training;
using AttentionML.Training;
using AttentionML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Xunit.Abstractions;

namespace AttentionML.Tests.Transforms;

/// <summary>
/// Training through the ML.NET estimator on text: "does 'red' come before 'blue'?". Every sentence has a twin
/// with the same words in another order and the other label, so the mean of the embeddings carries no signal.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class TrainingPipelineTests(ITestOutputHelper output)
{
    private static readonly string[] Words = ["red", "blue", "one", "two", "three", "four", "five", "six"];

    public sealed class Sentence
    {
        public string Text { get; set; } = "";

        public bool Label { get; set; }
    }

    [Fact]
    public void Fit_LabelledText_TrainedPooledFeaturesLiftDownstreamTrainerAboveMeanBaseline()
    {
        var ml = new MLContext(seed: 11);
        var train = ml.Data.LoadFromEnumerable(Sentences(new Random(1), 300).ToList());
        var test = ml.Data.LoadFromEnumerable(Sentences(new Random(2), 100).ToList());
        var epochs = new List<EpochMetrics>();
        var messages = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Message.Contains("Epoch ", StringComparison.Ordinal))
                lock (messages)
                    messages.Add(e.Message);
        };

        var trained = Accuracy(ml, Attention(ml, epochs: 12, epochs), train, test);
        var untrained = Accuracy(ml, Attention(ml, epochs: 0, epochs), train, test);
        var mean = Accuracy(ml, ml.Transforms.Text.TokenizeIntoWords("Tokens", "Text")
            .Append(ml.Attention.EmbedTokens("Embeddings", "Tokens", Vectors()))
            .Append(ml.Transforms.CustomMapping<EmbeddingRow, MeanRow>(MeanRow.Map, contractName: null)), train, test);

        output.WriteLine($"SDCA accuracy: mean of embeddings {mean:F3}, untrained attention {untrained:F3}, " +
            $"trained attention {trained:F3}");
        Assert.Equal(0.5, mean, 0.05);
        Assert.True(trained >= 0.9, $"trained attention reached only {trained:F3}");
        Assert.True(trained - mean >= 0.3, $"trained {trained:F3} vs mean {mean:F3}");
        Assert.Equal(12, epochs.Count);
        Assert.True(epochs[^1].TrainingLoss < epochs[0].TrainingLoss);
        Assert.Equal(12, messages.Count(m => m.Contains("training loss", StringComparison.Ordinal)));
    }

    [Fact]
    public void Fit_SameSeedTwice_GivesIdenticalFeatures()
    {
        var ml = new MLContext(seed: 11);
        var data = ml.Data.LoadFromEnumerable(Sentences(new Random(1), 60).ToList());

        var first = Attention(ml, epochs: 2, null, seed: 5).Fit(data);
        var second = Attention(ml, epochs: 2, null, seed: 5).Fit(data);

        Assert.Equal(PipelineFixtures.ReadColumn(first.Transform(data), "Features"),
            PipelineFixtures.ReadColumn(second.Transform(data), "Features"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Score")]
    public void Fit_UnlabelledOrSingleLabel_TrainsAndLossFalls(string? label)
    {
        var ml = new MLContext(seed: 4);
        var rows = Sentences(new Random(3), 150).Select(s => new ScoredSentence
        {
            Text = s.Text, Score = s.Label ? 1f : -1f,
        }).ToList();
        var epochs = new List<EpochMetrics>();
        var pipeline = ml.Transforms.Text.TokenizeIntoWords("Tokens", "Text")
            .Append(ml.Attention.EmbedTokens("Embeddings", "Tokens", Vectors()))
            .Append(ml.Attention.ApplySelfAttention(new SelfAttentionOptions
            {
                OutputColumnName = "Context", InputColumnName = "Embeddings", TorchThreads = 1,
                PositionalEncoding = PositionalEncodingKind.Learned, MaxTokens = 16,
                Training =
                {
                    LabelColumnName = label, Epochs = 12, LearningRate = 0.01, Dropout = 0, Seed = 2,
                    Progress = new SynchronousProgress(epochs),
                },
            }));

        using var model = (IDisposable)pipeline.Fit(ml.Data.LoadFromEnumerable(rows));

        Assert.Equal(12, epochs.Count);
        Assert.True(epochs[^1].TrainingLoss < 0.8 * epochs[0].TrainingLoss,
            $"loss went from {epochs[0].TrainingLoss:F4} to {epochs[^1].TrainingLoss:F4}");
    }

    [Fact]
    public void Transform_PredictionColumnOfClassifier_GivesProbabilitiesThatSurviveSaveAndLoad()
    {
        var ml = new MLContext(seed: 11);
        var train = ml.Data.LoadFromEnumerable(Sentences(new Random(1), 300).ToList());
        var test = ml.Data.LoadFromEnumerable(Sentences(new Random(2), 100).ToList());
        var model = Attention(ml, epochs: 12, null, prediction: "Probabilities").Fit(train);
        using var owner = (IDisposable)model;

        var scored = model.Transform(test);
        var probabilities = PipelineFixtures.ReadColumn(scored, "Probabilities");
        var labels = scored.GetColumn<bool>("Label").ToArray();
        using var stream = new MemoryStream();
        ml.Model.Save(model, train.Schema, stream);
        stream.Position = 0;
        var fresh = new MLContext();
        fresh.Attention.RegisterModelLoaders();
        var reloaded = PipelineFixtures.ReadColumn(fresh.Model.Load(stream, out _).Transform(test), "Probabilities");

        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 2), scored.Schema["Probabilities"].Type);
        Assert.All(probabilities, p => Assert.Equal(1.0, p[0] + p[1], 1e-5));
        var accuracy = probabilities.Zip(labels).Average(x => (x.First[1] > x.First[0]) == x.Second ? 1.0 : 0.0);
        Assert.True(accuracy >= 0.9, $"the head's own accuracy is {accuracy:F3}");
        Assert.Equal(probabilities, reloaded);
    }

    [Fact]
    public void Transform_PredictionColumnOfRegressor_IsASingleInTheLabelsUnits()
    {
        var ml = new MLContext(seed: 4);
        var rows = Sentences(new Random(3), 150)
            .Select(s => new ScoredSentence { Text = s.Text, Score = s.Label ? 10f : 4f }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.Text.TokenizeIntoWords("Tokens", "Text")
            .Append(ml.Attention.EmbedTokens("Embeddings", "Tokens", Vectors()))
            .Append(ml.Attention.ApplySelfAttention(new SelfAttentionOptions
            {
                OutputColumnName = "Context", InputColumnName = "Embeddings", PredictionColumnName = "Predicted",
                PositionalEncoding = PositionalEncodingKind.Learned, MaxTokens = 16, TorchThreads = 1,
                Training = { LabelColumnName = "Score", Epochs = 12, LearningRate = 0.01, Dropout = 0, Seed = 2 },
            }));

        using var model = (IDisposable)pipeline.Fit(data);
        var scored = ((ITransformer)model).Transform(data);
        var predicted = scored.GetColumn<float>("Predicted").ToArray();

        Assert.Equal(NumberDataViewType.Single, scored.Schema["Predicted"].Type);
        var error = Math.Sqrt(predicted.Zip(rows).Average(x => Math.Pow(x.First - x.Second.Score, 2)));
        Assert.True(error < 3.0 * 0.8, $"RMSE {error:F3} against a label standard deviation of 3");
        Assert.InRange(predicted.Average(), 5.0, 9.0);
    }

    [Fact]
    public void ApplySelfAttention_PredictionColumnWithoutLabel_ThrowsSayingWhatItNeeds()
    {
        var ml = new MLContext();

        var error = Assert.Throws<ArgumentException>(() => ml.Attention.ApplySelfAttention(new SelfAttentionOptions
        {
            OutputColumnName = "Context", PredictionColumnName = "Predicted", Training = { Epochs = 3 },
        }));

        Assert.Contains("PredictionColumnName ('Predicted') needs a trained head", error.Message);
    }

    [Fact]
    public void Fit_IdentityProjectionsWithEpochs_WarnsThatNothingIsTrained()
    {
        var ml = new MLContext();
        var warnings = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Warning)
                warnings.Add(e.Message);
        };
        var data = ml.Data.LoadFromEnumerable(Sentences(new Random(1), 4).ToList());
        var pipeline = ml.Transforms.Text.TokenizeIntoWords("Tokens", "Text")
            .Append(ml.Attention.EmbedTokens("Embeddings", "Tokens", Vectors()))
            .Append(ml.Attention.ApplySelfAttention(new SelfAttentionOptions
            {
                OutputColumnName = "Context", InputColumnName = "Embeddings",
                Projections = AttentionProjections.Identity, Training = { Epochs = 3, LabelColumnName = "Label" },
            }));

        using var model = (IDisposable)pipeline.Fit(data);

        Assert.Contains(warnings, w => w.Contains("Training.Epochs (3) is ignored", StringComparison.Ordinal));
    }

    [Fact]
    public void Fit_LabelColumnOfWrongType_FailsBeforeTraining()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(Sentences(new Random(1), 4).ToList());
        var pipeline = ml.Transforms.Text.TokenizeIntoWords("Tokens", "Text")
            .Append(ml.Attention.EmbedTokens("Embeddings", "Tokens", Vectors()))
            .Append(ml.Attention.ApplySelfAttention(new SelfAttentionOptions
            {
                OutputColumnName = "Context", InputColumnName = "Embeddings",
                Training = { Epochs = 1, LabelColumnName = "Text" },
            }));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => pipeline.Fit(data));

        Assert.Contains("Schema mismatch for label column 'Text': expected Boolean, key or Single, got String",
            error.Message);
    }

    private static IEstimator<ITransformer> Attention(
        MLContext ml, int epochs, List<EpochMetrics>? progress, int seed = 3, string? prediction = null) =>
        ml.Transforms.Text.TokenizeIntoWords("Tokens", "Text")
            .Append(ml.Attention.EmbedTokens("Embeddings", "Tokens", Vectors()))
            .Append(ml.Attention.ApplySelfAttention(new SelfAttentionOptions
            {
                OutputColumnName = "Context",
                InputColumnName = "Embeddings",
                PooledColumnName = "Features",
                PredictionColumnName = prediction,
                PositionalEncoding = PositionalEncodingKind.Learned,
                MaxTokens = 16,
                TorchThreads = 1,
                Training =
                {
                    LabelColumnName = "Label", Epochs = epochs, LearningRate = 0.01, Dropout = 0, Seed = seed,
                    Progress = progress is null ? null : new SynchronousProgress(progress),
                },
            }));

    private static double Accuracy(MLContext ml, IEstimator<ITransformer> features, IDataView train, IDataView test)
    {
        var trainer = ml.BinaryClassification.Trainers.SdcaLogisticRegression(
            new SdcaLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1, FeatureColumnName = "Features" });
        var model = features.Append(ml.Transforms.NormalizeMinMax("Features")).Append(trainer).Fit(train);
        return ml.BinaryClassification.Evaluate(model.Transform(test)).Accuracy;
    }

    private static Dictionary<string, float[]> Vectors()
    {
        var random = new Random(8);
        return Words.ToDictionary(
            w => w, _ => Enumerable.Range(0, 8).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray());
    }

    // Pairs of sentences with the same words: one with "red" before "blue" (true), one after (false).
    private static IEnumerable<Sentence> Sentences(Random random, int pairs)
    {
        for (var p = 0; p < pairs; p++)
        {
            var fillers = Words.Skip(2).OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToList();
            var words = fillers.Append("red").Append("blue").OrderBy(_ => random.Next()).ToList();
            var red = words.IndexOf("red");
            var blue = words.IndexOf("blue");
            yield return new Sentence { Text = string.Join(" ", words), Label = red < blue };
            (words[red], words[blue]) = (words[blue], words[red]);
            yield return new Sentence { Text = string.Join(" ", words), Label = blue < red };
        }
    }

    public sealed class ScoredSentence
    {
        public string Text { get; set; } = "";

        public float Score { get; set; }
    }

    private sealed class SynchronousProgress(List<EpochMetrics> sink) : IProgress<EpochMetrics>
    {
        public void Report(EpochMetrics value) => sink.Add(value);
    }

    public sealed class EmbeddingRow
    {
        public VBuffer<float> Embeddings { get; set; }
    }

    public sealed class MeanRow
    {
        [VectorType(8)]
        public float[] Features { get; set; } = new float[8];

        public static void Map(EmbeddingRow input, MeanRow output)
        {
            var values = input.Embeddings.DenseValues().ToArray();
            var tokens = values.Length / 8;
            for (var c = 0; c < 8; c++)
                output.Features[c] = tokens == 0
                    ? 0
                    : (float)Enumerable.Range(0, tokens).Average(t => values[t * 8 + c]);
        }
    }
}
