using TorchSharp;
using static TorchSharp.torch;

namespace AttentionML.Attention;

/// <summary>Fills parameters from a private generator, so a seed alone decides a module's starting weights.</summary>
internal static class SeededInit
{
    /// <summary>
    /// Fills <paramref name="parameter"/> uniformly from <c>[-bound, bound)</c>; call under <c>no_grad</c>.
    /// </summary>
    public static void Uniform(Tensor parameter, double bound, Generator generator)
    {
        using var draw = rand(parameter.shape, parameter.dtype, parameter.device, generator: generator);
        using var width = (2 * bound).ToScalar();
        using var low = bound.ToScalar();
        parameter.copy_(draw.mul_(width).sub_(low));
    }
}
