using AttentionML.Embeddings;

namespace AttentionML.Transforms;

/// <summary>Options of <see cref="AttentionCatalog.EmbedTokens(TokenEmbeddingOptions)"/>.</summary>
public sealed class TokenEmbeddingOptions
{
    /// <summary>The column to add: a row-major <c>[tokens, d]</c> vector of <see cref="float"/>. Required.</summary>
    public string OutputColumnName { get; set; } = "";

    /// <summary>
    /// The token column to read, a vector of text such as <c>TokenizeIntoWords</c> produces. Default <c>null</c>,
    /// meaning <see cref="OutputColumnName"/>.
    /// </summary>
    public string? InputColumnName { get; set; }

    /// <summary>The vectors to look tokens up in. Default <c>null</c>; exactly one of this and
    /// <see cref="WordVectorsPath"/> is needed.</summary>
    public WordVectors? WordVectors { get; set; }

    /// <summary>
    /// A GloVe or word2vec/fastText text file to read the vectors from (UTF-8, invariant culture). Default <c>null</c>.
    /// </summary>
    public string? WordVectorsPath { get; set; }

    /// <summary>What a token without a vector becomes. Default <see cref="UnknownTokenHandling.ZeroVector"/>.</summary>
    public UnknownTokenHandling UnknownTokens { get; set; } = UnknownTokenHandling.ZeroVector;

    /// <summary>
    /// Whether a token with no exact match is looked up again ignoring case (the first such vector in file order
    /// wins). Default <c>false</c>.
    /// </summary>
    public bool IgnoreCaseFallback { get; set; }

    /// <summary>
    /// The most tokens kept per row: longer rows are truncated to their first <c>MaxTokens</c> tokens (after unknown
    /// tokens are dropped, when they are). Default <c>256</c>, the same as <c>ApplySelfAttention</c>'s.
    /// </summary>
    public int MaxTokens { get; set; } = 256;
}
