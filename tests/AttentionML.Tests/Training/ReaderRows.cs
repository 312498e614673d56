using Microsoft.ML.Data;

namespace AttentionML.Tests.Training;

/// <summary>Rows for <c>LoadFromEnumerable</c>: variable-length token embeddings and labels of each type.</summary>
public static class ReaderRows
{
    public sealed class BoolRow
    {
        [VectorType]
        public float[] Tokens { get; set; } = [];

        public bool Label { get; set; }
    }

    public sealed class FloatRow
    {
        [VectorType]
        public float[] Tokens { get; set; } = [];

        public float Label { get; set; }
    }

    public sealed class TextRow
    {
        [VectorType]
        public float[] Tokens { get; set; } = [];

        public string Label { get; set; } = "";
    }

    public sealed class Category
    {
        public string Label { get; set; } = "";
    }
}
