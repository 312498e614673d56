namespace AttentionML.Training;

/// <summary>How the learning rate falls after warmup, over the remaining optimisation steps.</summary>
public enum LearningRateDecay
{
    /// <summary>The rate stays at its peak until the end.</summary>
    None = 0,

    /// <summary>The rate falls in a straight line from its peak towards 0 at the last step.</summary>
    Linear = 1,

    /// <summary>
    /// The rate follows half a cosine from its peak towards 0 at the last step (SGDR without restarts).
    /// </summary>
    Cosine = 2,
}
