using System.Text;

namespace AttentionML.Tests.Embeddings;

/// <summary>A uniquely named file under the temp folder, deleted on dispose.</summary>
internal sealed class TempTextFile : IDisposable
{
    private TempTextFile(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public static TempTextFile Create(string text) =>
        Create(new UTF8Encoding(false).GetBytes(text));

    public static TempTextFile Create(byte[] bytes)
    {
        string path = System.IO.Path.Combine(
            System.IO.Path.GetTempPath(), $"attentionml-wordvectors-{Guid.NewGuid():N}.txt");
        File.WriteAllBytes(path, bytes);
        return new TempTextFile(path);
    }

    public void Dispose()
    {
        File.Delete(Path);
    }
}
