using AttentionML.Attention;
using static TorchSharp.torch;

namespace AttentionML.Benchmarks;

/// <summary>
/// Runs the layer's forward passes while another thread forces full garbage collections. TorchSharp 0.107 frees
/// an implicitly converted Scalar in its finalizer, possibly during the native call that reads it; the library
/// keeps its scalars alive (see Attention/Scalars.cs). Before that, about 1 call in 250 failed here.
/// </summary>
internal static class ScalarSoak
{
    public static (int Calls, int Failures) Run(int iterations)
    {
        using var layer = new SelfAttentionLayer(new SelfAttentionLayerOptions { ModelDimension = 16, NumHeads = 4 });
        layer.Initialize(1);
        layer.eval();
        using var input = randn(2, 5, 16);
        using var mask = tensor(new[] { true, true, true, true, true, true, true, true, false, false }, [2, 5]);
        var stop = 0;
        var collector = new Thread(() =>
        {
            while (Volatile.Read(ref stop) == 0)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        collector.Start();

        var failures = 0;
        try
        {
            for (var i = 0; i < iterations; i++)
            {
                using var scope = NewDisposeScope();
                try
                {
                    var (context, weights) = layer.forward(input, mask);
                    layer.ForwardContext(input, mask);
                    ContextPooling.Pool(context, mask, AttentionPooling.Max);
                    ContextPooling.Pool(context, mask, AttentionPooling.Mean);
                    if (weights.isnan().any().item<bool>())
                        failures++;
                }
                catch (System.Runtime.InteropServices.ExternalException)
                {
                    failures++;
                }
            }
        }
        finally
        {
            Volatile.Write(ref stop, 1);
            collector.Join();
        }

        return (iterations * 4, failures);
    }
}
