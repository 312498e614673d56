using static TorchSharp.torch;

namespace AttentionML.Platform;

/// <summary>
/// Sets torch's process-wide intra-op thread count for a block of work and puts the old count back when
/// disposed; with no count given it changes nothing.
/// </summary>
internal readonly struct TorchThreads : IDisposable
{
    private readonly int _previous;

    private TorchThreads(int previous) => _previous = previous;

    public static TorchThreads Use(int? threads)
    {
        if (threads is not { } count)
            return default;

        var previous = get_num_threads();
        set_num_threads(count);
        return new TorchThreads(previous);
    }

    public void Dispose()
    {
        if (_previous > 0)
            set_num_threads(_previous);
    }
}
