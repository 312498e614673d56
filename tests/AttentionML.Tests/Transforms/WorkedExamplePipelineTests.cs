using Microsoft.ML;
using static AttentionML.Tests.Transforms.PipelineFixtures;

namespace AttentionML.Tests.Transforms;

public sealed class WorkedExamplePipelineTests
{
    [Fact]
    public void Transform_IdentityUnscaledPipeline_ReproducesWorkedExample()
    {
        var ml = new MLContext(seed: 1);
        var data = Texts(ml, "The cat sat");
        using var model = (IDisposable)BuildPipeline(ml, ExampleVectors, UseIdentityUnscaled).Fit(data);

        var output = ((ITransformer)model).Transform(data);
        var context = ReadColumn(output, "Context").Single();
        var weights = ReadColumn(output, "Weights").Single();
        var pooled = ReadColumn(output, "ContextPooled").Single();

        double[] expectedWeights =
        [
            0.315538, 0.291278, 0.393184,
            0.271724, 0.421908, 0.306368,
            0.301909, 0.252176, 0.445915,
        ];
        double[] expectedContext = [0.414085, 0.540762, 0.483782, 0.453784, 0.395897, 0.577495];
        Assert.Equal(expectedWeights.Length, weights.Length);
        Assert.Equal(expectedContext.Length, context.Length);
        for (var i = 0; i < expectedWeights.Length; i++)
            Assert.Equal(expectedWeights[i], weights[i], 1e-6);
        for (var i = 0; i < expectedContext.Length; i++)
            Assert.Equal(expectedContext[i], context[i], 1e-6);
        Assert.Equal((0.414085 + 0.483782 + 0.395897) / 3, pooled[0], 1e-6);
        Assert.Equal((0.540762 + 0.453784 + 0.577495) / 3, pooled[1], 1e-6);
    }
}
