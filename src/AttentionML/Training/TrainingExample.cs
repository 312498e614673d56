namespace AttentionML.Training;

/// <summary>One row of training data, held in memory.</summary>
/// <param name="Embeddings">Row-major <c>[TokenCount, dim]</c> token embeddings, all finite.</param>
/// <param name="TokenCount">The number of tokens; at least 1.</param>
/// <param name="Label">
/// The class index (0-based) for classification, the target for regression, unused (0) when self-supervised.
/// </param>
internal sealed record TrainingExample(float[] Embeddings, int TokenCount, float Label);
