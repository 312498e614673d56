namespace AttentionML.Attention;

/// <summary>How the per-token context vectors of a row are reduced to one fixed-size vector.</summary>
public enum AttentionPooling
{
    /// <summary>
    /// The mean over the row's real tokens; padding is excluded. A row with no tokens pools to zeros.
    /// </summary>
    Mean = 0,

    /// <summary>The element-wise maximum over the row's real tokens. A row with no tokens pools to zeros.</summary>
    Max = 1,

    /// <summary>The context vector of the first token. A row with no tokens pools to zeros.</summary>
    First = 2,
}
