using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionML.Training;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov and Hutter), the update PyTorch's <c>AdamW</c> makes, written here
/// so that every scalar it passes to torch is kept alive for the call.
/// </summary>
/// <remarks>
/// TorchSharp 0.107's own <c>optim.AdamW.step</c> passes plain numbers as temporary scalars that nothing keeps
/// alive; the GC finalizer can free one while libtorch reads it, and training then fails at random with
/// "Expected false to be true" or "Unknown scalar type" (4 of 10 runs of the sentiment sample did). Per step, for
/// each parameter p with gradient g: p -= lr * weightDecay * p (decayed parameters only); m = b1 m + (1 - b1) g;
/// v = b2 v + (1 - b2) g^2; p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
/// </remarks>
internal sealed class AdamWOptimizer : IDisposable
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;

    private readonly List<(Parameter Parameter, Tensor Mean, Tensor Variance, bool Decay)> _slots = [];
    private readonly double _weightDecay;
    private long _step;

    /// <param name="decayed">Parameters that weight decay shrinks (weight matrices).</param>
    /// <param name="plain">Parameters without weight decay (biases and the like).</param>
    /// <param name="weightDecay">The decoupled decay rate, multiplied by the learning rate each step.</param>
    public AdamWOptimizer(IEnumerable<Parameter> decayed, IEnumerable<Parameter> plain, double weightDecay)
    {
        _weightDecay = weightDecay;
        foreach (var (parameters, decay) in new[] { (decayed, true), (plain, false) })
        {
            foreach (var parameter in parameters)
                _slots.Add((parameter, zeros_like(parameter).DetachFromDisposeScope(),
                    zeros_like(parameter).DetachFromDisposeScope(), decay));
        }
    }

    /// <summary>Clears every parameter's gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var slot in _slots)
        {
            using var grad = slot.Parameter.grad;
            grad?.zero_();
        }
    }

    /// <summary>Applies one update at <paramref name="learningRate"/> from the current gradients.</summary>
    public void Step(double learningRate)
    {
        _step++;
        using var noGrad = no_grad();
        using var beta1 = Beta1.ToScalar();
        using var beta2 = Beta2.ToScalar();
        using var oneMinusBeta1 = (1 - Beta1).ToScalar();
        using var oneMinusBeta2 = (1 - Beta2).ToScalar();
        using var epsilon = Epsilon.ToScalar();
        using var shrink = (1 - learningRate * _weightDecay).ToScalar();
        using var stepSize = (-learningRate / (1 - Math.Pow(Beta1, _step))).ToScalar();
        using var varianceCorrection = Math.Sqrt(1 - Math.Pow(Beta2, _step)).ToScalar();

        foreach (var (parameter, mean, variance, decay) in _slots)
        {
            using var grad = parameter.grad;
            if (grad is null)
                continue;

            if (decay)
                parameter.mul_(shrink);
            mean.mul_(beta1).add_(grad, oneMinusBeta1);
            variance.mul_(beta2).addcmul_(grad, grad, oneMinusBeta2);
            using var root = variance.sqrt();
            using var denominator = root.div_(varianceCorrection).add_(epsilon);
            parameter.addcdiv_(mean, denominator, stepSize);
        }
    }

    public void Dispose()
    {
        foreach (var slot in _slots)
        {
            slot.Mean.Dispose();
            slot.Variance.Dispose();
        }

        _slots.Clear();
    }
}
