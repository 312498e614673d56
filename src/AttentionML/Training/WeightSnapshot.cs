using TorchSharp;
using static TorchSharp.torch;

namespace AttentionML.Training;

/// <summary>A detached copy of a module's parameters and buffers, to restore the best epoch's weights.</summary>
internal sealed class WeightSnapshot : IDisposable
{
    private readonly Dictionary<string, Tensor> copies;

    private WeightSnapshot(Dictionary<string, Tensor> copies) => this.copies = copies;

    /// <summary>Copies every tensor of <paramref name="module"/>'s state, on the device where it is.</summary>
    public static WeightSnapshot Take(nn.Module module)
    {
        var copies = new Dictionary<string, Tensor>();
        using var noGrad = no_grad();
        foreach (var (name, tensor) in module.state_dict())
            copies[name] = tensor.detach().clone().DetachFromDisposeScope();
        return new WeightSnapshot(copies);
    }

    /// <summary>Writes the copies back into the same module's tensors, in place.</summary>
    public void Restore(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach (var (name, tensor) in module.state_dict())
            tensor.copy_(copies[name]);
    }

    public void Dispose()
    {
        foreach (var copy in copies.Values)
            copy.Dispose();
    }
}
