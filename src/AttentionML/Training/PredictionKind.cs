namespace AttentionML.Training;

/// <summary>What a kept training head predicts.</summary>
internal enum PredictionKind
{
    /// <summary>Class probabilities, one per class, in label order.</summary>
    Classification = 1,

    /// <summary>One number, in the label's units.</summary>
    Regression = 2,
}
