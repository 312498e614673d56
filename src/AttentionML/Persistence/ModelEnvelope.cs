using System.Security.Cryptography;
using System.Text;

namespace AttentionML.Persistence;

/// <summary>
/// AttentionML's own model format, used by the transformers' public <c>SaveTo</c>/<c>Load</c> and, as the
/// payload, inside ML.NET model files: a magic number, the format version, the kind of transformer, the
/// payload's length and SHA-256, then the payload. Reading checks all of it before the payload is parsed,
/// so a truncated, corrupt or foreign file fails with <see cref="InvalidDataException"/> up front.
/// </summary>
internal static class ModelEnvelope
{
    public const int FormatVersion = 1;

    private static readonly byte[] Magic = "ATTNML\r\n"u8.ToArray();

    public static void Write(Stream stream, string kind, Action<BinaryWriter> writePayload)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        using (var payloadWriter = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
            writePayload(payloadWriter);

        var payload = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(kind);
        writer.Write(payload.Length);
        writer.Write(SHA256.HashData(payload));
        writer.Write(payload);
    }

    /// <summary>
    /// Reads and checks an envelope of <paramref name="kind"/> and returns a reader over its payload.
    /// </summary>
    /// <exception cref="InvalidDataException">The stream is not a complete, intact model of that kind.</exception>
    public static BinaryReader Read(Stream stream, string kind, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var magic = ReadExactly(stream, Magic.Length, source, "header");
        if (!magic.AsSpan().SequenceEqual(Magic))
            throw new InvalidDataException(
                $"{source} is not an AttentionML model: its first bytes are not the format's magic number.");

        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var version = ReadInt(reader, source);
        if (version != FormatVersion)
            throw new InvalidDataException(
                $"{source} has AttentionML model format version {version}; " +
                $"this library reads version {FormatVersion}.");
        var storedKind = ReadString(reader, source);
        if (storedKind != kind)
            throw new InvalidDataException($"{source} holds a '{storedKind}' model, not a '{kind}' model.");

        var length = ReadInt(reader, source);
        if (length < 0 || (stream.CanSeek && length > stream.Length - stream.Position))
            throw new InvalidDataException(
                $"{source} is corrupt or truncated: it claims a {length}-byte payload that the file does not hold.");
        var hash = ReadExactly(stream, 32, source, "checksum");
        var payload = ReadExactly(stream, length, source, "payload");
        if (!SHA256.HashData(payload).AsSpan().SequenceEqual(hash))
            throw new InvalidDataException($"{source} is corrupt: its payload does not match its SHA-256 checksum.");

        return new BinaryReader(new MemoryStream(payload, writable: false), Encoding.UTF8);
    }

    private static int ReadInt(BinaryReader reader, string source)
    {
        try
        {
            return reader.ReadInt32();
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{source} is truncated: it ends inside the model header.", e);
        }
    }

    private static string ReadString(BinaryReader reader, string source)
    {
        try
        {
            var text = reader.ReadString();
            if (text.Length > 64)
                throw new InvalidDataException(
                    $"{source} is corrupt: its model kind is {text.Length} characters long.");
            return text;
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or DecoderFallbackException)
        {
            throw new InvalidDataException($"{source} is corrupt or truncated: its model kind cannot be read.", e);
        }
    }

    private static byte[] ReadExactly(Stream stream, int count, string source, string part)
    {
        var bytes = StreamReading.ReadUpTo(stream, count);
        return bytes.Length == count
            ? bytes
            : throw new InvalidDataException($"{source} is truncated: it ends inside the model {part}.");
    }
}
