namespace AttentionML.Embeddings;

/// <summary>
/// Splits a stream of UTF-8 text into lines of raw bytes, ending at LF with an optional CR before it,
/// and drops a UTF-8 byte order mark. Working on bytes keeps an encoding error on the line that holds
/// it, which a decoding <see cref="StreamReader"/> cannot promise because it decodes whole blocks.
/// </summary>
internal sealed class Utf8LineReader
{
    private const int InitialBufferBytes = 1 << 16;
    private const int MaxLineBytes = 64 << 20;

    private readonly Stream stream;
    private readonly string sourceName;
    private byte[] buffer = new byte[InitialBufferBytes];
    private int bufferStart;
    private int bufferEnd;
    private bool endOfStream;

    public Utf8LineReader(Stream stream, string sourceName)
    {
        this.stream = stream;
        this.sourceName = sourceName;
    }

    /// <summary>Gets the 1-based number of the last line read, or 0 before the first.</summary>
    public int LineNumber { get; private set; }

    /// <summary>Reads the next line; the span is valid until the next call.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        int searchFrom = bufferStart;
        while (true)
        {
            int newline = buffer.AsSpan(searchFrom, bufferEnd - searchFrom).IndexOf((byte)'\n');
            if (newline >= 0 || (endOfStream && bufferStart < bufferEnd))
            {
                int lineEnd = newline >= 0 ? searchFrom + newline : bufferEnd;
                line = buffer.AsSpan(bufferStart, lineEnd - bufferStart);
                bufferStart = Math.Min(lineEnd + 1, bufferEnd);
                LineNumber++;
                line = TrimLine(line);
                return true;
            }

            if (endOfStream)
            {
                line = default;
                return false;
            }

            int unread = bufferEnd - bufferStart;
            Fill();
            searchFrom = unread;
        }
    }

    // Moves the unread bytes to the front, grows the buffer when a line fills it, and reads more.
    private void Fill()
    {
        int unread = bufferEnd - bufferStart;
        if (unread == buffer.Length)
        {
            if (buffer.Length >= MaxLineBytes)
            {
                LineNumber++;
                throw LineError($"is longer than {MaxLineBytes >> 20} MiB; this is not a word-vector " +
                    "text file, or its lines do not end in LF");
            }

            Array.Resize(ref buffer, buffer.Length * 2);
        }

        buffer.AsSpan(bufferStart, unread).CopyTo(buffer);
        bufferStart = 0;
        bufferEnd = unread;
        int read = stream.Read(buffer, bufferEnd, buffer.Length - bufferEnd);
        endOfStream = read == 0;
        bufferEnd += read;
    }

    private ReadOnlySpan<byte> TrimLine(ReadOnlySpan<byte> line)
    {
        if (line.EndsWith("\r"u8))
        {
            line = line[..^1];
        }

        if (LineNumber == 1 && line.StartsWith("\uFEFF"u8))
        {
            line = line[3..];
        }
        else if (LineNumber == 1 && line is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            throw LineError("starts with a UTF-16 byte order mark; save the file as UTF-8");
        }

        return line;
    }

    private InvalidDataException LineError(string problem) =>
        new($"Line {LineNumber} of '{sourceName}' {problem}.");
}
