namespace AttentionML.Training;

/// <summary>What one epoch of training measured; reported through <see cref="AttentionTrainingOptions.Progress"/>
/// and written to the MLContext's log.</summary>
/// <param name="Epoch">The epoch's number, from 1.</param>
/// <param name="TrainingLoss">
/// The mean training loss over the epoch's rows, measured while the weights changed and with dropout on:
/// cross-entropy for classification, mean squared error of standardised labels for regression, and mean
/// squared error of the hidden embeddings for self-supervised training.
/// </param>
/// <param name="ValidationLoss">The same loss over the whole validation set after the epoch, without dropout;
/// <c>null</c> without validation.</param>
/// <param name="ValidationAccuracy">The share of validation rows whose class is predicted correctly; <c>null</c>
/// without validation or when the task is not classification.</param>
/// <param name="ValidationError">
/// For regression, the root mean squared error on validation rows in the label's own units; for
/// self-supervised training, the validation loss. <c>null</c> without validation or for classification.
/// </param>
/// <param name="Elapsed">The wall-clock time of the epoch, validation included.</param>
/// <param name="TokensPerSecond">Real (unpadded) training tokens processed per second of training, validation
/// excluded.</param>
/// <param name="LearningRate">The learning rate of the epoch's last optimisation step.</param>
public sealed record EpochMetrics(
    int Epoch,
    double TrainingLoss,
    double? ValidationLoss,
    double? ValidationAccuracy,
    double? ValidationError,
    TimeSpan Elapsed,
    double TokensPerSecond,
    double LearningRate);
