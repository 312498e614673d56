// Trains self-attention on the UCI sentiment sentences with GloVe vectors and compares it, on one fixed
// held-out split, with two baselines fitted in the same run: the plain mean of the same embeddings, and
// ML.NET's FeaturizeText. Every pipeline ends in the same classifier (LbfgsLogisticRegression, defaults).
//
//   dotnet run --project samples/SentimentTraining -c Release [-- RESULTS.md]
//
// The optional argument is a file to write the markdown results table to, besides the console.
using System.Diagnostics;
using System.Globalization;
using AttentionML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using SentimentTraining;

if (args.Length > 1 || args is ["-h" or "--help"])
{
    Console.Error.WriteLine("usage: SentimentTraining [RESULTS.md]");
    return 2;
}

var resultsPath = args.Length == 1 ? Path.GetFullPath(args[0]) : null;
SampleData.CheckPresent();
var clock = Stopwatch.StartNew();

var ml = new MLContext(seed: 1);
ml.Log += (_, e) =>
{
    // Attention training logs its plan, one line per epoch and what early stopping kept.
    if (e.Source.StartsWith("SelfAttention", StringComparison.Ordinal) && e.Kind != ChannelMessageKind.Trace)
        Console.WriteLine($"   {e.RawMessage}");
};

var loader = ml.Data.CreateTextLoader(
    [new TextLoader.Column("Text", DataKind.String, 0), new TextLoader.Column("Label", DataKind.Boolean, 1)],
    separatorChar: '\t', hasHeader: false, allowQuoting: false);
var data = loader.Load(new MultiFileSource(SampleData.SentenceFiles));
var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
var trainLabels = split.TrainSet.GetColumn<bool>("Label").ToArray();
var testLabels = split.TestSet.GetColumn<bool>("Label").ToArray();
Console.WriteLine($"{trainLabels.Length} training and {testLabels.Length} test sentences " +
    $"({testLabels.Count(l => l)} positive in the test set).");
Console.WriteLine();

var epochs = new EpochRecorder();
var attentionOptions = FeaturePipelines.TrainedAttentionOptions(epochs);
ExperimentResult[] results =
[
    Experiment.Run(ml, "Self-attention trained on the label, mean-pooled context",
        FeaturePipelines.TrainedAttention(ml, attentionOptions), split.TrainSet, split.TestSet),
    Experiment.Run(ml, "Self-attention with untrained (random) projections, mean-pooled context",
        FeaturePipelines.UntrainedAttention(ml), split.TrainSet, split.TestSet),
    Experiment.Run(ml, "Baseline (a): mean of the GloVe embeddings, no attention",
        FeaturePipelines.MeanOfEmbeddings(ml), split.TrainSet, split.TestSet),
    Experiment.Run(ml, "Baseline (b): ML.NET FeaturizeText on the raw sentence",
        FeaturePipelines.FeaturizeText(ml), split.TrainSet, split.TestSet),
];

var table = ResultsTable.Markdown(results, Notes(attentionOptions, epochs, trainLabels.Length, testLabels));
Console.WriteLine(table);
if (resultsPath is not null)
{
    File.WriteAllText(resultsPath, table);
    Console.WriteLine($"Results written to {resultsPath}");
}

Console.WriteLine($"Total run time {clock.Elapsed.TotalSeconds:F0} s.");
return 0;

static IEnumerable<string> Notes(
    SelfAttentionOptions attention, EpochRecorder epochs, int trainRows, bool[] testLabels)
{
    var training = attention.Training;
    var kept = training.EarlyStoppingPatience is null ? epochs.Epochs.LastOrDefault() : epochs.Best;
    yield return $"Data: UCI Sentiment Labelled Sentences (amazon, imdb, yelp; 3,000 sentences). One fixed split, " +
        $"TrainTestSplit(testFraction: 0.2, seed: 1): {trainRows:N0} training rows, {testLabels.Length:N0} test " +
        $"rows ({testLabels.Count(l => l)} positive). Metrics are on the test rows only.";
    yield return string.Create(CultureInfo.InvariantCulture,
        $"With {testLabels.Length} test rows an accuracy's standard error is at most " +
        $"{0.5 / Math.Sqrt(testLabels.Length):F3}, so accuracy differences of a few hundredths are within noise.");
    yield return "Classifier: LbfgsLogisticRegression with default settings on the `Features` column, the same " +
        "for every row of the table.";
    yield return "Tokens: lower-cased, punctuation and \"n't\"/\"'s\"-style clitics split off " +
        "(SentenceTokenizer.cs), each looked up in GloVe 6B 50d; tokens without a vector (8.1% of all tokens) " +
        "are dropped.";
    yield return string.Create(CultureInfo.InvariantCulture,
        $"Attention: {attention.NumHeads} heads, {attention.Projections} projections, positional encoding " +
        $"{attention.PositionalEncoding}, {attention.Pooling} pooling. Training: AdamW, learning rate " +
        $"{training.LearningRate}, batch {training.BatchSize}, up to {training.Epochs} epochs, dropout " +
        $"{training.Dropout}, {training.ValidationFraction * 100:F0}% of the training rows held out for early " +
        $"stopping (patience {training.EarlyStoppingPatience}); ran {epochs.Epochs.Count} epochs and kept epoch " +
        $"{kept?.Epoch} (validation accuracy {kept?.ValidationAccuracy:F4}). Seed {training.Seed}. Heads, learning " +
        $"rate and positional encoding were picked from a grid of 36 settings by that held-out loss, not by the " +
        $"test rows.");
    yield return "Untrained attention: the same layer, its seeded random initial projections left as they are " +
        "(Epochs = 0); it shows what training the projections adds.";
    yield return "Baseline (a): the plain average of the same tokens' GloVe vectors (a CustomMapping), no attention.";
    yield return "Baseline (b): ML.NET FeaturizeText with its defaults (normalized word 1-2-gram and character " +
        "3-gram counts); it uses neither the tokenizer nor GloVe.";
}
