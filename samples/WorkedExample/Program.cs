// The classic self-attention worked example, "The cat sat", run through a real ML.NET pipeline:
// TokenizeIntoWords -> EmbedTokens (three 2-d vectors) -> ApplySelfAttention with identity projections
// (Q = K = V = the embeddings) and no 1/sqrt(d) scaling. It prints each step and compares the result with
// the numbers the tutorial printed, flagging where they differ.
using AttentionML;
using AttentionML.Attention;
using AttentionML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;
using WorkedExample;
using static TorchSharp.torch;

var ml = new MLContext(seed: 0);
var data = ml.Data.LoadFromEnumerable([new Sentence { Text = Tutorial.Sentence }]);

var pipeline = ml.Transforms.Text.TokenizeIntoWords("Tokens", nameof(Sentence.Text))
    .Append(ml.Attention.EmbedTokens("Embeddings", "Tokens", Tutorial.Embeddings))
    .Append(ml.Attention.ApplySelfAttention(new SelfAttentionOptions
    {
        OutputColumnName = "Context",
        InputColumnName = "Embeddings",
        WeightsColumnName = "Weights",
        Projections = AttentionProjections.Identity,
        ScaleScores = false,
    }));

using var model = pipeline.Fit(data);
var row = ml.Data.CreateEnumerable<AttentionOutput>(model.Transform(data), reuseRowObject: false).Single();
var tokens = row.Tokens;
var n = tokens.Length;
var d = row.Embeddings.Length / n;

Console.WriteLine($"Sentence: \"{Tutorial.Sentence}\"  ({n} tokens, d = {d}, Q = K = V = embeddings, no scaling)");
Console.WriteLine();
Table.Print("Step 1. Embeddings", tokens, ["x1", "x2"], row.Embeddings, d);

// The pipeline outputs weights and context; the raw scores come from the fitted module itself.
var attention = model.LastTransformer;
using var input = tensor(row.Embeddings, [1, n, d]);
using var mask = ones(1, n, ScalarType.Bool);
using var scores = attention.Layer.Scores(input, mask);
var scoreValues = scores.data<float>().ToArray();
Table.Print("Step 2. Scores  q_i . k_j", tokens, tokens, scoreValues, n);
Table.Print("Step 3. Weights softmax(scores) per row", tokens, tokens, row.Weights, n);
Table.Print("Step 4. Context vectors  sum_j w_ij v_j", tokens, ["c1", "c2"], row.Context, d);

Console.WriteLine("Comparison with the tutorial's printed numbers:");
var differences = 0;
for (var i = 0; i < n; i++)
{
    differences += Table.Compare(
        $"scores  '{tokens[i]}'", Tutorial.PrintedScores[i], scoreValues.AsSpan(i * n, n), 0.005);
    if (Tutorial.PrintedWeights[i] is { } printed)
        differences += Table.Compare($"weights '{tokens[i]}'", printed, row.Weights.AsSpan(i * n, n), 0.00005);
}

Console.WriteLine();
Console.WriteLine(differences == 0
    ? "The tutorial's printed numbers all agree with the computation."
    : $"{differences} of the tutorial's printed rows differ from the softmax of its own scores (marked DIFFERS); " +
      "the values above are the exact ones.");
Console.WriteLine(
    $"Pooled (mean) context vector: [{string.Join(", ", row.ContextPooled.Select(v => v.ToString("F6")))}]");

internal sealed class Sentence
{
    public string Text { get; set; } = "";
}

internal sealed class AttentionOutput
{
    public string[] Tokens { get; set; } = [];

    public float[] Embeddings { get; set; } = [];

    public float[] Weights { get; set; } = [];

    public float[] Context { get; set; } = [];

    public float[] ContextPooled { get; set; } = [];
}
