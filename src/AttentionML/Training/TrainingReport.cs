namespace AttentionML.Training;

/// <summary>What <see cref="ProjectionTrainer.Train"/> did.</summary>
/// <param name="Epochs">The metrics of each epoch that ran, in order.</param>
/// <param name="BestEpoch">The epoch with the lowest validation loss; <c>null</c> without validation or epochs.</param>
/// <param name="KeptEpoch">The epoch whose weights the layer holds: the best one after early stopping, else the
/// last; <c>null</c> when nothing was trained.</param>
/// <param name="StoppedEarly">Whether early stopping ended training before the last epoch.</param>
/// <param name="TrainingRows">Rows trained on, after the validation split.</param>
/// <param name="ValidationRows">Rows validated on; 0 without validation.</param>
/// <param name="SkippedEmptyRows">Training rows the reader skipped because they had no tokens.</param>
internal sealed record TrainingReport(
    IReadOnlyList<EpochMetrics> Epochs,
    int? BestEpoch,
    int? KeptEpoch,
    bool StoppedEarly,
    int TrainingRows,
    int ValidationRows,
    int SkippedEmptyRows)
{
    /// <summary>
    /// The trained classification or regression head, on the CPU, when the caller asked to keep it; the caller
    /// owns and disposes it. <c>null</c> otherwise, and always for self-supervised training.
    /// </summary>
    public PredictionHead? Head { get; init; }
}
