using Microsoft.ML;

namespace AttentionML.Pipeline;

/// <summary>
/// The lazy result of a transformer's <c>Transform</c>: the input view with the mapping's columns appended.
/// Nothing is computed until a cursor reads an added column.
/// </summary>
internal sealed class MappedDataView<TItem> : IDataView
{
    private readonly IDataView _input;
    private readonly RowMapping<TItem> _mapping;
    private readonly int _inputColumn;

    public MappedDataView(IDataView input, RowMapping<TItem> mapping)
    {
        _input = input;
        _mapping = mapping;
        _inputColumn = mapping.CheckInput(input.Schema);
        Schema = mapping.OutputSchema(input.Schema);
    }

    public DataViewSchema Schema { get; }

    /// <summary>
    /// False: the look-ahead cursor must see the rows in the caller's order, so row order is the input's.
    /// ML.NET trainers that want shuffling cache the data first, as they do for any unshufflable view.
    /// </summary>
    public bool CanShuffle => false;

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.Select(c => c.Index).ToHashSet();
        var inputCount = _input.Schema.Count;
        var active = new bool[_mapping.Outputs.Count];
        for (var k = 0; k < active.Length; k++)
            active[k] = needed.Contains(inputCount + k);

        var inputColumns = _input.Schema.Where(c => needed.Contains(c.Index)).ToList();
        var computeFromMain = active.Any(a => a) && _mapping.BatchSize == 1;
        if (computeFromMain && !needed.Contains(_inputColumn))
            inputColumns.Add(_input.Schema[_inputColumn]);

        var main = _input.GetRowCursor(inputColumns);
        var ahead = active.Any(a => a) && !computeFromMain
            ? _input.GetRowCursor([_input.Schema[_inputColumn]])
            : null;
        return new MappedCursor<TItem>(this, main, ahead, _inputColumn, _mapping, active);
    }

    public DataViewRowCursor[] GetRowCursorSet(
        IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}
