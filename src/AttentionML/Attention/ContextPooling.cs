using static TorchSharp.torch;

namespace AttentionML.Attention;

/// <summary>
/// Reduces per-token context vectors <c>[batch, tokens, dim]</c> to one vector per row <c>[batch, dim]</c>.
/// </summary>
public static class ContextPooling
{
    /// <summary>Pools the context vectors of each row over its real tokens.</summary>
    /// <param name="context">Context vectors <c>[batch, tokens, dim]</c>; padded positions hold zeros.</param>
    /// <param name="paddingMask">Boolean <c>[batch, tokens]</c>; <c>true</c> marks a real token.</param>
    /// <param name="pooling">The reduction. A row with no real token always pools to zeros.</param>
    /// <returns>The pooled vectors <c>[batch, dim]</c>.</returns>
    public static Tensor Pool(Tensor context, Tensor paddingMask, AttentionPooling pooling)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(paddingMask);
        using var scope = NewDisposeScope();

        var real = paddingMask.unsqueeze(-1);
        var pooled = pooling switch
        {
            AttentionPooling.Mean => context.masked_fill(real.logical_not(), Scalars.Zero).sum(1)
                .div(real.sum(1).clamp_min(Scalars.One).to(context.dtype)),
            AttentionPooling.Max => context.masked_fill(real.logical_not(), Scalars.NegativeInfinity).amax(1)
                .masked_fill(real.any(1).logical_not(), Scalars.Zero),
            AttentionPooling.First => context.select(1, 0).mul(real.select(1, 0).to(context.dtype)),
            _ => throw new ArgumentOutOfRangeException(nameof(pooling), pooling, $"Unknown pooling ({pooling})."),
        };
        return pooled.MoveToOuterDisposeScope();
    }
}
