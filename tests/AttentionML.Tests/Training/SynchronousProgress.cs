using AttentionML.Training;

namespace AttentionML.Tests.Training;

/// <summary>Runs the handler on the reporting thread, unlike <see cref="Progress{T}"/>, which posts it.</summary>
internal sealed class SynchronousProgress(Action<EpochMetrics> handler) : IProgress<EpochMetrics>
{
    public void Report(EpochMetrics value) => handler(value);
}
