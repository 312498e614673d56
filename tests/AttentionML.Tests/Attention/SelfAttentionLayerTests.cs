using TorchSharp;
using AttentionML.Attention;
using static TorchSharp.torch;
using static AttentionML.Tests.Attention.LayerTestData;

namespace AttentionML.Tests.Attention;

public sealed class SelfAttentionLayerTests
{
    [Fact]
    public void Forward_LearnedProjectionsRandomShapes_MatchesDoubleReference()
    {
        var random = new Random(20261203);

        for (var trial = 0; trial < 24; trial++)
        {
            var heads = random.Next(1, 5);
            var dim = heads * random.Next(1, 5);
            var batch = random.Next(1, 9);
            var tokens = random.Next(1, 41);
            var causal = trial % 3 == 0;
            var outputProjection = trial % 2 == 0;
            using var layer = LearnedLayer(dim, heads, causal, outputProjection, seed: trial);
            layer.to(ScalarType.Float64);
            var lengths = Enumerable.Range(0, batch).Select(_ => random.Next(0, tokens + 1)).ToArray();
            lengths[0] = tokens;
            using var input = RandomInput(random, batch, tokens, dim);
            using var mask = Mask(lengths, tokens);

            var (context, weights) = layer.forward(input, mask);

            using (context)
            using (weights)
            {
                var reference = ReferenceWeights(layer);
                var contextValues = context.data<double>().ToArray();
                var weightValues = weights.data<double>().ToArray();
                var inputValues = input.data<double>().ToArray();
                var outDim = (int)context.shape[2];
                for (var b = 0; b < batch; b++)
                {
                    var x = Row(inputValues, b, tokens, dim);
                    var (expectedContext, expectedWeights) = ReferenceAttention.Compute(
                        x, lengths[b], heads, 1.0 / Math.Sqrt(dim / heads), causal, reference);
                    for (var t = 0; t < tokens; t++)
                    {
                        for (var c = 0; c < outDim; c++)
                            AssertNear(expectedContext[t, c], contextValues[(b * tokens + t) * outDim + c],
                                1e-5, trial);
                        for (var h = 0; h < heads; h++)
                        {
                            for (var j = 0; j < tokens; j++)
                            {
                                var index = ((b * heads + h) * tokens + t) * tokens + j;
                                AssertNear(expectedWeights[h, t, j], weightValues[index], 1e-5, trial);
                            }
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void Forward_Float32_MatchesDoubleReferenceWithinFloatPrecision()
    {
        var random = new Random(7);
        using var layer = LearnedLayer(dim: 8, heads: 2, causal: false, outputProjection: true, seed: 3);
        using var input = RandomInput(random, 2, 5, 8);
        using var mask = Mask([5, 3], 5);
        using var input32 = input.to(ScalarType.Float32);

        var (context, weights) = layer.forward(input32, mask);

        using (context)
        using (weights)
        {
            var reference = ReferenceWeights(layer);
            var values = context.to(ScalarType.Float64).data<double>().ToArray();
            var x = Row(input.data<double>().ToArray(), 1, 5, 8);
            var (expected, _) = ReferenceAttention.Compute(x, 3, 2, 0.5, false, reference);
            for (var t = 0; t < 5; t++)
            {
                for (var c = 0; c < 8; c++)
                    AssertNear(expected[t, c], values[(5 + t) * 8 + c], 1e-4, 0);
            }
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void ForwardContext_FusedKernel_AgreesWithExplicitPath(bool causal, bool scaleOff)
    {
        var random = new Random(11);
        using var layer = new SelfAttentionLayer(new SelfAttentionLayerOptions
        {
            ModelDimension = 12, NumHeads = 3, Causal = causal, ScaleScores = !scaleOff,
        });
        layer.Initialize(5);
        layer.to(ScalarType.Float64);
        using var input = RandomInput(random, 4, 9, 12);
        using var mask = Mask([9, 4, 1, 0], 9);

        var (context, weights) = layer.forward(input, mask);
        using var fused = layer.ForwardContext(input, mask);

        using (context)
        using (weights)
        {
            Assert.False(fused.isnan().any().item<bool>());
            Assert.True(fused.allclose(context, rtol: 0, atol: 1e-10));
        }
    }

    [Fact]
    public void Forward_ExtraPadding_LeavesRealTokensUnchanged()
    {
        var random = new Random(3);
        using var layer = LearnedLayer(dim: 8, heads: 4, causal: false, outputProjection: true, seed: 9);
        layer.to(ScalarType.Float64);
        using var input = RandomInput(random, 1, 6, 8);
        using var mask = Mask([6], 6);
        using var noise = RandomInput(random, 1, 5, 8).mul(1000);
        using var padded = cat([input, noise], 1);
        using var paddedMask = Mask([6], 11);

        var (context, weights) = layer.forward(input, mask);
        var (paddedContext, paddedWeights) = layer.forward(padded, paddedMask);

        using (context)
        using (weights)
        using (paddedContext)
        using (paddedWeights)
        {
            using var real = paddedContext.narrow(1, 0, 6);
            Assert.True(real.allclose(context, rtol: 0, atol: 1e-12));
            using var padOut = paddedContext.narrow(1, 6, 5);
            Assert.Equal(0.0, padOut.abs().max().item<double>());
            using var toPadding = paddedWeights.narrow(3, 6, 5);
            Assert.Equal(0.0, toPadding.abs().max().item<double>());
        }
    }

    [Fact]
    public void Forward_Causal_EarlierTokensNeverSeeLaterOnes()
    {
        var random = new Random(5);
        using var layer = LearnedLayer(dim: 6, heads: 2, causal: true, outputProjection: false, seed: 1);
        layer.to(ScalarType.Float64);
        using var input = RandomInput(random, 1, 7, 6);
        using var changed = input.clone();
        changed[0, 4] = RandomInput(random, 1, 1, 6)[0, 0];
        using var mask = Mask([7], 7);

        var (context, weights) = layer.forward(input, mask);
        var (changedContext, _) = layer.forward(changed, mask);

        using (context)
        using (weights)
        using (changedContext)
        {
            Assert.True(changedContext.narrow(1, 0, 4).allclose(context.narrow(1, 0, 4), rtol: 0, atol: 1e-12));
            Assert.False(changedContext.narrow(1, 4, 1).allclose(context.narrow(1, 4, 1), rtol: 0, atol: 1e-6));
            using var upper = weights.triu(1);
            Assert.Equal(0.0, upper.abs().max().item<double>());
        }
    }

    [Fact]
    public void Forward_FullyMaskedRow_GivesZerosNotNaN()
    {
        using var layer = LearnedLayer(dim: 4, heads: 2, causal: false, outputProjection: true, seed: 2);
        using var input = randn(2, 3, 4);
        using var mask = Mask([3, 0], 3);

        var (context, weights) = layer.forward(input, mask);

        using (context)
        using (weights)
        {
            Assert.Equal(0.0, context[1].abs().sum().item<float>());
            Assert.Equal(0.0, weights[1].abs().sum().item<float>());
            Assert.False(context.isnan().any().item<bool>());
        }
    }

    [Fact]
    public void Forward_HugeScores_StaysFiniteAndSumsToOne()
    {
        using var layer = new SelfAttentionLayer(new SelfAttentionLayerOptions
        {
            ModelDimension = 2, Projections = AttentionProjections.Identity, ScaleScores = false,
        });
        // Scores of about +-1e30 are finite but far outside exp's range; +-1e40 overflow float32 to
        // infinity. Both must still give finite weights that sum to one.
        using var input = tensor(new[] { 1e15f, 0f, -1e15f, 0f, 3e14f, 0f, 1e20f, 0f, -1e20f, 0f, 5f, 0f }, [2, 3, 2]);
        using var mask = ones(2, 3, ScalarType.Bool);

        var (context, weights) = layer.forward(input, mask);

        using (context)
        using (weights)
        {
            Assert.True(weights.isfinite().all().item<bool>());
            using var sums = weights.sum(-1);
            Assert.True(sums.allclose(ones_like(sums), rtol: 0, atol: 1e-5));
        }
    }
}
