using AttentionML.Attention;
using AttentionML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace AttentionML.Tests.Transforms;

/// <summary>Small pipelines and data shared by the transform tests.</summary>
internal static class PipelineFixtures
{
    public static readonly Dictionary<string, float[]> ExampleVectors = new()
    {
        ["the"] = [0.2f, 0.5f],
        ["cat"] = [0.8f, 0.1f],
        ["sat"] = [0.3f, 0.9f],
    };

    public sealed class TextRow
    {
        public string Text { get; set; } = "";
    }

    public sealed class AttentionRow
    {
        public string Text { get; set; } = "";

        public float[] Context { get; set; } = [];

        public float[] ContextPooled { get; set; } = [];

        public float[] Weights { get; set; } = [];
    }

    public static IDataView Texts(MLContext ml, params string[] texts) =>
        ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t }));

    /// <summary>TokenizeIntoWords, then EmbedTokens, then ApplySelfAttention with the given options.</summary>
    public static IEstimator<ITransformer> BuildPipeline(MLContext ml, IReadOnlyDictionary<string, float[]> vectors,
        Action<SelfAttentionOptions>? configure = null)
    {
        var options = new SelfAttentionOptions
        {
            OutputColumnName = "Context",
            InputColumnName = "Embeddings",
            WeightsColumnName = "Weights",
        };
        configure?.Invoke(options);
        return ml.Transforms.Text.NormalizeText("Normalized", "Text", keepPunctuations: false)
            .Append(ml.Transforms.Text.TokenizeIntoWords("Tokens", "Normalized"))
            .Append(ml.Attention.EmbedTokens("Embeddings", "Tokens", vectors))
            .Append(ml.Attention.ApplySelfAttention(options));
    }

    public static void UseIdentityUnscaled(SelfAttentionOptions options)
    {
        options.Projections = AttentionProjections.Identity;
        options.ScaleScores = false;
    }

    public static float[][] ReadColumn(IDataView view, string column)
    {
        var rows = new List<float[]>();
        using var cursor = view.GetRowCursor([view.Schema[column]]);
        var getter = cursor.GetGetter<VBuffer<float>>(view.Schema[column]);
        VBuffer<float> value = default;
        while (cursor.MoveNext())
        {
            getter(ref value);
            rows.Add(value.DenseValues().ToArray());
        }

        return [.. rows];
    }
}
