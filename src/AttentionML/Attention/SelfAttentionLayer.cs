using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionML.Attention;

/// <summary>
/// Multi-head self-attention over a padded batch of token embeddings, built from linear layers and
/// tensor operations so that it can return per-head weights and run with scaling off.
/// </summary>
/// <remarks>
/// <para>
/// Input: embeddings <c>[batch, tokens, dim]</c> and a boolean padding mask <c>[batch, tokens]</c> that is
/// <c>true</c> for real tokens. Output: context vectors <c>[batch, tokens, dimOut]</c> and attention weights
/// <c>[batch, heads, tokens, tokens]</c>, where <c>weights[b, h, i, j]</c> is how much token i attends to token j.
/// </para>
/// <para>
/// For each head, <c>weights = softmax(scale * Q K^T)</c> over the keys a token may see (real tokens, and
/// with <see cref="SelfAttentionLayerOptions.Causal"/> only itself and earlier ones), and
/// <c>context = weights V</c>. Padded keys get weight exactly 0; padded tokens get all-zero weights and a
/// zero context vector, so padding never changes a real token's output. A row with no visible key
/// (an empty row) gets zeros, never NaN.
/// </para>
/// </remarks>
public sealed class SelfAttentionLayer : nn.Module<Tensor, Tensor, (Tensor Context, Tensor Weights)>
{
    private readonly Linear? query;
    private readonly Linear? key;
    private readonly Linear? value;
    private readonly Linear? output;
    private readonly PositionalEncoding? positions;
    private readonly Dropout? dropout;

    /// <summary>
    /// Creates the layer; learned projections start at zero until <see cref="Initialize"/> is called.
    /// </summary>
    /// <param name="options">The layer's shape; checked with <see cref="SelfAttentionLayerOptions.Validate"/>.</param>
    public SelfAttentionLayer(SelfAttentionLayerOptions options) : base(nameof(SelfAttentionLayer))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;

        var d = options.ModelDimension;
        if (options.Projections == AttentionProjections.Learned)
        {
            query = nn.Linear(d, d, options.ProjectionBias);
            key = nn.Linear(d, d, options.ProjectionBias);
            value = nn.Linear(d, d, options.ProjectionBias);
        }

        if (options.OutputProjection)
            output = nn.Linear(d, options.ContextDimension, hasBias: true);
        if (options.PositionalEncoding != PositionalEncodingKind.None)
            positions = new PositionalEncoding(options.PositionalEncoding, options.MaxTokens, d);
        if (options.Dropout > 0)
            dropout = nn.Dropout(options.Dropout);

        RegisterComponents();
    }

    /// <summary>The options the layer was built with.</summary>
    public SelfAttentionLayerOptions Options { get; }

    /// <summary>
    /// Sets every learned weight from <paramref name="seed"/> alone (Xavier-uniform projections, zero biases),
    /// so the same seed always gives the same layer, whatever else used torch's global generator.
    /// </summary>
    /// <param name="seed">The seed of a private torch generator.</param>
    public void Initialize(long seed)
    {
        using var generator = new Generator(unchecked((ulong)seed));
        using var noGrad = no_grad();
        foreach (var linear in new[] { query, key, value, output })
        {
            if (linear is null)
                continue;

            var weight = linear.weight!;
            var bound = Math.Sqrt(6.0 / (weight.shape[0] + weight.shape[1]));
            SeededInit.Uniform(weight, bound, generator);
            linear.bias?.zero_();
        }

        positions?.Initialize(generator);
    }

    /// <summary>Computes context vectors and attention weights.</summary>
    /// <param name="input">Token embeddings <c>[batch, tokens, dim]</c>, floating point.</param>
    /// <param name="paddingMask">Boolean <c>[batch, tokens]</c>; <c>true</c> marks a real token.</param>
    /// <returns>Context <c>[batch, tokens, dimOut]</c> and weights <c>[batch, heads, tokens, tokens]</c>.</returns>
    public override (Tensor Context, Tensor Weights) forward(Tensor input, Tensor paddingMask)
    {
        CheckInputs(input, paddingMask);
        using var scope = NewDisposeScope();

        var (q, k, v) = Project(input, paddingMask);
        var allowed = VisibleKeys(paddingMask);
        var scores = ScaledScores(q, k);

        // Overflowing scores are clamped to the largest finite value, so softmax (which subtracts the
        // row maximum) stays finite. Rows with no visible key get zero scores before the softmax and
        // zero weights after it, which keeps both the values and the gradients free of NaN.
        var hasVisibleKey = allowed.any(-1, keepdim: true);
        scores = scores.clamp(Scalars.FloatMin, Scalars.FloatMax)
            .masked_fill(allowed.logical_not(), Scalars.NegativeInfinity)
            .masked_fill(hasVisibleKey.logical_not(), Scalars.Zero);
        var weights = softmax(scores, -1).masked_fill(allowed.logical_not(), Scalars.Zero);
        weights = weights.mul(QueryMask(paddingMask, weights.dtype));
        var attended = dropout is null ? weights : dropout.call(weights);

        var context = Finish(matmul(attended, v), paddingMask);
        return (context.MoveToOuterDisposeScope(), weights.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Computes the scaled scores <c>scale * Q K^T</c> <c>[batch, heads, tokens, tokens]</c>, before masking and
    /// softmax: the numbers a hand-worked example shows first.
    /// </summary>
    /// <param name="input">Token embeddings <c>[batch, tokens, dim]</c>, floating point.</param>
    /// <param name="paddingMask">Boolean <c>[batch, tokens]</c>; <c>true</c> marks a real token.</param>
    /// <returns>The scores <c>[batch, heads, tokens, tokens]</c>.</returns>
    public Tensor Scores(Tensor input, Tensor paddingMask)
    {
        CheckInputs(input, paddingMask);
        using var scope = NewDisposeScope();

        var (q, k, _) = Project(input, paddingMask);
        return ScaledScores(q, k).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Computes only the context vectors through the fused <c>scaled_dot_product_attention</c> kernel,
    /// which is faster and lighter when the weights are not needed. Agrees with <see cref="forward"/>.
    /// </summary>
    /// <param name="input">Token embeddings <c>[batch, tokens, dim]</c>, floating point.</param>
    /// <param name="paddingMask">Boolean <c>[batch, tokens]</c>; <c>true</c> marks a real token.</param>
    /// <returns>Context <c>[batch, tokens, dimOut]</c>.</returns>
    public Tensor ForwardContext(Tensor input, Tensor paddingMask)
    {
        CheckInputs(input, paddingMask);
        using var scope = NewDisposeScope();

        var (q, k, v) = Project(input, paddingMask);
        var allowed = VisibleKeys(paddingMask);

        // The kernel always multiplies by 1/sqrt(head dimension); rescaling the queries first turns that
        // into the layer's own scale (including 1 when scaling is off).
        var rescale = Options.EffectiveScale * Math.Sqrt(Options.HeadDimension);
        var dropoutP = training && dropout is not null ? Options.Dropout : 0.0;
        using var rescaleScalar = rescale.ToScalar();
        var attended = nn.functional.scaled_dot_product_attention(q.mul(rescaleScalar), k, v, allowed, dropoutP);

        // A row with no visible key comes back as NaN from the kernel; such rows are padding or empty.
        attended = attended.nan_to_num(0.0, 0.0, 0.0);
        return Finish(attended, paddingMask).MoveToOuterDisposeScope();
    }

    private (Tensor Query, Tensor Key, Tensor Value) Project(Tensor input, Tensor paddingMask)
    {
        var x = positions is null ? input : positions.call(input);
        if (positions is not null)
            x = x.mul(paddingMask.unsqueeze(-1).to(x.dtype));

        var q = query is null ? x : query.call(x);
        var k = key is null ? x : key.call(x);
        var v = value is null ? x : value.call(x);
        return (SplitHeads(q), SplitHeads(k), SplitHeads(v));
    }

    private Tensor ScaledScores(Tensor q, Tensor k)
    {
        using var scale = Options.EffectiveScale.ToScalar();
        return matmul(q, k.transpose(-2, -1)).mul_(scale);
    }

    // [batch, tokens, dim] -> [batch, heads, tokens, headDim]
    private Tensor SplitHeads(Tensor x) =>
        x.view(x.shape[0], x.shape[1], Options.NumHeads, Options.HeadDimension).transpose(1, 2);

    // [batch, heads, tokens, headDim] -> [batch, tokens, dimOut], with padded tokens set to zero.
    private Tensor Finish(Tensor heads, Tensor paddingMask)
    {
        var merged = heads.transpose(1, 2).reshape(heads.shape[0], heads.shape[2], Options.ModelDimension);
        var projected = output is null ? merged : output.call(merged);
        return projected.mul(paddingMask.unsqueeze(-1).to(projected.dtype));
    }

    // Boolean [batch, 1, tokens, tokens]: true where query i may attend to key j.
    private Tensor VisibleKeys(Tensor paddingMask)
    {
        var tokens = paddingMask.shape[1];
        var visible = paddingMask.unsqueeze(1).unsqueeze(2).expand(-1, -1, tokens, -1);
        if (Options.Causal)
            visible = visible.logical_and(ones(tokens, tokens, ScalarType.Bool, paddingMask.device).tril());
        return visible;
    }

    private static Tensor QueryMask(Tensor paddingMask, ScalarType dtype) =>
        paddingMask.unsqueeze(1).unsqueeze(-1).to(dtype);

    private void CheckInputs(Tensor input, Tensor paddingMask)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(paddingMask);
        if (input.dim() != 3 || input.shape[2] != Options.ModelDimension)
            throw new ArgumentException(
                $"The input must be [batch, tokens, {Options.ModelDimension}], but its shape is " +
                $"[{string.Join(", ", input.shape)}].", nameof(input));
        if (!input.is_floating_point())
            throw new ArgumentException($"The input must be floating point, but it is {input.dtype}.", nameof(input));
        if (paddingMask.dtype != ScalarType.Bool || paddingMask.dim() != 2
            || paddingMask.shape[0] != input.shape[0] || paddingMask.shape[1] != input.shape[1])
            throw new ArgumentException(
                $"The padding mask must be Bool [{input.shape[0]}, {input.shape[1]}], but it is {paddingMask.dtype} " +
                $"[{string.Join(", ", paddingMask.shape)}].", nameof(paddingMask));
    }
}
