namespace AttentionML.Attention;

/// <summary>What, if anything, tells the attention module where each token sits in the row.</summary>
public enum PositionalEncodingKind
{
    /// <summary>No position information: attention sees the tokens as a set.</summary>
    None = 0,

    /// <summary>
    /// The fixed sine and cosine encoding of "Attention Is All You Need", added to the embeddings.
    /// </summary>
    Sinusoidal = 1,

    /// <summary>A learned vector per position, added to the embeddings; trained with the projections.</summary>
    Learned = 2,
}
