using Microsoft.ML;
using Microsoft.ML.Data;

namespace AttentionML.Pipeline;

/// <summary>Builds getters for the added <c>VBuffer&lt;float&gt;</c> columns of a cursor or a row.</summary>
internal static class OutputGetter
{
    /// <summary>
    /// A getter that copies the current row's values, which <paramref name="current"/> computes on demand.
    /// </summary>
    public static ValueGetter<TValue> Create<TValue>(DataViewSchema.Column column, Func<ReadOnlyMemory<float>> current)
    {
        if (typeof(TValue) != typeof(VBuffer<float>))
            throw new InvalidOperationException(
                $"Invalid TValue in GetGetter for column '{column.Name}': '{typeof(TValue)}', " +
                $"expected type: '{typeof(VBuffer<float>)}'.");

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
