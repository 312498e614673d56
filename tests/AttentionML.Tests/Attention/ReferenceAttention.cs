namespace AttentionML.Tests.Attention;

/// <summary>
/// A deliberately plain double-precision self-attention, written from the textbook formula with loops,
/// to check the TorchSharp layer against. Weight matrices are [out, in] as in torch's Linear.
/// </summary>
internal static class ReferenceAttention
{
    public sealed record Weights(
        double[,]? Query, double[]? QueryBias,
        double[,]? Key, double[]? KeyBias,
        double[,]? Value, double[]? ValueBias,
        double[,]? Output, double[]? OutputBias);

    /// <summary>Returns context [tokens, dimOut] and weights [heads, tokens, tokens] for one row.</summary>
    public static (double[,] Context, double[,,] Weights) Compute(
        double[,] x, int realTokens, int heads, double scale, bool causal, Weights w)
    {
        var tokens = x.GetLength(0);
        var dim = x.GetLength(1);
        var headDim = dim / heads;
        var q = Linear(x, w.Query, w.QueryBias);
        var k = Linear(x, w.Key, w.KeyBias);
        var v = Linear(x, w.Value, w.ValueBias);
        var weights = new double[heads, tokens, tokens];
        var merged = new double[tokens, dim];

        for (var h = 0; h < heads; h++)
        {
            for (var i = 0; i < realTokens; i++)
            {
                var visible = Enumerable.Range(0, realTokens).Where(j => !causal || j <= i).ToArray();
                var scores = visible.Select(j =>
                {
                    var s = 0.0;
                    for (var c = h * headDim; c < (h + 1) * headDim; c++)
                        s += q[i, c] * k[j, c];
                    return s * scale;
                }).ToArray();
                var max = scores.Max();
                var exps = scores.Select(s => Math.Exp(s - max)).ToArray();
                var sum = exps.Sum();
                for (var n = 0; n < visible.Length; n++)
                    weights[h, i, visible[n]] = exps[n] / sum;

                for (var c = h * headDim; c < (h + 1) * headDim; c++)
                {
                    for (var j = 0; j < tokens; j++)
                        merged[i, c] += weights[h, i, j] * v[j, c];
                }
            }
        }

        var context = Linear(merged, w.Output, w.OutputBias);
        for (var i = realTokens; i < tokens; i++)
        {
            for (var c = 0; c < context.GetLength(1); c++)
                context[i, c] = 0;
        }

        return (context, weights);
    }

    private static double[,] Linear(double[,] x, double[,]? weight, double[]? bias)
    {
        if (weight is null)
            return x;

        var rows = x.GetLength(0);
        var outDim = weight.GetLength(0);
        var inDim = weight.GetLength(1);
        var y = new double[rows, outDim];
        for (var r = 0; r < rows; r++)
        {
            for (var o = 0; o < outDim; o++)
            {
                var s = bias?[o] ?? 0.0;
                for (var i = 0; i < inDim; i++)
                    s += weight[o, i] * x[r, i];
                y[r, o] = s;
            }
        }

        return y;
    }
}
