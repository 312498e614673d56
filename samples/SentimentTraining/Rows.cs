using Microsoft.ML.Data;

namespace SentimentTraining;

/// <summary>The input of the tokenizing <c>CustomMapping</c>.</summary>
internal sealed class SentenceText
{
    public string Text { get; set; } = "";
}

/// <summary>The output of the tokenizing <c>CustomMapping</c>: a variable-length vector of text.</summary>
internal sealed class SentenceTokens
{
    public string[] Tokens { get; set; } = [];
}

/// <summary>The input of the mean-embedding <c>CustomMapping</c>: a row-major <c>[tokens, 50]</c> matrix.</summary>
internal sealed class TokenEmbeddings
{
    public float[] Embeddings { get; set; } = [];
}

/// <summary>The output of the mean-embedding <c>CustomMapping</c>.</summary>
internal sealed class MeanFeatures
{
    [VectorType(MeanEmbedding.Dimension)]
    public float[] Features { get; set; } = [];
}
