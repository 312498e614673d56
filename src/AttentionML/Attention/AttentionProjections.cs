namespace AttentionML.Attention;

/// <summary>How the query, key and value vectors are made from the token embeddings.</summary>
public enum AttentionProjections
{
    /// <summary>
    /// Query, key and value are learned linear projections of the embeddings (the standard
    /// transformer layer).
    /// </summary>
    Learned = 0,

    /// <summary>
    /// Query, key and value are the embeddings themselves (Q = K = V = X). There is nothing to train;
    /// combined with unscaled scores this reproduces the classic hand-worked attention example.
    /// </summary>
    Identity = 1,
}
