using System.Globalization;
using TorchSharp;

namespace AttentionML.Platform;

/// <summary>Turns a device name from the options into a torch device, with errors that say what to install.</summary>
public static class DeviceSelector
{
    /// <summary>Resolves <c>"auto"</c>, <c>"cpu"</c>, <c>"cuda"</c> or <c>"cuda:N"</c> (case-insensitive).</summary>
    /// <param name="device">The requested device.</param>
    /// <param name="parameterName">The option's name, used in error messages.</param>
    /// <exception cref="ArgumentException">The name is not one of the forms above.</exception>
    /// <exception cref="InvalidOperationException">CUDA was asked for but is not available.</exception>
    public static torch.Device Resolve(string? device, string parameterName = "Device")
    {
        TorchRuntime.EnsureLoaded();
        var name = (device ?? "cpu").Trim().ToLowerInvariant();
        if (name == "cpu")
            return torch.CPU;
        if (name == "auto")
            return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        if (name != "cuda" && !name.StartsWith("cuda:", StringComparison.Ordinal))
            throw new ArgumentException(
                $"{parameterName} ('{device}') must be \"auto\", \"cpu\", \"cuda\" or \"cuda:N\".", parameterName);

        var index = 0;
        if (name.Length > 4
            && !int.TryParse(name.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out index))
            throw new ArgumentException(
                $"{parameterName} ('{device}') has no valid GPU index after \"cuda:\".", parameterName);
        if (!torch.cuda.is_available())
            throw new InvalidOperationException(
                $"{parameterName} is '{device}', but TorchSharp's CUDA backend is not available. Reference the " +
                "TorchSharp-cuda-linux (Linux) or TorchSharp-cuda-windows (Windows) package " +
                "instead of TorchSharp-cpu, and check that an NVIDIA driver and GPU are present; " +
                "or use \"cpu\" or \"auto\".");

        var count = torch.cuda.device_count();
        if (index >= count)
            throw new ArgumentException(
                $"{parameterName} ('{device}') names GPU {index}, but only {count} CUDA device(s) are visible.",
                parameterName);
        return new torch.Device(DeviceType.CUDA, index);
    }
}
