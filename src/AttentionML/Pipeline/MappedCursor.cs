using Microsoft.ML;
using Microsoft.ML.Data;

namespace AttentionML.Pipeline;

/// <summary>
/// Steps through the input with the caller and serves the added columns from batches computed ahead.
/// </summary>
/// <remarks>
/// The caller's cursor (<c>main</c>) serves pass-through columns. When an added column of a row is first
/// read, a second cursor over the input (<c>ahead</c>, reading only the input column) is moved to that row,
/// reads the next <see cref="RowMapping{TItem}.BatchSize"/> rows, and the mapping computes them in one call.
/// Rows whose added columns are never read are skipped without computing. Only the current batch is kept.
/// With a batch size of one there is no second cursor: the row is computed from the caller's cursor.
/// </remarks>
internal sealed class MappedCursor<TItem> : DataViewRowCursor
{
    private readonly IDataView _view;
    private readonly DataViewRowCursor _main;
    private readonly DataViewRowCursor? _ahead;
    private readonly ValueGetter<VBuffer<TItem>> _inputGetter;
    private readonly RowMapping<TItem> _mapping;
    private readonly bool[] _active;
    private readonly int _inputCount;
    private readonly VBuffer<TItem>[] _inputs;
    private readonly long[] _positions;
    private readonly BatchOutputs _outputs;
    private VBuffer<TItem> _scratch;
    private long _batchStart = -1;
    private int _batchCount;

    public MappedCursor(IDataView view, DataViewRowCursor main, DataViewRowCursor? ahead, int inputColumn,
        RowMapping<TItem> mapping, bool[] active)
    {
        _view = view;
        _main = main;
        _ahead = ahead;
        _mapping = mapping;
        _active = active;
        _inputCount = main.Schema.Count;
        var source = ahead ?? main;
        _inputGetter = active.Any(a => a)
            ? source.GetGetter<VBuffer<TItem>>(source.Schema[inputColumn])
            : (ref _) => { };
        var batch = ahead is null ? 1 : mapping.BatchSize;
        _inputs = new VBuffer<TItem>[batch];
        _positions = new long[batch];
        _outputs = new BatchOutputs(active.Length, batch);
    }

    public override DataViewSchema Schema => _view.Schema;

    public override long Position => _main.Position;

    public override long Batch => _main.Batch;

    public override ValueGetter<DataViewRowId> GetIdGetter() => _main.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) =>
        column.Index < _inputCount ? _main.IsColumnActive(column) : _active[column.Index - _inputCount];

    public override bool MoveNext() => _main.MoveNext();

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (column.Index < _inputCount)
            return _main.GetGetter<TValue>(column);

        var output = column.Index - _inputCount;
        if (!_active[output])
            throw new InvalidOperationException($"Column '{column.Name}' is not active in this cursor.");
        return OutputGetter.Create<TValue>(column, () =>
        {
            EnsureComputed();
            return _outputs.Get(output, (int)(Position - _batchStart));
        });
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ahead?.Dispose();
            _main.Dispose();
        }

        base.Dispose(disposing);
    }

    private void EnsureComputed()
    {
        var position = Position;
        if (position < 0)
            throw new InvalidOperationException("The cursor is not on a row: call MoveNext first.");
        if (position >= _batchStart && position < _batchStart + _batchCount)
            return;

        _batchCount = _ahead is null ? ReadCurrentRow(position) : ReadAhead(position);
        _batchStart = position;
        _mapping.Compute(_inputs.AsSpan(0, _batchCount), _positions.AsSpan(0, _batchCount), _active, _outputs);
    }

    private int ReadCurrentRow(long position)
    {
        Read(0, position);
        return 1;
    }

    private int ReadAhead(long position)
    {
        var ahead = _ahead!;
        while (ahead.Position < position)
        {
            if (!ahead.MoveNext())
                throw new InvalidOperationException(
                    $"The input of column '{_mapping.InputColumnName}' ended before row {position}; it must " +
                    "return the same rows on every cursor.");
        }

        var count = 0;
        while (true)
        {
            Read(count, ahead.Position);
            count++;
            if (count == _inputs.Length || !ahead.MoveNext())
                return count;
        }
    }

    // Copies the input value, since a getter may hand out a buffer it will overwrite on the next row.
    private void Read(int slot, long position)
    {
        _inputGetter(ref _scratch);
        _scratch.CopyTo(ref _inputs[slot]);
        _positions[slot] = position;
    }
}
