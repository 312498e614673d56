namespace AttentionML.Attention;

/// <summary>The shape and behaviour of a <see cref="SelfAttentionLayer"/>.</summary>
public sealed record SelfAttentionLayerOptions
{
    /// <summary>The size d of each input embedding. Required; must be positive.</summary>
    public required int ModelDimension { get; init; }

    /// <summary>The number of attention heads. Default <c>1</c>; must divide <see cref="ModelDimension"/>.</summary>
    public int NumHeads { get; init; } = 1;

    /// <summary>Learned or identity query, key and value projections. Default
    /// <see cref="AttentionProjections.Learned"/>.</summary>
    public AttentionProjections Projections { get; init; } = AttentionProjections.Learned;

    /// <summary>Whether the learned query, key and value projections have a bias. Default <c>true</c>.</summary>
    public bool ProjectionBias { get; init; } = true;

    /// <summary>
    /// Whether the concatenated heads go through a final learned linear projection. Default <c>false</c>.
    /// Needed to produce an <see cref="OutputDimension"/> other than <see cref="ModelDimension"/>.
    /// </summary>
    public bool OutputProjection { get; init; }

    /// <summary>
    /// The size of each context vector. Default <c>null</c>, meaning <see cref="ModelDimension"/>;
    /// any other value needs <see cref="OutputProjection"/>.
    /// </summary>
    public int? OutputDimension { get; init; }

    /// <summary>
    /// Whether scores are multiplied by a scale before the softmax. Default <c>true</c>. When <c>false</c>
    /// the raw dot products are used, as in the classic worked example.
    /// </summary>
    public bool ScaleScores { get; init; } = true;

    /// <summary>
    /// The factor scores are multiplied by when <see cref="ScaleScores"/> is on. Default <c>null</c>, meaning
    /// 1/sqrt(head dimension). Must be finite and positive.
    /// </summary>
    public double? ScaleFactor { get; init; }

    /// <summary>Whether each token attends only to itself and earlier tokens. Default <c>false</c>.</summary>
    public bool Causal { get; init; }

    /// <summary>
    /// Dropout applied to the attention weights while training; never at inference. Default <c>0</c>.
    /// </summary>
    public double Dropout { get; init; }

    /// <summary>
    /// Position information added to the embeddings. Default <see cref="PositionalEncodingKind.None"/>.
    /// </summary>
    public PositionalEncodingKind PositionalEncoding { get; init; } = PositionalEncodingKind.None;

    /// <summary>
    /// The longest row, in tokens, the layer accepts when it uses positional encoding. Default <c>512</c>.
    /// </summary>
    public int MaxTokens { get; init; } = 512;

    /// <summary>The size of each head: <see cref="ModelDimension"/> / <see cref="NumHeads"/>.</summary>
    public int HeadDimension => ModelDimension / NumHeads;

    /// <summary>The size of each context vector the layer produces.</summary>
    public int ContextDimension => OutputDimension ?? ModelDimension;

    /// <summary>The factor the layer actually multiplies scores by: 1 when scaling is off.</summary>
    public double EffectiveScale => !ScaleScores ? 1.0 : ScaleFactor ?? 1.0 / Math.Sqrt(HeadDimension);

    /// <summary>
    /// Checks every setting and throws an <see cref="ArgumentException"/> that names the first bad one.
    /// </summary>
    public void Validate()
    {
        if (ModelDimension <= 0)
            throw new ArgumentOutOfRangeException(nameof(ModelDimension), ModelDimension,
                $"{nameof(ModelDimension)} ({ModelDimension}) must be positive.");
        if (NumHeads <= 0)
            throw new ArgumentOutOfRangeException(nameof(NumHeads), NumHeads,
                $"{nameof(NumHeads)} ({NumHeads}) must be positive.");
        if (ModelDimension % NumHeads != 0)
            throw new ArgumentException(
                $"{nameof(ModelDimension)} ({ModelDimension}) must be divisible by {nameof(NumHeads)} ({NumHeads}).",
                nameof(NumHeads));
        if (OutputDimension is { } outputDimension && outputDimension <= 0)
            throw new ArgumentOutOfRangeException(nameof(OutputDimension), outputDimension,
                $"{nameof(OutputDimension)} ({outputDimension}) must be positive.");
        if (OutputDimension is { } requested && requested != ModelDimension && !OutputProjection)
            throw new ArgumentException(
                $"{nameof(OutputDimension)} ({requested}) differs from {nameof(ModelDimension)} ({ModelDimension}), " +
                $"which needs {nameof(OutputProjection)} = true.", nameof(OutputDimension));
        if (OutputProjection && Projections == AttentionProjections.Identity)
            throw new ArgumentException(
                $"{nameof(OutputProjection)} needs learned projections; {nameof(Projections)} is Identity.",
                nameof(OutputProjection));
        if (ScaleFactor is { } scale && (!double.IsFinite(scale) || scale <= 0))
            throw new ArgumentOutOfRangeException(nameof(ScaleFactor), scale,
                $"{nameof(ScaleFactor)} ({scale}) must be finite and positive.");
        if (!double.IsFinite(Dropout) || Dropout < 0 || Dropout >= 1)
            throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout,
                $"{nameof(Dropout)} ({Dropout}) must be in [0, 1).");
        if (MaxTokens <= 0)
            throw new ArgumentOutOfRangeException(nameof(MaxTokens), MaxTokens,
                $"{nameof(MaxTokens)} ({MaxTokens}) must be positive.");
        if (!Enum.IsDefined(Projections))
            throw new ArgumentOutOfRangeException(nameof(Projections), Projections,
                $"Unknown {nameof(Projections)} ({Projections}).");
        if (!Enum.IsDefined(PositionalEncoding))
            throw new ArgumentOutOfRangeException(nameof(PositionalEncoding), PositionalEncoding,
                $"Unknown {nameof(PositionalEncoding)} ({PositionalEncoding}).");
    }
}
