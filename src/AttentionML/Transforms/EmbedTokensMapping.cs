using AttentionML.Embeddings;
using AttentionML.Pipeline;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace AttentionML.Transforms;

/// <summary>Looks each token of a row up and writes the row's <c>[tokens, d]</c> embedding matrix.</summary>
internal sealed class EmbedTokensMapping : RowMapping<ReadOnlyMemory<char>>
{
    private readonly WordVectors _vectors;
    private readonly UnknownTokenHandling _unknownTokens;
    private readonly bool _ignoreCase;
    private readonly int _maxTokens;

    public EmbedTokensMapping(string outputColumnName, string inputColumnName, WordVectors vectors,
        UnknownTokenHandling unknownTokens, bool ignoreCase, int maxTokens)
        : base(inputColumnName)
    {
        _vectors = vectors;
        _unknownTokens = unknownTokens;
        _ignoreCase = ignoreCase;
        _maxTokens = maxTokens;
        Outputs = [new DataViewSchema.DetachedColumn(outputColumnName, OutputType(vectors.Dimension))];
    }

    public override IReadOnlyList<DataViewSchema.DetachedColumn> Outputs { get; }

    /// <summary>One: a lookup is cheap, so rows are computed straight from the caller's cursor.</summary>
    public override int BatchSize => 1;

    protected override string ExpectedInputType => "Vector<String>";

    /// <summary>A variable number of rows of <paramref name="dimension"/> floats, row-major.</summary>
    public static VectorDataViewType OutputType(int dimension) => new(NumberDataViewType.Single, 0, dimension);

    protected override bool AcceptsInput(DataViewType type) =>
        type is VectorDataViewType { ItemType: TextDataViewType };

    public override void Compute(ReadOnlySpan<VBuffer<ReadOnlyMemory<char>>> inputs, ReadOnlySpan<long> positions,
        bool[] activeOutputs, BatchOutputs outputs)
    {
        var d = _vectors.Dimension;
        for (var row = 0; row < inputs.Length; row++)
        {
            // Local, not a field: cursors and prediction engines on other threads share this mapping.
            var indices = new int[Math.Min(inputs[row].Length, _maxTokens)];
            var count = 0;
            foreach (var value in inputs[row].DenseValues())
            {
                if (count == _maxTokens)
                    break;

                var found = !value.IsEmpty && _vectors.TryGetIndex(value.Span, _ignoreCase, out indices[count]);
                if (!found && _unknownTokens == UnknownTokenHandling.Drop)
                    continue;
                if (!found)
                    indices[count] = -1;
                count++;
            }

            var matrix = outputs.Allocate(0, row, count * d);
            for (var t = 0; t < count; t++)
            {
                var target = matrix.Slice(t * d, d);
                if (indices[t] < 0)
                    target.Clear();
                else
                    _vectors.GetVector(indices[t]).CopyTo(target);
            }
        }
    }
}
