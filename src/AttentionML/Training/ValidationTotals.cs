namespace AttentionML.Training;

/// <summary>Running sums of a validation pass: loss over items, and a task metric over rows.</summary>
internal sealed class ValidationTotals
{
    /// <summary>The summed loss.</summary>
    public double LossSum { get; set; }

    /// <summary>The items the loss is summed over: rows, or hidden tokens for self-supervised training.</summary>
    public long LossCount { get; set; }

    /// <summary>Correct rows for classification, squared error in label units for regression.</summary>
    public double MetricSum { get; set; }

    public long Rows { get; set; }

    public double Loss => LossSum / Math.Max(1, LossCount);
}
