using AttentionML.Persistence;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace AttentionML.Transforms;

/// <summary>Checks estimator inputs and declares their outputs in <see cref="SchemaShape"/> terms, with
/// ML.NET's wording.</summary>
internal static class SchemaShapes
{
    /// <summary>
    /// Finds column <paramref name="name"/>; <paramref name="role"/> ("input", "label") words the error.
    /// </summary>
    public static SchemaShape.Column Find(SchemaShape inputSchema, string name, string role)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var column = inputSchema.FirstOrDefault(c => c.Name == name);
        return column.Name is not null
            ? column
            : throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Could not find {role} column '{name}'.");
    }

    /// <summary>Finds <paramref name="name"/> and checks it is a vector of <paramref name="itemType"/>.</summary>
    public static SchemaShape.Column CheckVectorInput(SchemaShape inputSchema, string name, DataViewType itemType)
    {
        var column = Find(inputSchema, name, "input");
        if (column.Kind == SchemaShape.Column.VectorKind.Scalar || !column.ItemType.Equals(itemType) || column.IsKey)
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"Schema mismatch for input column '{name}': expected Vector<{itemType}>, got {Describe(column)}.");
        return column;
    }

    /// <summary>A column's type in ML.NET's words: <c>String</c>, <c>Vector&lt;Single&gt;</c>,
    /// <c>VarVector&lt;Single&gt;</c>.</summary>
    public static string Describe(SchemaShape.Column column)
    {
        string? item = column.IsKey ? $"Key<{column.ItemType}>" : column.ItemType.ToString();
        return column.Kind switch
        {
            SchemaShape.Column.VectorKind.Vector => $"Vector<{item}>",
            SchemaShape.Column.VectorKind.VariableVector => $"VarVector<{item}>",
            _ => item ?? "",
        };
    }

    /// <summary>The input columns with <paramref name="added"/> appended; an added column replaces one of the
    /// same name.</summary>
    public static SchemaShape Append(SchemaShape inputSchema, params SchemaShape.Column[] added)
    {
        var columns = inputSchema.ToDictionary(c => c.Name);
        foreach (var column in added)
            columns[column.Name] = column;
        return new SchemaShape(columns.Values);
    }

    /// <summary>
    /// A variable-size <see cref="float"/> vector column (a row-major matrix with a variable row count).
    /// </summary>
    public static SchemaShape.Column VariableFloatVector(string name) =>
        MlNetBridge.CreateColumn(name, SchemaShape.Column.VectorKind.VariableVector, NumberDataViewType.Single, false);

    /// <summary>A fixed-size <see cref="float"/> vector column with slot names, as trainers expect features.</summary>
    public static SchemaShape.Column FixedFloatVectorWithSlotNames(string name) =>
        MlNetBridge.CreateColumn(name, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false,
            MlNetBridge.SlotNamesAnnotations());
}
