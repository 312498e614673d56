using AttentionML.Platform;
using TorchSharp;

namespace AttentionML.Tests.Training;

/// <summary>A fact that runs only where TorchSharp's CUDA backend and a GPU are available, and is skipped
/// (with the reason) everywhere else; nothing has to be edited to run it on a GPU machine.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (!CudaAvailable())
            Skip = "Needs TorchSharp's CUDA backend (TorchSharp-cuda-linux or -windows) and an NVIDIA GPU.";
    }

    private static bool CudaAvailable()
    {
        try
        {
            TorchRuntime.EnsureLoaded();
            return torch.cuda.is_available();
        }
        catch (PlatformNotSupportedException)
        {
            return false;
        }
    }
}
