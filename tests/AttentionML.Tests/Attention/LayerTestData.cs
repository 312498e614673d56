using TorchSharp;
using AttentionML.Attention;
using static TorchSharp.torch;

namespace AttentionML.Tests.Attention;

/// <summary>Layers, inputs, masks and reference weights shared by the self-attention layer tests.</summary>
internal static class LayerTestData
{
    public static SelfAttentionLayer LearnedLayer(int dim, int heads, bool causal, bool outputProjection, long seed)
    {
        var layer = new SelfAttentionLayer(new SelfAttentionLayerOptions
        {
            ModelDimension = dim, NumHeads = heads, Causal = causal, OutputProjection = outputProjection,
        });
        layer.Initialize(seed);
        return layer;
    }

    public static Tensor RandomInput(Random random, int batch, int tokens, int dim)
    {
        var values = new double[batch * tokens * dim];
        for (var i = 0; i < values.Length; i++)
            values[i] = random.NextDouble() * 2 - 1;
        return tensor(values, [batch, tokens, dim], ScalarType.Float64);
    }

    public static Tensor Mask(int[] lengths, int tokens)
    {
        var values = new bool[lengths.Length * tokens];
        for (var b = 0; b < lengths.Length; b++)
        {
            for (var t = 0; t < lengths[b]; t++)
                values[b * tokens + t] = true;
        }

        return tensor(values, [lengths.Length, tokens]);
    }

    public static double[,] Row(double[] values, int b, int tokens, int dim)
    {
        var x = new double[tokens, dim];
        for (var t = 0; t < tokens; t++)
        {
            for (var c = 0; c < dim; c++)
                x[t, c] = values[(b * tokens + t) * dim + c];
        }

        return x;
    }

    public static ReferenceAttention.Weights ReferenceWeights(SelfAttentionLayer layer)
    {
        var parameters = layer.named_parameters().ToDictionary(p => p.name, p => p.parameter);

        double[,]? Matrix(string name)
        {
            if (!parameters.TryGetValue(name, out var p))
                return null;
            using var d = p.detach().to(ScalarType.Float64);
            var flat = d.data<double>().ToArray();
            var m = new double[p.shape[0], p.shape[1]];
            Buffer.BlockCopy(flat, 0, m, 0, flat.Length * sizeof(double));
            return m;
        }

        double[]? Vector(string name)
        {
            if (!parameters.TryGetValue(name, out var p))
                return null;
            using var d = p.detach().to(ScalarType.Float64);
            return d.data<double>().ToArray();
        }

        return new ReferenceAttention.Weights(
            Matrix("query.weight"), Vector("query.bias"), Matrix("key.weight"), Vector("key.bias"),
            Matrix("value.weight"), Vector("value.bias"), Matrix("output.weight"), Vector("output.bias"));
    }

    public static void AssertNear(double expected, double actual, double tolerance, int trial) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"trial {trial}: expected {expected}, got {actual}");
}
