namespace AttentionML.Tests.Embeddings;

/// <summary>Finds files of the repository, and of the shared data folder beside it, from the test binaries.</summary>
internal static class RepositoryFiles
{
    public const string SharedGlove = "shared/data/glove-6B-50d-10k/glove.6B.50d.10k.txt";

    public const string SampleGlove =
        "samples/SentimentTraining/Data/glove-6B-50d-sentiment/glove.6B.50d.sentiment.txt";

    /// <summary>
    /// The first folder above the test binaries that holds <paramref name="relativePath"/>, joined with it.
    /// </summary>
    public static string? Find(string relativePath)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory);
             directory is not null;
             directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relativePath);
            if (File.Exists(candidate))
                return candidate;
        }

        return null;
    }
}

/// <summary>
/// A fact that needs ../shared/data beside the repository; skipped, with the reason, where it is absent.
/// </summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (RepositoryFiles.Find(RepositoryFiles.SharedGlove) is null)
            Skip = $"Needs {RepositoryFiles.SharedGlove} beside the repository.";
    }
}
