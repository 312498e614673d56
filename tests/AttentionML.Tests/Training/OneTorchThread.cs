using static TorchSharp.torch;

namespace AttentionML.Tests.Training;

/// <summary>Sets torch's intra-op thread count to 1 while a test collection runs, then restores it.</summary>
public sealed class OneTorchThread : IDisposable
{
    private readonly int original = get_num_threads();

    public OneTorchThread() => set_num_threads(1);

    public void Dispose() => set_num_threads(original);
}
