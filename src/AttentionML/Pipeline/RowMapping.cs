using Microsoft.ML;
using Microsoft.ML.Data;

namespace AttentionML.Pipeline;

/// <summary>
/// What a transformer adds to each row: it reads one vector input column and computes one or more
/// <see cref="float"/> vector output columns, for a batch of rows at a time. The lazy data view, its cursor
/// and the PredictionEngine mapper are written once against this.
/// </summary>
/// <typeparam name="TItem">The item type of the input vector column.</typeparam>
internal abstract class RowMapping<TItem>
{
    protected RowMapping(string inputColumnName)
    {
        InputColumnName = inputColumnName;
    }

    public string InputColumnName { get; }

    /// <summary>The added columns, in order; each holds <c>VBuffer&lt;float&gt;</c> values.</summary>
    public abstract IReadOnlyList<DataViewSchema.DetachedColumn> Outputs { get; }

    /// <summary>How many rows one <see cref="Compute"/> call takes at most.</summary>
    public abstract int BatchSize { get; }

    /// <summary>The input type, in ML.NET's words, for schema errors: "Vector&lt;Single&gt;".</summary>
    protected abstract string ExpectedInputType { get; }

    /// <summary>Whether a column of this type can be the input.</summary>
    protected abstract bool AcceptsInput(DataViewType type);

    /// <summary>
    /// Computes the active outputs of <paramref name="inputs"/> into <paramref name="outputs"/> (row i of the
    /// batch at row i). <paramref name="positions"/> are the rows' positions, for error messages.
    /// </summary>
    public abstract void Compute(
        ReadOnlySpan<VBuffer<TItem>> inputs, ReadOnlySpan<long> positions, bool[] activeOutputs, BatchOutputs outputs);

    /// <summary>Finds the input column, checks its type, and returns its index, with ML.NET's error wording.</summary>
    public int CheckInput(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        if (inputSchema.GetColumnOrNull(InputColumnName) is not { } column)
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"Could not find input column '{InputColumnName}'.");
        if (!AcceptsInput(column.Type))
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"Schema mismatch for input column '{InputColumnName}': " +
                $"expected {ExpectedInputType}, got {column.Type}.");
        return column.Index;
    }

    /// <summary>
    /// The input schema with the outputs appended (an output hides an input column of the same name).
    /// </summary>
    public DataViewSchema OutputSchema(DataViewSchema inputSchema)
    {
        CheckInput(inputSchema);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        foreach (var output in Outputs)
            builder.AddColumn(output.Name, output.Type, output.Annotations);
        return builder.ToSchema();
    }
}
