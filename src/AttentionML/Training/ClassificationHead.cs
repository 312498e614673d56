using AttentionML.Attention;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionML.Training;

/// <summary>A linear classifier on the pooled context vector, trained with cross-entropy.</summary>
internal sealed class ClassificationHead : TrainingObjective
{
    private readonly Linear classifier;

    public ClassificationHead(int contextDimension, int classCount, Generator generator)
        : base(nameof(ClassificationHead))
    {
        classifier = nn.Linear(contextDimension, classCount);
        RegisterComponents();
        Reset(classifier, generator);
    }

    public override PredictionHead ToPredictionHead()
    {
        var head = new PredictionHead(
            PredictionKind.Classification, (int)classifier.weight!.shape[1], (int)classifier.weight.shape[0], 0, 1);
        head.CopyFrom(classifier);
        return head;
    }

    public override Tensor Loss(SelfAttentionLayer layer, AttentionPooling pooling, PaddedBatch batch)
    {
        using var scope = NewDisposeScope();

        var logits = classifier.call(Pooled(layer, pooling, batch));
        return nn.functional.cross_entropy(logits, batch.Labels).MoveToOuterDisposeScope();
    }

    public override void Measure(
        SelfAttentionLayer layer, AttentionPooling pooling, PaddedBatch batch, ValidationTotals totals)
    {
        using var scope = NewDisposeScope();

        var logits = classifier.call(Pooled(layer, pooling, batch));
        var loss = nn.functional.cross_entropy(logits, batch.Labels, reduction: nn.Reduction.Sum);
        var correct = logits.argmax(1).eq(batch.Labels).sum();

        totals.LossSum += loss.ToDouble();
        totals.LossCount += batch.Rows;
        totals.MetricSum += correct.ToDouble();
        totals.Rows += batch.Rows;
    }
}
