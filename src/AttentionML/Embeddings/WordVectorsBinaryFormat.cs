using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace AttentionML.Embeddings;

/// <summary>
/// The binary layout of <see cref="WordVectors"/> inside saved models. Little-endian: version, count
/// and dimension as Int32; per token its UTF-8 byte length as Int32 and the bytes; then
/// count × dimension Single values, row by row.
/// </summary>
internal static class WordVectorsBinaryFormat
{
    // Increment when the layout changes, and keep reading the old versions.
    private const int Version = 1;

    // Each token takes a 4-byte length and at least one byte of UTF-8.
    private const int MinimumTokenBytes = 5;

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static void Write(WordVectors vectors, BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);

        writer.Write(Version);
        writer.Write(vectors.Count);
        writer.Write(vectors.Dimension);
        foreach (string token in vectors.Tokens)
        {
            byte[] bytes = StrictUtf8.GetBytes(token);
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }

        if (BitConverter.IsLittleEndian)
        {
            writer.Write(MemoryMarshal.AsBytes(vectors.Values));
            return;
        }

        foreach (float value in vectors.Values)
        {
            writer.Write(value);
        }
    }

    public static WordVectors Read(BinaryReader reader, long remainingBytes)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfNegative(remainingBytes);

        try
        {
            return ReadCore(reader, remainingBytes);
        }
        catch (EndOfStreamException exception)
        {
            throw Corrupt("the stream ended before the data did", exception);
        }
    }

    private static WordVectors ReadCore(BinaryReader reader, long remainingBytes)
    {
        long left = remainingBytes;
        Consume(ref left, 3 * sizeof(int), "the header");
        int version = reader.ReadInt32();
        int count = reader.ReadInt32();
        int dimension = reader.ReadInt32();
        if (version != Version)
        {
            throw Corrupt($"the format version is {version}, but only version {Version} is known");
        }

        if (count <= 0 || dimension <= 0)
        {
            throw Corrupt($"the count ({count}) and the dimension ({dimension}) must both be positive");
        }

        long valueCount = (long)count * dimension;
        long valueBytes = valueCount * sizeof(float);
        long minimumBytes = (long)count * MinimumTokenBytes + valueBytes;
        if (valueCount > Array.MaxLength || minimumBytes > left)
        {
            throw Corrupt(
                $"{count} vectors of dimension {dimension} need at least {minimumBytes} bytes, " +
                $"but {left} remain");
        }

        string[] tokens = new string[count];
        var index = new Dictionary<string, int>(count, StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            Consume(ref left, sizeof(int), $"the length of token {i}");
            int length = reader.ReadInt32();
            long available = left - (long)(count - 1 - i) * MinimumTokenBytes - valueBytes;
            if (length <= 0 || length > available)
            {
                throw Corrupt($"token {i} has a length of {length} bytes, but at most {available} remain");
            }

            byte[] bytes = reader.ReadBytes(length);
            if (bytes.Length != length)
            {
                throw Corrupt($"the stream ended inside token {i}");
            }

            left -= length;
            string token = DecodeToken(bytes, i);
            if (!index.TryAdd(token, i))
            {
                throw Corrupt($"token {i} ('{token}') repeats token {index[token]}");
            }

            tokens[i] = token;
        }

        float[] values = ReadValues(reader, (int)valueCount);
        return new WordVectors(tokens, values, dimension, index);
    }

    private static float[] ReadValues(BinaryReader reader, int valueCount)
    {
        float[] values = new float[valueCount];
        Span<byte> bytes = MemoryMarshal.AsBytes(values.AsSpan());
        for (int read = 0; read < bytes.Length;)
        {
            int chunk = reader.Read(bytes[read..]);
            if (chunk == 0)
            {
                throw Corrupt("the stream ended inside the vector values");
            }

            read += chunk;
        }

        if (!BitConverter.IsLittleEndian)
        {
            Span<int> words = MemoryMarshal.Cast<float, int>(values.AsSpan());
            BinaryPrimitives.ReverseEndianness(words, words);
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw Corrupt($"value {i} is {values[i]}, but every value must be finite");
            }
        }

        return values;
    }

    private static string DecodeToken(byte[] bytes, int position)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException exception)
        {
            throw Corrupt($"token {position} is not valid UTF-8", exception);
        }
    }

    private static void Consume(ref long left, int bytes, string what)
    {
        if (bytes > left)
        {
            throw Corrupt($"{what} needs {bytes} bytes, but {left} remain");
        }

        left -= bytes;
    }

    private static InvalidDataException Corrupt(string detail, Exception? inner = null) =>
        new($"The stored word vectors are corrupt or truncated: {detail}.", inner);
}
