namespace AttentionML.Training;

/// <summary>Rows of token embeddings and labels held in memory for training or validation.</summary>
/// <remarks>
/// Known limitation: the whole set lives in managed memory, about <c>4 * tokens * dim</c> bytes, because
/// every epoch reshuffles it; data that does not fit in memory cannot be trained on yet.
/// </remarks>
internal sealed class TrainingSet
{
    /// <summary>Creates a set and checks that every row fits the task.</summary>
    /// <param name="examples">The rows; must not be empty.</param>
    /// <param name="dimension">The size d of each token embedding.</param>
    /// <param name="task">What the labels mean.</param>
    /// <param name="classCount">For classification, the number of classes (at least 2); otherwise 0.</param>
    /// <param name="skippedEmptyRows">Rows the reader left out because they had no tokens.</param>
    public TrainingSet(
        IReadOnlyList<TrainingExample> examples, int dimension, TrainingTask task, int classCount = 0,
        int skippedEmptyRows = 0)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        ArgumentOutOfRangeException.ThrowIfNegative(skippedEmptyRows);
        if (examples.Count == 0)
            throw new ArgumentException("A training set needs at least one row.", nameof(examples));
        if (task == TrainingTask.Classification && classCount < 2)
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount,
                $"Classification needs at least 2 classes, but classCount is {classCount}.");
        if (task != TrainingTask.Classification && classCount != 0)
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount,
                $"Only classification has classes, but classCount is {classCount} for {task}.");

        for (var i = 0; i < examples.Count; i++)
            Check(examples[i], i, dimension, task, classCount);

        Examples = examples;
        Dimension = dimension;
        Task = task;
        ClassCount = classCount;
        SkippedEmptyRows = skippedEmptyRows;
        TokenCount = examples.Sum(e => (long)e.TokenCount);
    }

    public IReadOnlyList<TrainingExample> Examples { get; }

    public int Dimension { get; }

    public TrainingTask Task { get; }

    public int ClassCount { get; }

    public int SkippedEmptyRows { get; }

    /// <summary>Real tokens over all rows.</summary>
    public long TokenCount { get; }

    public int Count => Examples.Count;

    /// <summary>
    /// Splits the rows at random into a training part and a validation part of
    /// <c>round(fraction * Count)</c> rows (at least one row each).
    /// </summary>
    public (TrainingSet Train, TrainingSet Validation) Split(double fraction, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(fraction > 0 && fraction < 1))
            throw new ArgumentOutOfRangeException(
                nameof(fraction), fraction, $"The fraction ({fraction}) must be in (0, 1).");
        if (Count < 2)
            throw new InvalidOperationException(
                $"ValidationFraction ({fraction}) needs at least 2 training rows to split, but there is {Count}.");

        var order = Enumerable.Range(0, Count).ToArray();
        random.Shuffle(order);
        var held = Math.Clamp((int)Math.Round(fraction * Count), 1, Count - 1);
        var validation = order.Take(held).Order().Select(i => Examples[i]).ToArray();
        var train = order.Skip(held).Order().Select(i => Examples[i]).ToArray();
        return (With(train, SkippedEmptyRows), With(validation, 0));
    }

    private TrainingSet With(IReadOnlyList<TrainingExample> examples, int skipped) =>
        new(examples, Dimension, Task, ClassCount, skipped);

    private static void Check(TrainingExample example, int index, int dimension, TrainingTask task, int classCount)
    {
        if (example.TokenCount <= 0 || example.Embeddings.Length != example.TokenCount * dimension)
            throw new ArgumentException(
                $"Example {index} has {example.TokenCount} tokens and {example.Embeddings.Length} values; it " +
                $"needs at least one token and exactly tokens * {dimension} values.", "examples");
        if (task == TrainingTask.Classification
            && (example.Label < 0 || example.Label >= classCount || example.Label != MathF.Floor(example.Label)))
            throw new ArgumentException(
                $"Example {index} has label {example.Label}, which is not a class index in [0, {classCount}).",
                "examples");
        if (task == TrainingTask.Regression && !float.IsFinite(example.Label))
            throw new ArgumentException($"Example {index} has label {example.Label}, which is not finite.", "examples");
    }
}
