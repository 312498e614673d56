namespace SentimentTraining;

/// <summary>
/// Where the shipped data lies: in <c>Data/</c> next to the built assembly, where the project copies it, so
/// the sample finds it whatever the current directory is.
/// </summary>
internal static class SampleData
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Data");

    /// <summary>The three UCI sentiment files, <c>sentence&lt;TAB&gt;0|1</c>, 1,000 rows each.</summary>
    public static string[] SentenceFiles { get; } =
    [
        Path.Combine(Root, "sentiment-labelled-sentences", "amazon_cells_labelled.txt"),
        Path.Combine(Root, "sentiment-labelled-sentences", "imdb_labelled.txt"),
        Path.Combine(Root, "sentiment-labelled-sentences", "yelp_labelled.txt"),
    ];

    /// <summary>The GloVe 6B 50d lines for the tokens of those sentences (see its README).</summary>
    public static string WordVectors { get; } =
        Path.Combine(Root, "glove-6B-50d-sentiment", "glove.6B.50d.sentiment.txt");

    /// <summary>Throws a <see cref="FileNotFoundException"/> naming the first shipped file that is missing.</summary>
    public static void CheckPresent()
    {
        foreach (var path in SentenceFiles.Append(WordVectors))
        {
            if (!File.Exists(path))
                throw new FileNotFoundException(
                    $"The sample's data file '{path}' is missing; build the project so that Data/ is copied " +
                    "next to the assembly.", path);
        }
    }
}
