using AttentionML.Attention;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionML.Training;

/// <summary>
/// A linear regressor on the pooled context vector, trained with mean squared error on labels standardised
/// by the training rows' mean and standard deviation, so the learning rate suits labels of any scale.
/// </summary>
internal sealed class RegressionHead : TrainingObjective
{
    private readonly Linear regressor;
    private readonly double mean;
    private readonly double deviation;

    public RegressionHead(int contextDimension, TrainingSet train, Generator generator) : base(nameof(RegressionHead))
    {
        regressor = nn.Linear(contextDimension, 1);
        RegisterComponents();
        Reset(regressor, generator);

        mean = train.Examples.Average(e => (double)e.Label);
        var variance = train.Examples.Average(e => ((double)e.Label - mean) * ((double)e.Label - mean));

        // A constant label has nothing to standardise; dividing by 1 keeps the loss finite.
        deviation = variance > 1e-24 ? Math.Sqrt(variance) : 1.0;
    }

    public override PredictionHead ToPredictionHead()
    {
        var head = new PredictionHead(PredictionKind.Regression, (int)regressor.weight!.shape[1], 1, mean, deviation);
        head.CopyFrom(regressor);
        return head;
    }

    public override Tensor Loss(SelfAttentionLayer layer, AttentionPooling pooling, PaddedBatch batch)
    {
        using var scope = NewDisposeScope();

        var predicted = regressor.call(Pooled(layer, pooling, batch)).squeeze(-1);
        using var meanScalar = mean.ToScalar();
        using var deviationScalar = deviation.ToScalar();
        var target = batch.Labels.sub(meanScalar).div(deviationScalar);
        return nn.functional.mse_loss(predicted, target).MoveToOuterDisposeScope();
    }

    public override void Measure(
        SelfAttentionLayer layer, AttentionPooling pooling, PaddedBatch batch, ValidationTotals totals)
    {
        using var scope = NewDisposeScope();

        var predicted = regressor.call(Pooled(layer, pooling, batch)).squeeze(-1);
        using var meanScalar = mean.ToScalar();
        using var deviationScalar = deviation.ToScalar();
        var target = batch.Labels.sub(meanScalar).div(deviationScalar);
        var loss = nn.functional.mse_loss(predicted, target, nn.Reduction.Sum);
        var squaredError = predicted.mul(deviationScalar).add(meanScalar).sub(batch.Labels).square().sum();

        totals.LossSum += loss.ToDouble();
        totals.LossCount += batch.Rows;
        totals.MetricSum += squaredError.ToDouble();
        totals.Rows += batch.Rows;
    }
}
