using Microsoft.ML;
using Microsoft.ML.Data;

namespace AttentionML.Pipeline;

/// <summary>
/// Builds getters for the added columns of a cursor or a row: <c>VBuffer&lt;float&gt;</c> for vector columns,
/// <see cref="float"/> for a <c>Single</c> column (the row's one computed value).
/// </summary>
internal static class OutputGetter
{
    /// <summary>
    /// A getter that copies the current row's values, which <paramref name="current"/> computes on demand.
    /// </summary>
    public static ValueGetter<TValue> Create<TValue>(DataViewSchema.Column column, Func<ReadOnlyMemory<float>> current)
    {
        var expected = column.Type is VectorDataViewType ? typeof(VBuffer<float>) : typeof(float);
        if (typeof(TValue) != expected)
            throw new InvalidOperationException(
                $"Invalid TValue in GetGetter for column '{column.Name}': '{typeof(TValue)}', " +
                $"expected type: '{expected}'.");

        if (expected == typeof(float))
        {
            ValueGetter<float> scalar = (ref float destination) => destination = current().Span[0];
            return (ValueGetter<TValue>)(Delegate)scalar;
        }

        ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> destination) =>
        {
            var values = current().Span;
            var editor = VBufferEditor.Create(ref destination, values.Length);
            values.CopyTo(editor.Values);
            destination = editor.Commit();
        };
        return (ValueGetter<TValue>)(Delegate)getter;
    }
}
