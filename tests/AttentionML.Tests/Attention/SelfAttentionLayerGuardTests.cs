using TorchSharp;
using AttentionML.Attention;
using static TorchSharp.torch;
using static AttentionML.Tests.Attention.LayerTestData;

namespace AttentionML.Tests.Attention;

public sealed class SelfAttentionLayerGuardTests
{
    [Fact]
    public void Constructor_HeadsDoNotDivideDimension_ThrowsNamingBoth()
    {
        var options = new SelfAttentionLayerOptions { ModelDimension = 50, NumHeads = 3 };

        var error = Assert.Throws<ArgumentException>(() => new SelfAttentionLayer(options));

        Assert.Equal("NumHeads", error.ParamName);
        Assert.Contains("ModelDimension (50) must be divisible by NumHeads (3)", error.Message);
    }

    [Fact]
    public void Forward_WrongEmbeddingSize_ThrowsWithShape()
    {
        using var layer = LearnedLayer(dim: 4, heads: 1, causal: false, outputProjection: false, seed: 0);
        using var input = zeros(1, 2, 5);
        using var mask = ones(1, 2, ScalarType.Bool);

        var error = Assert.Throws<ArgumentException>(() => layer.forward(input, mask));

        Assert.Equal("input", error.ParamName);
        Assert.Contains("[batch, tokens, 4]", error.Message);
        Assert.Contains("[1, 2, 5]", error.Message);
    }

    [Fact]
    public void Forward_MaskOfWrongType_ThrowsNamingMask()
    {
        using var layer = LearnedLayer(dim: 4, heads: 1, causal: false, outputProjection: false, seed: 0);
        using var input = zeros(1, 2, 4);
        using var mask = ones(1, 2);

        var error = Assert.Throws<ArgumentException>(() => layer.forward(input, mask));

        Assert.Equal("paddingMask", error.ParamName);
    }

    [Fact]
    public void Initialize_SameSeed_GivesIdenticalWeights()
    {
        using var first = LearnedLayer(dim: 8, heads: 2, causal: false, outputProjection: true, seed: 42);
        using var second = LearnedLayer(dim: 8, heads: 2, causal: false, outputProjection: true, seed: 42);
        using var third = LearnedLayer(dim: 8, heads: 2, causal: false, outputProjection: true, seed: 43);

        var a = first.parameters().Select(p => p.data<float>().ToArray()).SelectMany(x => x).ToArray();
        var b = second.parameters().Select(p => p.data<float>().ToArray()).SelectMany(x => x).ToArray();
        var c = third.parameters().Select(p => p.data<float>().ToArray()).SelectMany(x => x).ToArray();

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Forward_ManyCalls_LeavesNoLiveTensors()
    {
        using var layer = LearnedLayer(dim: 8, heads: 2, causal: true, outputProjection: true, seed: 4);
        using var input = randn(3, 5, 8);
        using var mask = Mask([5, 2, 0], 5);
        using (var warm = layer.ForwardContext(input, mask)) { }

        using var scope = NewDisposeScope();
        var before = scope.DisposablesCount;
        for (var i = 0; i < 50; i++)
        {
            var (context, weights) = layer.forward(input, mask);
            context.Dispose();
            weights.Dispose();
            layer.ForwardContext(input, mask).Dispose();
        }

        Assert.Equal(before, scope.DisposablesCount);
    }

    [Fact]
    public void Forward_Dropout_AppliesWhileTrainingOnly()
    {
        using var withDropout = new SelfAttentionLayer(
            new SelfAttentionLayerOptions { ModelDimension = 8, Dropout = 0.5 });
        using var without = new SelfAttentionLayer(new SelfAttentionLayerOptions { ModelDimension = 8 });
        withDropout.Initialize(6);
        without.Initialize(6);
        using var input = randn(2, 6, 8);
        using var mask = Mask([6, 4], 6);

        withDropout.eval();
        var (evalContext, evalWeights) = withDropout.forward(input, mask);
        var (plainContext, _) = without.forward(input, mask);
        withDropout.train();
        var (trainContext, _) = withDropout.forward(input, mask);

        using (evalContext)
        using (evalWeights)
        using (plainContext)
        using (trainContext)
        {
            Assert.True(evalContext.allclose(plainContext, rtol: 0, atol: 1e-6));
            Assert.False(trainContext.allclose(plainContext, rtol: 0, atol: 1e-3));
        }
    }
}
