using AttentionML.Attention;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace AttentionML.Transforms;

/// <summary>The estimator's link to the training engine in <c>AttentionML.Training</c>.</summary>
internal static class SelfAttentionFitting
{
    public static double LayerDropout(SelfAttentionOptions options) => 0.0;

    public static void CheckLabel(SchemaShape inputSchema, SelfAttentionOptions options)
    {
    }

    public static void Train(IHost host, SelfAttentionLayer layer, IDataView input, SelfAttentionOptions options,
        SelfAttentionSettings settings, int seed)
    {
    }
}
