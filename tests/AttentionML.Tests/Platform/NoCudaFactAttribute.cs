using AttentionML.Platform;
using TorchSharp;

namespace AttentionML.Tests.Platform;

/// <summary>A fact about machines without CUDA; skipped, with the reason, where CUDA is available.</summary>
public sealed class NoCudaFactAttribute : FactAttribute
{
    public NoCudaFactAttribute()
    {
        TorchRuntime.EnsureLoaded();
        if (torch.cuda.is_available())
            Skip = "This machine has CUDA, so the missing-backend error cannot happen here.";
    }
}
