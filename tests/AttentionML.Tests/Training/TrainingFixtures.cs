using AttentionML.Attention;
using AttentionML.Training;
using static TorchSharp.torch;

namespace AttentionML.Tests.Training;

/// <summary>Layers and weight read-outs shared by the training tests.</summary>
internal static class TrainingFixtures
{
    /// <summary>An 8-dimensional single-head layer with learned projections and positions, seeded.</summary>
    public static SelfAttentionLayer Layer(double dropout = 0.1, long seed = 3)
    {
        var layer = new SelfAttentionLayer(new SelfAttentionLayerOptions
        {
            ModelDimension = SyntheticTasks.Dimension,
            PositionalEncoding = PositionalEncodingKind.Learned,
            MaxTokens = 8,
            Dropout = dropout,
        });
        layer.Initialize(seed);
        return layer;
    }

    /// <summary>Every parameter's values, copied to managed arrays, in registration order.</summary>
    public static float[][] Weights(SelfAttentionLayer layer)
    {
        using var scope = NewDisposeScope();
        return [.. layer.parameters().Select(p => p.detach().cpu().data<float>().ToArray())];
    }

    /// <summary>The layer's pooled context vectors <c>[rows, dimOut]</c> for every row of
    /// <paramref name="set"/>.</summary>
    public static float[][] Pooled(SelfAttentionLayer layer, TrainingSet set, AttentionPooling pooling)
    {
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        layer.eval();
        var rows = Enumerable.Range(0, set.Count).ToArray();
        var batch = PaddedBatch.Create(set, rows, ScalarType.Float32, CPU);
        var context = layer.ForwardContext(batch.Input, batch.PaddingMask);
        var pooled = ContextPooling.Pool(context, batch.PaddingMask, pooling);
        var values = pooled.data<float>().ToArray();
        var width = (int)pooled.shape[1];
        return [.. rows.Select(r => values.AsSpan(r * width, width).ToArray())];
    }

    /// <summary>Options for short seeded runs: a high rate suits these small problems.</summary>
    public static AttentionTrainingOptions Options(int epochs, string? label = "Label") => new()
    {
        Epochs = epochs,
        LabelColumnName = label,
        LearningRate = 0.01,
    };
}
