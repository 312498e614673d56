using AttentionML.Attention;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionML.Training;

/// <summary>
/// What training minimises: a small head on top of the attention layer that turns a batch into a loss. The
/// head exists to train the layer; a classification or regression head can be kept as a prediction column.
/// </summary>
internal abstract class TrainingObjective : nn.Module
{
    protected TrainingObjective(string name) : base(name)
    {
    }

    /// <summary>The chance that a token is hidden, for objectives that hide tokens; 0 otherwise.</summary>
    public virtual double HideProbability => 0;

    /// <summary>The mean loss over the batch: a scalar that gradients flow back from.</summary>
    public abstract Tensor Loss(SelfAttentionLayer layer, AttentionPooling pooling, PaddedBatch batch);

    /// <summary>How many items <see cref="Loss"/> averaged over: rows, or hidden tokens.</summary>
    public virtual long Weight(PaddedBatch batch) => batch.Rows;

    /// <summary>
    /// A copy, on the CPU, of the trained head as a <see cref="PredictionHead"/>; <c>null</c> for objectives whose
    /// head predicts nothing a user asked for (self-supervised training).
    /// </summary>
    public virtual PredictionHead? ToPredictionHead() => null;

    /// <summary>Adds the batch's summed loss and metric to <paramref name="totals"/>; no gradients are kept.</summary>
    public abstract void Measure(
        SelfAttentionLayer layer, AttentionPooling pooling, PaddedBatch batch, ValidationTotals totals);

    /// <summary>Creates the head that fits <paramref name="train"/>'s task, initialised from
    /// <paramref name="generator"/>.</summary>
    public static TrainingObjective Create(TrainingSet train, int contextDimension, Generator generator) =>
        train.Task switch
        {
            TrainingTask.Classification => new ClassificationHead(contextDimension, train.ClassCount, generator),
            TrainingTask.Regression => new RegressionHead(contextDimension, train, generator),
            _ => new MaskedTokenObjective(contextDimension, train.Dimension, generator),
        };

    /// <summary>
    /// The pooled context vectors <c>[batch, dimOut]</c> of the batch; every tensor made here belongs to the
    /// caller's dispose scope.
    /// </summary>
    protected static Tensor Pooled(SelfAttentionLayer layer, AttentionPooling pooling, PaddedBatch batch)
    {
        var context = layer.ForwardContext(batch.Input, batch.PaddingMask);
        return ContextPooling.Pool(context, batch.PaddingMask, pooling);
    }

    /// <summary>
    /// Draws a linear layer's weights and bias uniformly from <c>±1/sqrt(inputs)</c>, PyTorch's default range,
    /// but from <paramref name="generator"/> so the head is the same for the same seed.
    /// </summary>
    protected static void Reset(Linear linear, Generator generator)
    {
        using var noGrad = no_grad();
        var bound = 1.0 / Math.Sqrt(linear.weight!.shape[1]);
        foreach (var parameter in new[] { linear.weight, linear.bias })
        {
            if (parameter is null)
                continue;

            SeededInit.Uniform(parameter, bound, generator);
        }
    }
}
