using AttentionML.Attention;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionML.Training;

/// <summary>
/// Self-supervised training: some tokens' embeddings are replaced by a learned "hidden" embedding, and a linear
/// map predicts each hidden token's original embedding from its context vector (mean squared error). The
/// projections learn to gather, from the other tokens, what identifies the missing one.
/// </summary>
/// <remarks>
/// Known limitation: a row of one token leaves nothing to predict its hidden token from, so such rows only teach
/// the average embedding; and without positional encoding a hidden token's place is unknown, so only which
/// words occur together can be learned, not which word stands next to which.
/// </remarks>
internal sealed class MaskedTokenObjective : TrainingObjective
{
    private readonly Parameter hidden;
    private readonly Linear predictor;

    public MaskedTokenObjective(int contextDimension, int dimension, Generator generator)
        : base(nameof(MaskedTokenObjective))
    {
        hidden = new Parameter(zeros(dimension));
        predictor = nn.Linear(contextDimension, dimension);
        RegisterComponents();
        Reset(predictor, generator);
    }

    /// <summary>The share of tokens hidden, as in BERT's masked-language-model objective.</summary>
    public override double HideProbability => 0.15;

    public override long Weight(PaddedBatch batch) => batch.HiddenTokens;

    public override Tensor Loss(SelfAttentionLayer layer, AttentionPooling pooling, PaddedBatch batch)
    {
        using var scope = NewDisposeScope();

        var (predicted, target) = Predict(layer, batch);
        return nn.functional.mse_loss(predicted, target).MoveToOuterDisposeScope();
    }

    public override void Measure(
        SelfAttentionLayer layer, AttentionPooling pooling, PaddedBatch batch, ValidationTotals totals)
    {
        using var scope = NewDisposeScope();

        var (predicted, target) = Predict(layer, batch);
        var perToken = nn.functional.mse_loss(predicted, target, nn.Reduction.Sum).ToDouble() / target.shape[1];

        totals.LossSum += perToken;
        totals.LossCount += batch.HiddenTokens;
        totals.MetricSum += perToken;
        totals.Rows += batch.Rows;
    }

    // Predicted and original embeddings of the hidden tokens, both [hiddenTokens, dim].
    private (Tensor Predicted, Tensor Target) Predict(SelfAttentionLayer layer, PaddedBatch batch)
    {
        var mask = batch.Hidden ?? throw new InvalidOperationException("The batch has no hidden tokens to predict.");
        var input = where(mask.unsqueeze(-1), hidden.to(batch.Input.dtype), batch.Input);
        var context = layer.ForwardContext(input, batch.PaddingMask);
        return (predictor.call(context[mask]), batch.Input[mask]);
    }
}
