using Microsoft.ML;

namespace AttentionML.Training;

/// <summary>How <c>Fit</c> trains learned query, key and value projections.</summary>
/// <remarks>
/// <para>
/// Training is off by default (<see cref="Epochs"/> is 0). With <see cref="LabelColumnName"/> set, a small
/// head on the pooled context vector learns the label: a Boolean or key label trains a classifier
/// (cross-entropy), a Single label a regressor (mean squared error). Without a label, a self-supervised
/// objective hides some tokens' embeddings and predicts each hidden embedding from its context vector,
/// so unlabelled text trains the projections too. The head only drives training and is discarded; the
/// transform's outputs stay the context, pooled and weights columns.
/// </para>
/// <para>
/// The loop is the one a PyTorch practitioner would write: shuffled, padded and masked mini-batches,
/// AdamW, gradient-norm clipping, linear warmup then decay of the learning rate, optional validation with
/// early stopping that restores the best epoch's weights. The device and torch thread count come from
/// the transform's own options (<c>Device</c>, <c>TorchThreads</c>).
/// </para>
/// </remarks>
public sealed class AttentionTrainingOptions
{
    /// <summary>Passes over the training data.</summary>
    /// <value>
    /// Default <c>0</c>: no training; learned projections keep their reproducible initialisation from
    /// <see cref="Seed"/>. Must not be negative.
    /// </value>
    public int Epochs { get; set; }

    /// <summary>The seed of every random choice in <c>Fit</c>: initialisation, shuffling, the validation split,
    /// hidden tokens and dropout.</summary>
    /// <value>Default <c>null</c>: drawn from the MLContext's seed.</value>
    public int? Seed { get; set; }

    /// <summary>The label column that training predicts from the pooled context vector.</summary>
    /// <value>
    /// Default <c>null</c>: self-supervised training (hidden-token prediction). A Boolean or key column trains
    /// a classifier, a Single column a regressor; any other type is rejected.
    /// </value>
    public string? LabelColumnName { get; set; }

    /// <summary>Rows per optimisation step; each batch is padded to its longest row.</summary>
    /// <value>Default <c>32</c>. Must be positive.</value>
    public int BatchSize { get; set; } = 32;

    /// <summary>The peak learning rate of AdamW, reached at the end of warmup.</summary>
    /// <value>Default <c>1e-3</c>. Must be finite and positive.</value>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>AdamW's decoupled weight decay, applied to weight matrices but not to biases.</summary>
    /// <value>Default <c>0.01</c>. Must be finite and not negative.</value>
    public double WeightDecay { get; set; } = 0.01;

    /// <summary>The largest global L2 norm of the gradients; larger gradients are scaled down to it.</summary>
    /// <value>Default <c>1.0</c>. <c>null</c> turns clipping off; otherwise must be finite and positive.</value>
    public double? GradientClipNorm { get; set; } = 1.0;

    /// <summary>The share of all optimisation steps over which the learning rate rises linearly from near 0
    /// to <see cref="LearningRate"/>.</summary>
    /// <value>Default <c>0.1</c>. Must be in [0, 1]; 0 starts at the full rate.</value>
    public double WarmupFraction { get; set; } = 0.1;

    /// <summary>How the learning rate falls after warmup.</summary>
    /// <value>Default <see cref="LearningRateDecay.Cosine"/>.</value>
    public LearningRateDecay LearningRateDecay { get; set; } = LearningRateDecay.Cosine;

    /// <summary>Dropout on the attention weights while training; inference never drops anything.</summary>
    /// <value>Default <c>0.1</c>. Must be in [0, 1). The transform passes it to the attention layer.</value>
    public double Dropout { get; set; } = 0.1;

    /// <summary>The share of the training rows held out, by a seeded random split, to validate each epoch.</summary>
    /// <value>
    /// Default <c>0</c>: no validation unless <see cref="ValidationData"/> is set, so every row trains.
    /// Must be in [0, 1). Ignored when <see cref="ValidationData"/> is set.
    /// </value>
    public double ValidationFraction { get; set; }

    /// <summary>
    /// Rows to validate on after each epoch. They need the columns the attention estimator itself reads: the
    /// token-embedding input column and the label. In a pipeline, that means the validation rows as the preceding
    /// transforms leave them, for example <c>tokensAndEmbeddings.Fit(train).Transform(validation)</c>.
    /// </summary>
    /// <value>Default <c>null</c>. When set it takes precedence over <see cref="ValidationFraction"/>.</value>
    public IDataView? ValidationData { get; set; }

    /// <summary>Epochs without a lower validation loss after which training stops; the weights of the epoch
    /// with the lowest validation loss are then restored.</summary>
    /// <value>
    /// Default <c>null</c>: off, and the last epoch's weights are kept. Must be positive and needs validation
    /// (<see cref="ValidationFraction"/> above 0 or <see cref="ValidationData"/>).
    /// </value>
    public int? EarlyStoppingPatience { get; set; }

    /// <summary>Cancels training; it is checked before every mini-batch.</summary>
    /// <value>Default <see cref="CancellationToken.None"/>. Cancelling makes <c>Fit</c> throw
    /// <see cref="OperationCanceledException"/>.</value>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Receives the metrics of each epoch as soon as it ends.</summary>
    /// <value>
    /// Default <c>null</c>. <c>Report</c> is called on the training thread; <see cref="Progress{T}"/> forwards
    /// the call to its captured synchronisation context, so its handler may run later.
    /// </value>
    public IProgress<EpochMetrics>? Progress { get; set; }

    /// <summary>Checks every setting and throws an exception that names the first bad one.</summary>
    /// <exception cref="ArgumentException">
    /// A setting is out of range, or early stopping has no validation data.
    /// </exception>
    public void Validate()
    {
        ValidateRanges();
        if (EarlyStoppingPatience is { } patience && ValidationData is null && ValidationFraction == 0)
            throw new ArgumentException(
                $"{nameof(EarlyStoppingPatience)} ({patience}) needs validation data: set " +
                $"{nameof(ValidationFraction)} above 0 or set {nameof(ValidationData)}.",
                nameof(EarlyStoppingPatience));
    }

    /// <summary>Checks each setting on its own, without asking where validation data comes from.</summary>
    internal void ValidateRanges()
    {
        if (Epochs < 0)
            throw OutOfRange(nameof(Epochs), Epochs, "must not be negative");
        if (LabelColumnName is not null && string.IsNullOrWhiteSpace(LabelColumnName))
            throw new ArgumentException(
                $"{nameof(LabelColumnName)} ('{LabelColumnName}') must be a column name, or null for self-supervised " +
                "training.", nameof(LabelColumnName));
        if (BatchSize <= 0)
            throw OutOfRange(nameof(BatchSize), BatchSize, "must be positive");
        if (!double.IsFinite(LearningRate) || LearningRate <= 0)
            throw OutOfRange(nameof(LearningRate), LearningRate, "must be finite and positive");
        if (!double.IsFinite(WeightDecay) || WeightDecay < 0)
            throw OutOfRange(nameof(WeightDecay), WeightDecay, "must be finite and not negative");
        if (GradientClipNorm is { } clip && (!double.IsFinite(clip) || clip <= 0))
            throw OutOfRange(nameof(GradientClipNorm), clip,
                "must be finite and positive, or null to turn clipping off");
        if (!double.IsFinite(WarmupFraction) || WarmupFraction < 0 || WarmupFraction > 1)
            throw OutOfRange(nameof(WarmupFraction), WarmupFraction, "must be in [0, 1]");
        if (!Enum.IsDefined(LearningRateDecay))
            throw OutOfRange(nameof(LearningRateDecay), LearningRateDecay, "is not a defined value");
        if (!double.IsFinite(Dropout) || Dropout < 0 || Dropout >= 1)
            throw OutOfRange(nameof(Dropout), Dropout, "must be in [0, 1)");
        if (!double.IsFinite(ValidationFraction) || ValidationFraction < 0 || ValidationFraction >= 1)
            throw OutOfRange(nameof(ValidationFraction), ValidationFraction, "must be in [0, 1)");
        if (EarlyStoppingPatience is { } patience && patience <= 0)
            throw OutOfRange(nameof(EarlyStoppingPatience), patience,
                "must be positive, or null to turn early stopping off");
    }

    private static ArgumentOutOfRangeException OutOfRange(string name, object value, string rule) =>
        new(name, value, $"{name} ({value}) {rule}.");
}
