using System.Text;

namespace AttentionML.Platform;

/// <summary>Finds the system's libstdc++ and checks which symbol versions it provides.</summary>
internal static class LibStdCxx
{
    private static readonly string[] Candidates =
    [
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
    ];

    public static string? Find() => Candidates.FirstOrDefault(File.Exists);

    /// <summary>Whether the library's bytes contain the version tag (as `strings | grep` would find it).</summary>
    public static bool HasVersion(string path, string version)
    {
        try
        {
            var needle = Encoding.ASCII.GetBytes(version + "\0");
            return File.ReadAllBytes(path).AsSpan().IndexOf(needle) >= 0;
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }
}
