namespace AttentionML.Training;

/// <summary>What the training head learns, decided by the label column's type.</summary>
internal enum TrainingTask
{
    /// <summary>No label: predict hidden tokens' embeddings from their context vectors.</summary>
    SelfSupervised = 0,

    /// <summary>A Boolean or key label: cross-entropy on the pooled vector.</summary>
    Classification = 1,

    /// <summary>A Single label: mean squared error on the pooled vector.</summary>
    Regression = 2,
}
