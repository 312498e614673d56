using static TorchSharp.torch;

namespace AttentionML.Training;

/// <summary>A mini-batch of rows padded to its longest row, as tensors on the training device.</summary>
/// <remarks>The tensors belong to the dispose scope that is current when <see cref="Create"/> runs.</remarks>
internal sealed class PaddedBatch
{
    private PaddedBatch(Tensor input, Tensor paddingMask, Tensor labels, Tensor? hidden, int rows, long tokens,
        long hiddenTokens)
    {
        Input = input;
        PaddingMask = paddingMask;
        Labels = labels;
        Hidden = hidden;
        Rows = rows;
        Tokens = tokens;
        HiddenTokens = hiddenTokens;
    }

    /// <summary>Token embeddings <c>[batch, tokens, dim]</c>; padded positions hold zeros.</summary>
    public Tensor Input { get; }

    /// <summary>Boolean <c>[batch, tokens]</c>; <c>true</c> marks a real token.</summary>
    public Tensor PaddingMask { get; }

    /// <summary>
    /// <c>[batch]</c>: class indices (Int64) for classification, targets (the input's type) otherwise.
    /// </summary>
    public Tensor Labels { get; }

    /// <summary>
    /// Boolean <c>[batch, tokens]</c>: the real tokens whose embeddings are hidden; self-supervised only.
    /// </summary>
    public Tensor? Hidden { get; }

    public int Rows { get; }

    /// <summary>Real tokens in the batch.</summary>
    public long Tokens { get; }

    /// <summary>Tokens marked in <see cref="Hidden"/>.</summary>
    public long HiddenTokens { get; }

    /// <summary>Builds the batch of <paramref name="rows"/> picked from <paramref name="set"/>.</summary>
    /// <param name="set">The rows to pick from.</param>
    /// <param name="rows">Indices into <paramref name="set"/>.</param>
    /// <param name="dtype">The floating-point type of the inputs, the layer's own.</param>
    /// <param name="device">Where the tensors are made.</param>
    /// <param name="hide">
    /// For self-supervised training, chooses the hidden tokens: each real token with probability
    /// <paramref name="hideProbability"/>, and one at random in a row where none was chosen. <c>null</c> otherwise.
    /// </param>
    /// <param name="hideProbability">The chance that a token is hidden.</param>
    public static PaddedBatch Create(
        TrainingSet set, ReadOnlySpan<int> rows, ScalarType dtype, Device device, Random? hide = null,
        double hideProbability = 0)
    {
        var width = rows.Length == 0 ? 0 : Max(set, rows);
        var dimension = set.Dimension;
        var values = new float[rows.Length * width * dimension];
        var mask = new bool[rows.Length * width];
        var labels = new float[rows.Length];
        var hidden = hide is null ? null : new bool[rows.Length * width];
        var (tokens, hiddenTokens) = (0L, 0L);
        for (var b = 0; b < rows.Length; b++)
        {
            var example = set.Examples[rows[b]];
            example.Embeddings.CopyTo(values, b * width * dimension);
            mask.AsSpan(b * width, example.TokenCount).Fill(true);
            labels[b] = example.Label;
            tokens += example.TokenCount;
            if (hidden is not null)
                hiddenTokens += Hide(hidden.AsSpan(b * width, example.TokenCount), hide!, hideProbability);
        }

        var input = tensor(values, [rows.Length, width, dimension]).to(dtype, device);
        var labelType = set.Task == TrainingTask.Classification ? ScalarType.Int64 : dtype;
        return new PaddedBatch(
            input,
            tensor(mask, [rows.Length, width]).to(device),
            tensor(labels).to(labelType, device),
            hidden is null ? null : tensor(hidden, [rows.Length, width]).to(device),
            rows.Length,
            tokens,
            hiddenTokens);
    }

    private static int Max(TrainingSet set, ReadOnlySpan<int> rows)
    {
        var width = 0;
        foreach (var row in rows)
            width = Math.Max(width, set.Examples[row].TokenCount);
        return width;
    }

    private static int Hide(Span<bool> row, Random random, double probability)
    {
        var count = 0;
        for (var t = 0; t < row.Length; t++)
        {
            row[t] = random.NextDouble() < probability;
            count += row[t] ? 1 : 0;
        }

        if (count > 0)
            return count;

        row[random.Next(row.Length)] = true;
        return 1;
    }
}
