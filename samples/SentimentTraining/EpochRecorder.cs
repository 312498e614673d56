using AttentionML.Training;

namespace SentimentTraining;

/// <summary>
/// Keeps each epoch's metrics as attention training reports them. It records synchronously on the training
/// thread, unlike <see cref="Progress{T}"/>, which would post to the thread pool and could reorder epochs.
/// </summary>
internal sealed class EpochRecorder : IProgress<EpochMetrics>
{
    private readonly List<EpochMetrics> _epochs = [];

    public IReadOnlyList<EpochMetrics> Epochs => _epochs;

    /// <summary>
    /// The epoch with the lowest validation loss, whose weights early stopping keeps; null without validation.
    /// </summary>
    public EpochMetrics? Best => _epochs.Where(e => e.ValidationLoss is not null).MinBy(e => e.ValidationLoss);

    public void Report(EpochMetrics value) => _epochs.Add(value);
}
