using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace AttentionML.Training;

/// <summary>
/// Reads token embeddings and labels from an <see cref="IDataView"/> into a <see cref="TrainingSet"/>.
/// </summary>
/// <remarks>
/// Bad data is handled as follows. A row with no tokens is skipped and the count is logged as a warning,
/// because the transform gives such rows zeros and they carry nothing to learn from. A token-embedding
/// vector whose length is not a multiple of the dimension, a non-finite embedding value, and a missing label
/// (NaN or infinite Single, missing key) are errors that name the column and the row: silently dropping
/// labelled rows would change what the model learns without the user knowing.
/// </remarks>
internal static class TrainingDataReader
{
    /// <summary>Reads every row of <paramref name="data"/>.</summary>
    /// <param name="data">The rows to read.</param>
    /// <param name="inputColumn">A vector-of-Single column: row-major <c>[tokens, dimension]</c> embeddings.</param>
    /// <param name="dimension">The size d of each token embedding.</param>
    /// <param name="maxTokens">Tokens past this many are dropped, as the transform drops them.</param>
    /// <param name="labelColumn">A Boolean, key or Single column; <c>null</c> for self-supervised training.</param>
    /// <param name="ch">Receives the warning about skipped rows.</param>
    /// <param name="isValidation">
    /// Whether the rows are validation data: messages say so, and a single class is allowed.
    /// </param>
    /// <exception cref="ArgumentException">A column is missing or has the wrong type.</exception>
    /// <exception cref="InvalidOperationException">A row holds bad data, no row has tokens, or (training only)
    /// the label has a single class.</exception>
    public static TrainingSet Read(
        IDataView data, string inputColumn, int dimension, int maxTokens, string? labelColumn, IChannel ch,
        bool isValidation = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrEmpty(inputColumn);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTokens);
        ArgumentNullException.ThrowIfNull(ch);

        var input = InputColumn(data.Schema, inputColumn);
        var label = labelColumn is null ? (DataViewSchema.Column?)null : LabelColumn(data.Schema, labelColumn);
        var task = label is null ? TrainingTask.SelfSupervised : TaskOf(label.Value.Type);
        var classCount = task == TrainingTask.Classification ? ClassCount(label!.Value) : 0;
        var dataName = isValidation ? "validation data" : "training data";

        var examples = new List<TrainingExample>();
        var (rows, skipped) = (0L, 0);
        DataViewSchema.Column[] columns = label is null ? [input] : [input, label.Value];
        using (var cursor = data.GetRowCursor(columns))
        {
            var embeddings = cursor.GetGetter<VBuffer<float>>(input);
            var labels = label is null ? () => 0f : LabelGetter(cursor, label.Value, dataName);
            var buffer = default(VBuffer<float>);
            while (cursor.MoveNext())
            {
                rows++;
                embeddings(ref buffer);
                var tokens = TokenCount(buffer.Length, dimension, inputColumn, cursor.Position);
                if (tokens == 0)
                {
                    skipped++;
                    continue;
                }

                var kept = Math.Min(tokens, maxTokens);
                var values = Dense(buffer, kept * dimension, inputColumn, cursor.Position, dimension);
                examples.Add(new TrainingExample(values, kept, labels()));
            }
        }

        if (skipped > 0)
            ch.Warning(MessageSensitivity.None,
                "Skipped {0} of {1} rows of the {2} because column '{3}' has no tokens in them.",
                skipped, rows, dataName, inputColumn);
        if (rows == 0)
            throw new InvalidOperationException($"The {dataName} has no rows; training needs at least one.");
        if (examples.Count == 0)
            throw new InvalidOperationException(
                $"None of the {rows} rows of the {dataName} has a token in column '{inputColumn}'; there is " +
                "nothing to train on.");
        if (task == TrainingTask.Classification && !isValidation)
            CheckTwoClasses(examples, labelColumn!, label!.Value.Type);

        return new TrainingSet(examples, dimension, task, classCount, skipped);
    }

    private static DataViewSchema.Column InputColumn(DataViewSchema schema, string name)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"Could not find input column '{name}'.", "inputColumn");
        if (column.Type is not VectorDataViewType { ItemType: var item } || item != NumberDataViewType.Single)
            throw new ArgumentException(
                $"Input column '{name}' has type '{column.Type}', but a vector of Single is expected.", "inputColumn");
        return column;
    }

    private static DataViewSchema.Column LabelColumn(DataViewSchema schema, string name)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"Could not find label column '{name}'.", "labelColumn");
        if (column.Type is not (BooleanDataViewType or KeyDataViewType) && column.Type != NumberDataViewType.Single)
            throw new ArgumentException(
                $"Label column '{name}' has type '{column.Type}', but Boolean, key or Single is expected.",
                "labelColumn");
        return column;
    }

    private static TrainingTask TaskOf(DataViewType labelType) =>
        labelType == NumberDataViewType.Single ? TrainingTask.Regression : TrainingTask.Classification;

    private static int ClassCount(DataViewSchema.Column label)
    {
        if (label.Type is not KeyDataViewType key)
            return 2;

        // A head with more outputs than this would hold more weights than any in-memory training set could train.
        const ulong largest = 1 << 20;
        if (key.Count < 2 || key.Count > largest)
            throw new ArgumentException(
                $"Label column '{label.Name}' is a key with {key.Count} values, but classification needs 2 to " +
                $"{largest}.", "labelColumn");
        return (int)key.Count;
    }

    // Boolean labels become class 0 (false) and 1 (true); key value k (1-based, 0 = missing) becomes class k - 1.
    private static Func<float> LabelGetter(DataViewRowCursor cursor, DataViewSchema.Column label, string dataName)
    {
        var name = label.Name;
        if (label.Type is BooleanDataViewType)
        {
            var getter = cursor.GetGetter<bool>(label);
            var value = false;
            return () =>
            {
                getter(ref value);
                return value ? 1f : 0f;
            };
        }

        if (label.Type is KeyDataViewType key)
        {
            var raw = KeyGetter(cursor, label, key.RawType);
            return () => raw() is var k && k != 0
                ? k - 1
                : throw MissingLabel(name, cursor.Position, "a missing key value", dataName);
        }

        var single = cursor.GetGetter<float>(label);
        var target = 0f;
        return () =>
        {
            single(ref target);
            return float.IsFinite(target)
                ? target
                : throw MissingLabel(name, cursor.Position, target.ToString(CultureInfo.InvariantCulture), dataName);
        };
    }

    private static Func<ulong> KeyGetter(DataViewRowCursor cursor, DataViewSchema.Column label, Type rawType)
    {
        if (rawType == typeof(byte))
            return Widen<byte>(cursor, label, v => v);
        if (rawType == typeof(ushort))
            return Widen<ushort>(cursor, label, v => v);
        if (rawType == typeof(uint))
            return Widen<uint>(cursor, label, v => v);
        return Widen<ulong>(cursor, label, v => v);
    }

    private static Func<ulong> Widen<T>(DataViewRowCursor cursor, DataViewSchema.Column label, Func<T, ulong> widen)
    {
        var getter = cursor.GetGetter<T>(label);
        T value = default!;
        return () =>
        {
            getter(ref value);
            return widen(value);
        };
    }

    private static InvalidOperationException MissingLabel(string column, long row, string what, string dataName) =>
        new($"Row {row} of label column '{column}' holds {what}, but every row of the {dataName} needs a valid " +
            "label. Remove such rows first, for example with mlContext.Data.FilterRowsByMissingValues.");

    private static int TokenCount(int length, int dimension, string column, long row)
    {
        if (length % dimension != 0)
            throw new InvalidOperationException(
                $"Row {row} of column '{column}' holds {length} values, which is not a whole number of " +
                $"{dimension}-dimensional token embeddings.");
        return length / dimension;
    }

    private static float[] Dense(in VBuffer<float> buffer, int length, string column, long row, int dimension)
    {
        var values = new float[length];
        var stored = buffer.GetValues();
        if (buffer.IsDense)
        {
            stored[..length].CopyTo(values);
        }
        else
        {
            var indices = buffer.GetIndices();
            for (var i = 0; i < indices.Length && indices[i] < length; i++)
                values[indices[i]] = stored[i];
        }

        var bad = Array.FindIndex(values, v => !float.IsFinite(v));
        if (bad >= 0)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"Row {row} of column '{column}' holds {values[bad]} at token {bad / dimension}, but token " +
                $"embeddings must be finite."));
        return values;
    }

    private static void CheckTwoClasses(List<TrainingExample> examples, string column, DataViewType type)
    {
        var first = examples[0].Label;
        if (examples.Exists(e => e.Label != first))
            return;

        var shown = type is BooleanDataViewType ? (first == 1).ToString() : $"key {first + 1}";
        throw new InvalidOperationException(
            $"Label column '{column}' has a single class ({shown}) in all {examples.Count} training rows, but " +
            "classification needs at least two.");
    }
}
