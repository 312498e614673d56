using AttentionML.Platform;
using TorchSharp;

namespace AttentionML.Tests.Platform;

public sealed class PlatformTests
{
    [Theory]
    [InlineData("cpu")]
    [InlineData(" CPU ")]
    [InlineData(null)]
    public void Resolve_CpuNames_GiveTheCpu(string? name)
    {
        var device = DeviceSelector.Resolve(name);

        Assert.Equal(DeviceType.CPU, device.type);
    }

    [Fact]
    public void Resolve_Auto_GivesCudaOnlyWhenAvailable()
    {
        var device = DeviceSelector.Resolve("auto");

        Assert.Equal(torch.cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, device.type);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:one")]
    public void Resolve_UnknownName_ThrowsNamingOptionAndValue(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => DeviceSelector.Resolve(name, "Device"));

        Assert.Equal("Device", error.ParamName);
        Assert.Contains($"'{name}'", error.Message);
    }

    [NoCudaFact]
    public void Resolve_CudaWithoutCudaBackend_NamesThePackageToReference()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DeviceSelector.Resolve("cuda"));

        Assert.Contains("TorchSharp-cuda-linux", error.Message);
        Assert.Contains("TorchSharp-cuda-windows", error.Message);
    }

    [Fact]
    public void Explain_MissingBackend_NamesBackendPackages()
    {
        var failure = new TypeInitializationException("TorchSharp.torch",
            new NotSupportedException(
                "This application or script uses TorchSharp but doesn't contain a reference to " +
                "libtorch-cpu-linux-x64"));

        var message = TorchRuntime.Explain(failure);

        Assert.Contains("TorchSharp-cpu", message);
        Assert.Contains("libtorch-cpu-linux-x64", message);
    }

    [Fact]
    public void HasVersion_LibraryFile_FindsOnlyTheVersionsItContains()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [0x7F, .. "ELF junk GLIBCXX_3.4.30\0GLIBCXX_3.4.31\0 more"u8.ToArray()]);

            Assert.True(LibStdCxx.HasVersion(path, "GLIBCXX_3.4.30"));
            Assert.False(LibStdCxx.HasVersion(path, "GLIBCXX_3.4.32"));
            Assert.False(LibStdCxx.HasVersion(path, "GLIBCXX_3.4.3"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void EnsureLoaded_OnThisMachine_Succeeds()
    {
        TorchRuntime.EnsureLoaded();

        using var probe = torch.ones(2);
        Assert.Equal(2f, probe.sum().item<float>());
    }
}
