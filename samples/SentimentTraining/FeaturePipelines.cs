using AttentionML;
using AttentionML.Attention;
using AttentionML.Training;
using AttentionML.Transforms;
using Microsoft.ML;

namespace SentimentTraining;

/// <summary>
/// The feature pipelines that are compared. Each ends in a <c>Features</c> column that the same ML.NET trainer
/// reads; all but FeaturizeText start from the same tokens and the same GloVe embeddings.
/// </summary>
internal static class FeaturePipelines
{
    /// <summary>The seed of the attention layer's initialisation, shuffling, validation split and dropout.</summary>
    public const int Seed = 1;

    /// <summary>
    /// Tokens, then their 50-d GloVe vectors as a <c>[tokens, 50]</c> <c>Embeddings</c> column. Tokens without a
    /// vector (about 8% of them) are dropped rather than given a zero vector, so that neither the attention nor
    /// the mean sees a made-up value.
    /// </summary>
    public static IEstimator<ITransformer> Embeddings(MLContext ml) =>
        ml.Transforms.CustomMapping<SentenceText, SentenceTokens>(SentenceTokenizer.Map, contractName: null)
            .Append(ml.Attention.EmbedTokens(new TokenEmbeddingOptions
            {
                OutputColumnName = "Embeddings",
                InputColumnName = "Tokens",
                WordVectorsPath = SampleData.WordVectors,
                UnknownTokens = UnknownTokenHandling.Drop,
            }));

    /// <summary>
    /// Self-attention whose projections <c>Fit</c> trains on the label (a classification head on the mean-pooled
    /// context, discarded afterwards); its mean-pooled context is the feature vector.
    /// </summary>
    public static IEstimator<ITransformer> TrainedAttention(MLContext ml, SelfAttentionOptions options) =>
        Embeddings(ml).Append(ml.Attention.ApplySelfAttention(options));

    /// <summary>
    /// The trained attention's settings. A tenth of the training rows is held out inside <c>Fit</c> for early
    /// stopping. Heads (1, 2, 5, 10), learning rate (1e-3, 3e-3, 1e-2) and positional encoding (none,
    /// sinusoidal, learned) were chosen by the lowest loss on that held-out tenth, never on the test rows.
    /// </summary>
    public static SelfAttentionOptions TrainedAttentionOptions(IProgress<EpochMetrics> progress) =>
        AttentionOptions(new AttentionTrainingOptions
        {
            LabelColumnName = "Label",
            Epochs = 30,
            BatchSize = 32,
            LearningRate = 1e-2,
            ValidationFraction = 0.1,
            EarlyStoppingPatience = 5,
            Seed = Seed,
            Progress = progress,
        });

    /// <summary>The same attention with its seeded random projections left untrained: what training adds.</summary>
    public static IEstimator<ITransformer> UntrainedAttention(MLContext ml) =>
        Embeddings(ml).Append(ml.Attention.ApplySelfAttention(AttentionOptions(new AttentionTrainingOptions
        {
            Epochs = 0,
            Seed = Seed,
        })));

    /// <summary>Baseline (a): the average of the token embeddings, with no attention.</summary>
    public static IEstimator<ITransformer> MeanOfEmbeddings(MLContext ml) =>
        Embeddings(ml).Append(ml.Transforms.CustomMapping<TokenEmbeddings, MeanFeatures>(
            MeanEmbedding.Map, contractName: null));

    /// <summary>
    /// Baseline (b): ML.NET's own text featurizer with its defaults (normalized word 1-2-gram and character
    /// 3-gram counts) on the raw sentence; it uses neither the tokenizer nor GloVe.
    /// </summary>
    public static IEstimator<ITransformer> FeaturizeText(MLContext ml) =>
        ml.Transforms.Text.FeaturizeText("Features", "Text");

    private static SelfAttentionOptions AttentionOptions(AttentionTrainingOptions training) => new()
    {
        OutputColumnName = "Context",
        InputColumnName = "Embeddings",
        PooledColumnName = "Features",
        NumHeads = 2,
        Projections = AttentionProjections.Learned,
        PositionalEncoding = PositionalEncodingKind.None,
        Pooling = AttentionPooling.Mean,
        // One torch thread: as fast as two on this small model, and results do not depend on the core count.
        TorchThreads = 1,
        Training = training,
    };
}
