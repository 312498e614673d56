namespace AttentionML.Transforms;

/// <summary>What <c>EmbedTokens</c> does with a token that has no vector.</summary>
public enum UnknownTokenHandling
{
    /// <summary>The token keeps its place and gets a zero vector (the default).</summary>
    ZeroVector = 0,

    /// <summary>The token is left out; the row's matrix has one row fewer.</summary>
    Drop = 1,
}
