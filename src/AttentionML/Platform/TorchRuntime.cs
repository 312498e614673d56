using System.Runtime.InteropServices;
using TorchSharp;

namespace AttentionML.Platform;

/// <summary>
/// Loads TorchSharp's native library once and turns its opaque load failures into an exception that says
/// what the system lacks and how to fix it.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lazy<Exception?> LoadFailure = new(TryLoad, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Makes sure libtorch and TorchSharp's native bridge are loaded; does nothing after the first success.
    /// </summary>
    /// <exception cref="PlatformNotSupportedException">The native library cannot be loaded here; the message
    /// says why (for example a libstdc++ older than GCC 13's, or no TorchSharp backend package).</exception>
    public static void EnsureLoaded()
    {
        if (LoadFailure.Value is { } failure)
            throw new PlatformNotSupportedException(Explain(failure), failure);
    }

    private static Exception? TryLoad()
    {
        try
        {
            using var probe = torch.zeros(1);
            return null;
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or NotSupportedException
                                      or BadImageFormatException or EntryPointNotFoundException)
        {
            return e;
        }
    }

    internal static string Explain(Exception failure)
    {
        var details = string.Join(" | ", Chain(failure).Select(e => e.Message)).Replace('\n', ' ');
        if (OperatingSystem.IsLinux() && LibStdCxx.Find() is { } path && !LibStdCxx.HasVersion(path, "GLIBCXX_3.4.32"))
        {
            return "TorchSharp's native library could not be loaded: this system's libstdc++ " +
                $"('{path}') lacks GLIBCXX_3.4.32, which TorchSharp 0.107 needs (it is built with GCC 13). " +
                "Install a libstdc++6 from GCC 13 or newer (Debian 12: run eng/setup-platform.sh from the " +
                "AttentionML repository, which installs it from Debian 13; Ubuntu 24.04, Debian 13 and " +
                $"Fedora 39+ already have it). Details: {details}";
        }

        if (details.Contains("libtorch", StringComparison.OrdinalIgnoreCase))
        {
            return "TorchSharp's native library could not be loaded: the application references no libtorch " +
                "backend. Add a package reference to TorchSharp-cpu (any machine) or to TorchSharp-cuda-linux / " +
                $"TorchSharp-cuda-windows (NVIDIA GPUs). Details: {details}";
        }

        return $"TorchSharp's native library could not be loaded on {RuntimeInformation.OSDescription} " +
            $"({RuntimeInformation.ProcessArchitecture}). Details: {details}";
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
            yield return current;
    }
}
