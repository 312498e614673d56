using Microsoft.ML.Data;
using Microsoft.ML;

namespace AttentionML.Pipeline;

/// <summary>
/// The single-row path that <c>PredictionEngine</c> uses: each row's outputs are computed on demand, once
/// per input position, as a batch of one.
/// </summary>
internal sealed class MappedRowToRowMapper<TItem> : IRowToRowMapper
{
    private readonly RowMapping<TItem> _mapping;
    private readonly int _inputColumn;

    public MappedRowToRowMapper(DataViewSchema inputSchema, RowMapping<TItem> mapping)
    {
        _mapping = mapping;
        _inputColumn = mapping.CheckInput(inputSchema);
        InputSchema = inputSchema;
        OutputSchema = mapping.OutputSchema(inputSchema);
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var columns = dependingColumns.ToList();
        var needed = columns.Where(c => c.Index < InputSchema.Count).Select(c => InputSchema[c.Index]).ToList();
        if (columns.Any(c => c.Index >= InputSchema.Count) && needed.All(c => c.Index != _inputColumn))
            needed.Add(InputSchema[_inputColumn]);
        return needed;
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        ArgumentNullException.ThrowIfNull(input);
        var active = new bool[_mapping.Outputs.Count];
        foreach (var column in activeColumns)
        {
            if (column.Index >= InputSchema.Count)
                active[column.Index - InputSchema.Count] = true;
        }

        return new MappedRow<TItem>(OutputSchema, input, _inputColumn, _mapping, active);
    }
}
