using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace AttentionML.Tests.Training;

/// <summary>An MLContext with a channel to hand to the trainer, recording what reaches the context's log.</summary>
internal sealed class TrainingHost : IDisposable
{
    private readonly List<string> messages = [];

    public TrainingHost(int seed = 1)
    {
        Context = new MLContext(seed);
        Context.Log += (_, e) =>
        {
            lock (messages)
                messages.Add(e.Message);
        };
        Channel = ((IHostEnvironment)Context).Register("TrainingTests").Start("Fit");
    }

    public MLContext Context { get; }

    public IChannel Channel { get; }

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (messages)
                return [.. messages];
        }
    }

    public void Dispose() => Channel.Dispose();
}
