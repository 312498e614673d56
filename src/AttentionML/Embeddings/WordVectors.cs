using System.Text;

namespace AttentionML.Embeddings;

/// <summary>
/// An immutable vocabulary of pre-trained word vectors (GloVe, word2vec, fastText): every token maps
/// to one vector, and all vectors have the same <see cref="Dimension"/>.
/// </summary>
/// <remarks>
/// <para>The vectors are stored in one contiguous array, row-major as <c>[Count, Dimension]</c>. A
/// token's row index is its position in <see cref="Tokens"/>: file order for <see cref="Load(string)"/>,
/// enumeration order for <see cref="FromDictionary"/>.</para>
/// <para>Lookups are ordinal and case-sensitive unless asked otherwise. A case-insensitive lookup
/// first tries the exact token and then an <see cref="StringComparer.OrdinalIgnoreCase"/> index that
/// is built on first use; when several tokens differ only by case, the first one in file order wins.
/// </para>
/// <para>Instances never change after construction and are safe to share between threads.</para>
/// </remarks>
public sealed class WordVectors
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly string[] tokens;
    private readonly float[] values;
    private readonly Dictionary<string, int> index;
    private Dictionary<string, int>? ignoreCaseIndex;

    // Callers pass validated, consistent data: tokens.Length * dimension == values.Length, every token
    // unique and mapped to its position by index, every value finite.
    internal WordVectors(string[] tokens, float[] values, int dimension, Dictionary<string, int> index)
    {
        this.tokens = tokens;
        this.values = values;
        this.index = index;
        Dimension = dimension;
        Tokens = Array.AsReadOnly(tokens);
    }

    /// <summary>Gets the number of values in every vector.</summary>
    public int Dimension { get; }

    /// <summary>Gets the number of tokens, which is also the number of vectors.</summary>
    public int Count => tokens.Length;

    /// <summary>Gets the tokens in index order (file order for a loaded file).</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Builds a vocabulary from tokens and their vectors.</summary>
    /// <param name="vectors">
    /// The vectors by token. Enumeration order becomes index order. Values are copied, so later changes
    /// to the arrays do not affect the result.
    /// </param>
    /// <returns>A vocabulary holding a copy of every vector.</returns>
    /// <exception cref="ArgumentNullException">
    /// <paramref name="vectors"/> is <see langword="null"/>.
    /// </exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="vectors"/> is empty; or a token is null, empty, repeated or not valid Unicode text;
    /// or a vector is null or empty, has a different length than the first, or holds NaN or an infinity.
    /// </exception>
    public static WordVectors FromDictionary(IReadOnlyDictionary<string, float[]> vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Count == 0)
        {
            throw new ArgumentException(
                "vectors is empty; a word-vector vocabulary needs at least one token.", nameof(vectors));
        }

        var tokens = new List<string>(vectors.Count);
        var values = new List<float>();
        var index = new Dictionary<string, int>(vectors.Count, StringComparer.Ordinal);
        int dimension = 0;
        foreach (KeyValuePair<string, float[]> pair in vectors)
        {
            string token = ValidateToken(pair.Key, tokens.Count);
            dimension = ValidateVector(token, pair.Value, dimension);
            if (!index.TryAdd(token, tokens.Count))
            {
                throw new ArgumentException(
                    $"vectors holds the token '{token}' twice; every token must be unique.", nameof(vectors));
            }

            tokens.Add(token);
            values.AddRange(pair.Value);
        }

        return new WordVectors([.. tokens], [.. values], dimension, index);
    }

    /// <summary>Loads word vectors from a text file in GloVe or word2vec/fastText text format.</summary>
    /// <param name="path">The path of the file.</param>
    /// <returns>The vocabulary, in file order.</returns>
    /// <remarks>See <see cref="Load(Stream, string)"/> for the accepted format.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="FileNotFoundException">No file exists at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not a valid word-vector file; the message names the file and the line.
    /// </exception>
    public static WordVectors Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
        {
            throw new ArgumentException(
                "path is empty; pass the path of a GloVe or word2vec text file.", nameof(path));
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The word-vector file '{path}' does not exist.", path);
        }

        using var stream = new FileStream(
            path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Load(stream, path);
    }

    /// <summary>Loads word vectors from a stream in GloVe or word2vec/fastText text format.</summary>
    /// <param name="stream">The stream to read to its end. It is left open.</param>
    /// <param name="sourceName">The name that error messages use for the data, such as a file name.</param>
    /// <returns>The vocabulary, in file order.</returns>
    /// <remarks>
    /// <para>Each line holds a token followed by its values: <c>token v1 v2 ... vd</c>. When the first
    /// non-blank line holds exactly two integers, it is a word2vec/fastText header <c>count dimension</c>;
    /// otherwise the file is GloVe format and the first line sets the dimension. A GloVe file whose first
    /// token is an integer with a one-dimensional integer vector is therefore read as a header.</para>
    /// <para>The text is UTF-8, with or without a byte order mark. Fields are separated by spaces or tabs,
    /// repeated or trailing; lines end in LF or CRLF; blank lines are skipped but still counted for line
    /// numbers. Other whitespace, such as U+00A0, belongs to the token, as some GloVe files require.
    /// Numbers use the invariant culture.</para>
    /// <para>Every problem is an <see cref="InvalidDataException"/> whose message names
    /// <paramref name="sourceName"/> and the 1-based line: a wrong number of values, a value that is not a
    /// number or not finite (NaN, infinities, overflow), invalid UTF-8, a token seen before (the message
    /// names both lines), a header count that differs from the lines read, or no vectors at all. A header
    /// never sizes an allocation: storage grows with the lines actually read.</para>
    /// <para>Known limitation: tokens cannot contain spaces or tabs, so word2vec files with multi-word
    /// phrases joined by spaces fail with a value-count error, and the binary word2vec format is not
    /// read. Lines longer than 64 MiB are rejected. While loading, memory for the values peaks at about
    /// three times their final size, because storage doubles as lines arrive and is trimmed at the end.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentNullException">
    /// <paramref name="stream"/> or <paramref name="sourceName"/> is <see langword="null"/>.
    /// </exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="stream"/> cannot be read, or <paramref name="sourceName"/> is empty.
    /// </exception>
    /// <exception cref="InvalidDataException">The data is not a valid word-vector file.</exception>
    public static WordVectors Load(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        if (!stream.CanRead)
        {
            throw new ArgumentException("stream cannot be read; pass a readable stream.", nameof(stream));
        }

        if (sourceName.Length == 0)
        {
            throw new ArgumentException(
                "sourceName is empty; pass a name, such as the file name, for error messages.",
                nameof(sourceName));
        }

        return new WordVectorTextParser(stream, sourceName).Parse();
    }

    /// <summary>Finds the row index of a token.</summary>
    /// <param name="token">The token to find.</param>
    /// <param name="ignoreCase">
    /// <see langword="true"/> to fall back to a case-insensitive match when there is no exact one; when
    /// several tokens differ only by case, the first one in file order wins.
    /// </param>
    /// <param name="index">The row index of the token, or -1 when it is not found.</param>
    /// <returns><see langword="true"/> when the token was found.</returns>
    /// <exception cref="ArgumentNullException">
    /// <paramref name="token"/> is <see langword="null"/>.
    /// </exception>
    public bool TryGetIndex(string token, bool ignoreCase, out int index)
    {
        ArgumentNullException.ThrowIfNull(token);
        return TryGetIndex(token.AsSpan(), ignoreCase, out index);
    }

    // The same lookup on the characters themselves, so EmbedTokens looks tokens up without a string per token.
    internal bool TryGetIndex(ReadOnlySpan<char> token, bool ignoreCase, out int index)
    {
        if (this.index.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(token, out index))
        {
            return true;
        }

        if (ignoreCase && GetIgnoreCaseIndex().GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(token, out index))
        {
            return true;
        }

        index = -1;
        return false;
    }

    /// <summary>Gets the vector at a row index.</summary>
    /// <param name="index">The row index, from 0 to <see cref="Count"/> - 1.</param>
    /// <returns>The <see cref="Dimension"/> values of the vector.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="index"/> is outside the vocabulary.
    /// </exception>
    public ReadOnlySpan<float> GetVector(int index)
    {
        if ((uint)index >= (uint)tokens.Length)
        {
            throw new ArgumentOutOfRangeException(
                nameof(index), index, $"index ({index}) must be from 0 to {tokens.Length - 1}.");
        }

        return values.AsSpan(index * Dimension, Dimension);
    }

    // The values, row-major as [Count, Dimension], for serialization.
    internal ReadOnlySpan<float> Values => values;

    /// <summary>Writes the vocabulary in the layout that <see cref="Read"/> reads.</summary>
    internal void Write(BinaryWriter writer) => WordVectorsBinaryFormat.Write(this, writer);

    /// <summary>Reads a vocabulary written by <see cref="Write"/>.</summary>
    /// <param name="reader">The reader, positioned at the start of the data.</param>
    /// <param name="remainingBytes">
    /// How many bytes are left in the stream; every count and length is checked against it before
    /// anything is allocated. The data may be followed by other bytes.
    /// </param>
    /// <exception cref="InvalidDataException">The data is corrupt or truncated.</exception>
    internal static WordVectors Read(BinaryReader reader, long remainingBytes) =>
        WordVectorsBinaryFormat.Read(reader, remainingBytes);

    private static string ValidateToken(string? token, int position)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw new ArgumentException(
                $"vectors holds a null or empty token at position {position}; every token needs text.",
                "vectors");
        }

        try
        {
            StrictUtf8.GetByteCount(token);
        }
        catch (EncoderFallbackException exception)
        {
            throw new ArgumentException(
                $"The token at position {position} contains an unpaired surrogate; tokens must be " +
                "valid Unicode text.", "vectors", exception);
        }

        return token;
    }

    private static int ValidateVector(string token, float[]? vector, int dimension)
    {
        if (vector is null || vector.Length == 0)
        {
            throw new ArgumentException(
                $"The vector for token '{token}' is null or empty; every vector needs at least one value.",
                "vectors");
        }

        if (dimension != 0 && vector.Length != dimension)
        {
            throw new ArgumentException(
                $"The vector for token '{token}' has {vector.Length} values, but the first vector has " +
                $"{dimension}.", "vectors");
        }

        for (int i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i]))
            {
                throw new ArgumentException(
                    $"The vector for token '{token}' has {vector[i]} at position {i}; every value must " +
                    "be finite.", "vectors");
            }
        }

        return vector.Length;
    }

    private Dictionary<string, int> GetIgnoreCaseIndex()
    {
        Dictionary<string, int>? existing = Volatile.Read(ref ignoreCaseIndex);
        if (existing is not null)
        {
            return existing;
        }

        // TryAdd keeps the first of several tokens that differ only by case. Two threads may both build
        // the index; they build the same one, and the first to publish it wins.
        var built = new Dictionary<string, int>(tokens.Length, StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < tokens.Length; i++)
        {
            built.TryAdd(tokens[i], i);
        }

        return Interlocked.CompareExchange(ref ignoreCaseIndex, built, null) ?? built;
    }
}
