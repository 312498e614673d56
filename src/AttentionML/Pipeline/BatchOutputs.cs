namespace AttentionML.Pipeline;

/// <summary>
/// The computed output vectors of one batch of rows: for each output column and row, a float array that
/// is reused from batch to batch, so memory stays at one batch's worth however many rows pass through.
/// </summary>
internal sealed class BatchOutputs
{
    private readonly float[][][] _values;
    private readonly int[][] _lengths;

    public BatchOutputs(int columns, int rows)
    {
        _values = new float[columns][][];
        _lengths = new int[columns][];
        for (var c = 0; c < columns; c++)
        {
            _values[c] = new float[rows][];
            _lengths[c] = new int[rows];
            for (var r = 0; r < rows; r++)
                _values[c][r] = [];
        }
    }

    /// <summary>Returns room for <paramref name="length"/> values of a row's output, growing it if needed.</summary>
    public Span<float> Allocate(int column, int row, int length)
    {
        if (_values[column][row].Length < length)
            _values[column][row] = new float[length];
        _lengths[column][row] = length;
        return _values[column][row].AsSpan(0, length);
    }

    public ReadOnlyMemory<float> Get(int column, int row) => _values[column][row].AsMemory(0, _lengths[column][row]);
}
