using Microsoft.ML;
using Microsoft.ML.Data;

namespace AttentionML.Pipeline;

/// <summary>A row with the mapping's columns appended, computed when first read and cached by position.</summary>
internal sealed class MappedRow<TItem> : DataViewRow
{
    private readonly DataViewRow _input;
    private readonly RowMapping<TItem> _mapping;
    private readonly bool[] _active;
    private readonly ValueGetter<VBuffer<TItem>>? _inputGetter;
    private readonly VBuffer<TItem>[] _inputs = new VBuffer<TItem>[1];
    private readonly long[] _positions = new long[1];
    private readonly BatchOutputs _outputs;
    private VBuffer<TItem> _scratch;
    private long _computedPosition = -1;

    public MappedRow(
        DataViewSchema schema, DataViewRow input, int inputColumn, RowMapping<TItem> mapping, bool[] active)
    {
        Schema = schema;
        _input = input;
        _mapping = mapping;
        _active = active;
        _outputs = new BatchOutputs(active.Length, 1);
        if (active.Any(a => a))
            _inputGetter = input.GetGetter<VBuffer<TItem>>(input.Schema[inputColumn]);
    }

    public override DataViewSchema Schema { get; }

    public override long Position => _input.Position;

    public override long Batch => _input.Batch;

    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) =>
        column.Index < _input.Schema.Count
            ? _input.IsColumnActive(column)
            : _active[column.Index - _input.Schema.Count];

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (column.Index < _input.Schema.Count)
            return _input.GetGetter<TValue>(column);

        var output = column.Index - _input.Schema.Count;
        if (!_active[output])
            throw new InvalidOperationException($"Column '{column.Name}' is not active in this row.");
        return OutputGetter.Create<TValue>(column, () =>
        {
            EnsureComputed();
            return _outputs.Get(output, 0);
        });
    }

    private void EnsureComputed()
    {
        var position = Position;
        if (position == _computedPosition && position >= 0)
            return;

        _inputGetter!(ref _scratch);
        _scratch.CopyTo(ref _inputs[0]);
        _positions[0] = position;
        _mapping.Compute(_inputs, _positions, _active, _outputs);
        _computedPosition = position;
    }
}
