using AttentionML.Attention;
using static TorchSharp.torch;

namespace AttentionML.Tests.Attention;

/// <summary>
/// The classic "The cat sat" example: Q = K = V = the embeddings, no scaling. The expected numbers are
/// the exact values checked in FIELD-NOTES.md, not the tutorial's printed ones.
/// </summary>
public sealed class WorkedExampleTests
{
    private const double Tolerance = 1e-6;

    private static readonly double[,] Embeddings = { { 0.2, 0.5 }, { 0.8, 0.1 }, { 0.3, 0.9 } };

    private static readonly double[,] ExpectedScores =
    {
        { 0.29, 0.21, 0.51 },
        { 0.21, 0.65, 0.33 },
        { 0.51, 0.33, 0.90 },
    };

    private static readonly double[,] ExpectedWeights =
    {
        { 0.315538, 0.291278, 0.393184 },
        { 0.271724, 0.421908, 0.306368 },
        { 0.301909, 0.252176, 0.445915 },
    };

    private static readonly double[,] ExpectedContext =
    {
        { 0.414085, 0.540762 },
        { 0.483782, 0.453784 },
        { 0.395897, 0.577495 },
    };

    [Fact]
    public void Forward_IdentityUnscaled_MatchesExactScoresWeightsAndContext()
    {
        using var layer = IdentityLayer(scaleScores: false);
        using var input = ExampleInput();
        using var mask = ones(1, 3, ScalarType.Bool);

        using var scores = layer.Scores(input, mask);
        var (context, weights) = layer.forward(input, mask);

        using (context)
        using (weights)
        {
            AssertClose(ExpectedScores, scores[0, 0], 1e-12);
            AssertClose(ExpectedWeights, weights[0, 0], Tolerance);
            AssertClose(ExpectedContext, context[0], Tolerance);
        }
    }

    [Fact]
    public void Forward_IdentityScaled_WeightsAreSoftmaxOfScoresOverSqrtTwo()
    {
        using var layer = IdentityLayer(scaleScores: true);
        using var input = ExampleInput();
        using var mask = ones(1, 3, ScalarType.Bool);

        var (context, weights) = layer.forward(input, mask);

        using (context)
        using (weights)
        {
            var expected = new double[3, 3];
            for (var i = 0; i < 3; i++)
            {
                var row = Softmax([ExpectedScores[i, 0] / Math.Sqrt(2), ExpectedScores[i, 1] / Math.Sqrt(2),
                    ExpectedScores[i, 2] / Math.Sqrt(2)]);
                for (var j = 0; j < 3; j++)
                    expected[i, j] = row[j];
            }

            AssertClose(expected, weights[0, 0], 1e-12);
            Assert.NotEqual(ExpectedWeights[0, 0], weights[0, 0, 0, 0].item<double>(), 3);
        }
    }

    [Theory]
    [InlineData(1, new[] { 0.2003, 0.5371, 0.2626 })]
    [InlineData(2, new[] { 0.2259, 0.1507, 0.6234 })]
    public void TutorialWeights_CatAndSat_AreNotTheSoftmaxOfItsOwnScores(int token, double[] printed)
    {
        var exact = Softmax([ExpectedScores[token, 0], ExpectedScores[token, 1], ExpectedScores[token, 2]]);

        var largestGap = exact.Zip(printed, (a, b) => Math.Abs(a - b)).Max();

        // The tutorial's scores are right (they are the dot products above), but its weights for these
        // two tokens are off by more than 0.1 from the softmax of those scores.
        Assert.True(largestGap > 0.1, $"gap {largestGap}");
        for (var j = 0; j < 3; j++)
            Assert.Equal(ExpectedWeights[token, j], exact[j], Tolerance);
    }

    private static SelfAttentionLayer IdentityLayer(bool scaleScores) => new(new SelfAttentionLayerOptions
    {
        ModelDimension = 2,
        Projections = AttentionProjections.Identity,
        ScaleScores = scaleScores,
    });

    private static Tensor ExampleInput() =>
        tensor(new[] { 0.2, 0.5, 0.8, 0.1, 0.3, 0.9 }, [1, 3, 2], ScalarType.Float64);

    private static double[] Softmax(double[] scores)
    {
        var max = scores.Max();
        var exps = scores.Select(s => Math.Exp(s - max)).ToArray();
        var sum = exps.Sum();
        return exps.Select(e => e / sum).ToArray();
    }

    private static void AssertClose(double[,] expected, Tensor actual, double tolerance)
    {
        using (actual)
        {
            Assert.Equal(new long[] { expected.GetLength(0), expected.GetLength(1) }, actual.shape);
            var values = actual.data<double>().ToArray();
            for (var i = 0; i < expected.GetLength(0); i++)
            {
                for (var j = 0; j < expected.GetLength(1); j++)
                {
                    var got = values[i * expected.GetLength(1) + j];
                    Assert.True(Math.Abs(expected[i, j] - got) <= tolerance,
                        $"[{i},{j}] expected {expected[i, j]} got {got}");
                }
            }
        }
    }
}
