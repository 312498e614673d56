namespace AttentionML.Persistence;

/// <summary>Reads that a corrupt length field cannot turn into a huge allocation.</summary>
internal static class StreamReading
{
    /// <summary>
    /// Reads up to <paramref name="count"/> bytes in 1 MiB chunks, so memory grows only with the bytes the stream
    /// really holds; returns fewer bytes when the stream ends first.
    /// </summary>
    public static byte[] ReadUpTo(Stream stream, int count)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[Math.Min(count, 1 << 20)];
        for (var read = 0; read < count;)
        {
            var got = stream.Read(chunk, 0, Math.Min(chunk.Length, count - read));
            if (got == 0)
                break;
            buffer.Write(chunk, 0, got);
            read += got;
        }

        return buffer.ToArray();
    }
}
