namespace WorkedExample;

/// <summary>
/// The tutorial's inputs and the numbers it printed (not the correct results: the program computes those).
/// </summary>
internal static class Tutorial
{
    public const string Sentence = "The cat sat";

    public static readonly Dictionary<string, float[]> Embeddings = new()
    {
        ["The"] = [0.2f, 0.5f],
        ["cat"] = [0.8f, 0.1f],
        ["sat"] = [0.3f, 0.9f],
    };

    /// <summary>The scores the tutorial printed, one row per token.</summary>
    public static readonly double[][] PrintedScores =
    [
        [0.29, 0.21, 0.51],
        [0.21, 0.65, 0.33],
        [0.51, 0.33, 0.90],
    ];

    /// <summary>
    /// The weights the tutorial printed for "cat" and "sat" (to four decimals). Its row for "The" is not
    /// compared here.
    /// </summary>
    public static readonly double[]?[] PrintedWeights =
    [
        null,
        [0.2003, 0.5371, 0.2626],
        [0.2259, 0.1507, 0.6234],
    ];
}
