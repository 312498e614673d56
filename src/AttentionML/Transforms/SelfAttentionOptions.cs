using AttentionML.Attention;
using AttentionML.Training;
using Microsoft.ML;

namespace AttentionML.Transforms;

/// <summary>
/// Options of <c>mlContext.Attention.ApplySelfAttention</c>: columns, shape, pooling, device and training.
/// </summary>
public sealed class SelfAttentionOptions
{
    /// <summary>The per-token context column to add, a row-major <c>[tokens, dimOut]</c> vector. Required.</summary>
    public string OutputColumnName { get; set; } = "";

    /// <summary>
    /// The token-embedding column to read, a row-major <c>[tokens, d]</c> vector of <see cref="float"/> such as
    /// <c>EmbedTokens</c> produces. Default <c>null</c>, meaning <see cref="OutputColumnName"/>.
    /// </summary>
    public string? InputColumnName { get; set; }

    /// <summary>
    /// The fixed-size pooled context column to add, <c>Vector&lt;Single, dOut&gt;</c> with slot names, which
    /// ML.NET trainers accept directly. Default <c>null</c>, meaning <c>OutputColumnName + "Pooled"</c>.
    /// </summary>
    public string? PooledColumnName { get; set; }

    /// <summary>
    /// The attention-weights column to add, a row-major <c>[heads, tokens, tokens]</c> vector. Default
    /// <c>null</c>: no weights column, which lets the transform use the faster fused attention kernel.
    /// </summary>
    public string? WeightsColumnName { get; set; }

    /// <summary>
    /// A column for the prediction of the head that training used: for a Boolean or key label, a
    /// <c>Vector&lt;Single, classes&gt;</c> of class probabilities in label order (false, true for Boolean); for a
    /// Single label, a <c>Single</c> in the label's units. Default <c>null</c>: no such column. Needs learned
    /// projections, <c>Training.LabelColumnName</c> and <c>Training.Epochs</c> above 0.
    /// </summary>
    public string? PredictionColumnName { get; set; }

    /// <summary>
    /// The size d of each token embedding. Default <c>null</c>, meaning it is read from the input column's
    /// dimensions (<c>EmbedTokens</c> declares them); needed when the input column does not declare them.
    /// </summary>
    public int? EmbeddingDimension { get; set; }

    /// <summary>The number of attention heads. Default <c>1</c>; must divide the embedding dimension.</summary>
    public int NumHeads { get; set; } = 1;

    /// <summary>
    /// Learned query, key and value projections, or the identity (Q = K = V = the embeddings).
    /// Default <see cref="AttentionProjections.Learned"/>.
    /// </summary>
    public AttentionProjections Projections { get; set; } = AttentionProjections.Learned;

    /// <summary>Whether the learned projections have a bias. Default <c>true</c>.</summary>
    public bool ProjectionBias { get; set; } = true;

    /// <summary>
    /// The size of each context vector. Default <c>null</c>, meaning the embedding dimension; another value adds
    /// a learned output projection (learned projections only).
    /// </summary>
    public int? OutputDimension { get; set; }

    /// <summary>Whether scores are scaled before the softmax. Default <c>true</c>.</summary>
    public bool ScaleScores { get; set; } = true;

    /// <summary>
    /// The score scale when <see cref="ScaleScores"/> is on. Default <c>null</c>: 1/sqrt(head dimension).
    /// </summary>
    public double? ScaleFactor { get; set; }

    /// <summary>Whether each token attends only to itself and earlier tokens. Default <c>false</c>.</summary>
    public bool Causal { get; set; }

    /// <summary>
    /// Position information added to the embeddings. Default <see cref="PositionalEncodingKind.None"/>.
    /// </summary>
    public PositionalEncodingKind PositionalEncoding { get; set; } = PositionalEncodingKind.None;

    /// <summary>
    /// How context vectors are pooled into the pooled column. Default <see cref="AttentionPooling.Mean"/>.
    /// </summary>
    public AttentionPooling Pooling { get; set; } = AttentionPooling.Mean;

    /// <summary>
    /// The most tokens of a row that attention reads; later tokens are ignored (truncated) and the row's
    /// outputs cover only the first <c>MaxTokens</c>. Default <c>256</c>.
    /// </summary>
    public int MaxTokens { get; set; } = 256;

    /// <summary>Rows per forward pass when transforming. Default <c>64</c> (fastest measured on 2 CPU cores).</summary>
    public int InferenceBatchSize { get; set; } = 64;

    /// <summary>
    /// Where the module runs: <c>"auto"</c> (CUDA when available, else CPU), <c>"cpu"</c>, <c>"cuda"</c> or
    /// <c>"cuda:N"</c>. Default <c>"cpu"</c>.
    /// </summary>
    public string Device { get; set; } = "cpu";

    /// <summary>
    /// Torch intra-op threads used while this transform computes. Default <c>null</c>: leave torch's setting as
    /// it is. One thread was fastest for small batches on shared 2-core machines; measure yours.
    /// </summary>
    public int? TorchThreads { get; set; }

    /// <summary>Settings of the training that <c>Fit</c> runs for learned projections.</summary>
    public AttentionTrainingOptions Training { get; set; } = new();
}
