using System.Globalization;
using System.Text;

namespace AttentionML.Embeddings;

/// <summary>
/// Reads GloVe and word2vec/fastText text files for <see cref="WordVectors.Load(Stream, string)"/>,
/// which documents the format. Values are parsed from the UTF-8 bytes of each line without decoding them
/// to strings; only tokens are decoded, strictly, so an encoding error names its own line.
/// </summary>
internal sealed class WordVectorTextParser
{
    // Storage for the values starts this large and doubles, so it never exceeds twice what was read.
    private const int InitialValues = 1 << 16;

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly Utf8LineReader reader;
    private readonly string sourceName;
    private readonly List<string> tokens = [];
    private readonly List<int> tokenLines = [];
    private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);
    private float[] values = [];
    private int valueCount;
    private int dimension;
    private string dimensionSource = "";
    private long declaredCount = -1;
    private int headerLine;

    public WordVectorTextParser(Stream stream, string sourceName)
    {
        reader = new Utf8LineReader(stream, sourceName);
        this.sourceName = sourceName;
    }

    public WordVectors Parse()
    {
        bool sawContent = false;
        while (reader.TryReadLine(out ReadOnlySpan<byte> line))
        {
            ReadOnlySpan<byte> rest = line;
            ReadOnlySpan<byte> first = NextField(ref rest);
            if (first.IsEmpty)
            {
                continue;
            }

            if (!sawContent)
            {
                sawContent = true;
                if (TryReadHeader(first, rest))
                {
                    continue;
                }
            }

            ReadVector(first, rest);
        }

        return Finish(sawContent);
    }

    private WordVectors Finish(bool sawContent)
    {
        if (declaredCount >= 0 && declaredCount != tokens.Count)
        {
            throw new InvalidDataException(
                $"The header on line {headerLine} of '{sourceName}' declares {declaredCount} vectors, " +
                $"but the file holds {tokens.Count}.");
        }

        if (tokens.Count == 0)
        {
            string problem = reader.LineNumber == 0 ? "is empty"
                : sawContent ? $"has a header on line {headerLine} but no vectors"
                : $"has only blank lines ({reader.LineNumber})";
            throw new InvalidDataException($"The word-vector file '{sourceName}' {problem}.");
        }

        float[] exact = values.Length == valueCount ? values : values[..valueCount];
        return new WordVectors([.. tokens], exact, dimension, index);
    }

    // A header is a first line of exactly two integers, "count dimension".
    private bool TryReadHeader(ReadOnlySpan<byte> first, ReadOnlySpan<byte> rest)
    {
        ReadOnlySpan<byte> second = NextField(ref rest);
        if (!IsInteger(first) || !IsInteger(second) || !NextField(ref rest).IsEmpty)
        {
            return false;
        }

        if (!long.TryParse(first, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture,
                out long count) || count < 0)
        {
            throw LineError($"has a header whose vector count ({Quote(first)}) is not a count from 0 " +
                $"to {long.MaxValue}");
        }

        if (!int.TryParse(second, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture,
                out int declaredDimension) || declaredDimension <= 0)
        {
            throw LineError($"has a header whose dimension ({Quote(second)}) is not a positive number " +
                $"up to {int.MaxValue}");
        }

        declaredCount = count;
        headerLine = reader.LineNumber;
        dimension = declaredDimension;
        dimensionSource = $"the header on line {reader.LineNumber} declares dimension {dimension}";
        return true;
    }

    private void ReadVector(ReadOnlySpan<byte> tokenBytes, ReadOnlySpan<byte> rest)
    {
        string token = DecodeToken(tokenBytes);
        int fieldCount = CountFields(rest);
        if (fieldCount == 0)
        {
            throw LineError($"has the token '{token}' but no values");
        }

        if (dimension == 0)
        {
            dimension = fieldCount;
            dimensionSource = $"line {reader.LineNumber}, the first vector, has {Values(dimension)}";
        }
        else if (fieldCount != dimension)
        {
            throw LineError($"has {Values(fieldCount)} for the token '{token}', but {dimensionSource}");
        }

        if (declaredCount >= 0 && tokens.Count == declaredCount)
        {
            throw LineError($"holds vector {tokens.Count + 1} ('{token}'), but the header on line " +
                $"{headerLine} declares only {declaredCount}");
        }

        if (!index.TryAdd(token, tokens.Count))
        {
            throw LineError($"repeats the token '{token}' from line {tokenLines[index[token]]}; every " +
                "token must appear once");
        }

        tokens.Add(token);
        tokenLines.Add(reader.LineNumber);
        ParseValues(token, rest);
    }

    private void ParseValues(string token, ReadOnlySpan<byte> rest)
    {
        EnsureRoomForRow();
        Span<float> row = values.AsSpan(valueCount, dimension);
        for (int i = 0; i < row.Length; i++)
        {
            ReadOnlySpan<byte> field = NextField(ref rest);
            if (!float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
            {
                throw LineError($"has {Quote(field)} as value {i + 1} of the token '{token}', which is " +
                    "not a number");
            }

            if (!float.IsFinite(value))
            {
                throw LineError($"has {Quote(field)} as value {i + 1} of the token '{token}', which is " +
                    "not a finite single-precision number");
            }

            row[i] = value;
        }

        valueCount += dimension;
    }

    // Storage grows with the rows actually read, never with what a header claims.
    private void EnsureRoomForRow()
    {
        long needed = (long)valueCount + dimension;
        if (needed <= values.Length)
        {
            return;
        }

        if (needed > Array.MaxLength)
        {
            throw LineError($"would bring the total to more than {Array.MaxLength} values, the most one " +
                "array can hold");
        }

        long grown = Math.Max((long)values.Length * 2, InitialValues);
        Array.Resize(ref values, (int)Math.Clamp(grown, needed, Array.MaxLength));
    }

    private string DecodeToken(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException exception)
        {
            throw LineError("has a token that is not valid UTF-8; the file may be in the binary " +
                "word2vec format, which is not supported", exception);
        }
    }

    private static ReadOnlySpan<byte> NextField(ref ReadOnlySpan<byte> rest)
    {
        int start = rest.IndexOfAnyExcept((byte)' ', (byte)'\t');
        if (start < 0)
        {
            rest = default;
            return default;
        }

        rest = rest[start..];
        int end = rest.IndexOfAny((byte)' ', (byte)'\t');
        if (end < 0)
        {
            end = rest.Length;
        }

        ReadOnlySpan<byte> field = rest[..end];
        rest = rest[end..];
        return field;
    }

    private static int CountFields(ReadOnlySpan<byte> rest)
    {
        int count = 0;
        while (!NextField(ref rest).IsEmpty)
        {
            count++;
        }

        return count;
    }

    private static string Values(int count) => count == 1 ? "1 value" : $"{count} values";

    private static bool IsInteger(ReadOnlySpan<byte> field)
    {
        if (field.Length > 0 && (field[0] == (byte)'-' || field[0] == (byte)'+'))
        {
            field = field[1..];
        }

        return field.Length > 0 && !field.ContainsAnyExceptInRange((byte)'0', (byte)'9');
    }

    // Quotes a field for a message, decoding invalid UTF-8 leniently and shortening long fields.
    private static string Quote(ReadOnlySpan<byte> field)
    {
        const int MaxQuotedBytes = 40;
        string text = Encoding.UTF8.GetString(field[..Math.Min(field.Length, MaxQuotedBytes)]);
        return field.Length > MaxQuotedBytes ? $"'{text}...'" : $"'{text}'";
    }

    private InvalidDataException LineError(string problem, Exception? inner = null) =>
        new($"Line {reader.LineNumber} of '{sourceName}' {problem}.", inner);
}
