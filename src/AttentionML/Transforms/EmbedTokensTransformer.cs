using AttentionML.Embeddings;
using AttentionML.Persistence;
using AttentionML.Pipeline;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace AttentionML.Transforms;

/// <summary>
/// Adds a row-major <c>[tokens, d]</c> embedding matrix column, <c>Vector&lt;Single, *, d&gt;</c>, for a token
/// column. Created by <see cref="EmbedTokensEstimator"/>; lazy, row-to-row, and saved with ML.NET models.
/// </summary>
public sealed class EmbedTokensTransformer : ITransformer, ICanSaveModel
{
    internal const string LoaderSignature = "AttentionMLEmbedTokens";
    internal const string ModelSignature = "ATTEMBED";
    internal const uint FormatVersion = 1;
    private const string Kind = "EmbedTokens";

    private readonly EmbedTokensMapping _mapping;

    internal EmbedTokensTransformer(string outputColumnName, string inputColumnName,
        WordVectors vectors, UnknownTokenHandling unknownTokens, bool ignoreCase, int maxTokens)
    {
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        WordVectors = vectors;
        UnknownTokens = unknownTokens;
        IgnoreCaseFallback = ignoreCase;
        MaxTokens = maxTokens;
        _mapping = new EmbedTokensMapping(
            outputColumnName, inputColumnName, vectors, unknownTokens, ignoreCase, maxTokens);
    }

    /// <summary>The embedding column this transformer adds.</summary>
    public string OutputColumnName { get; }

    /// <summary>The token column it reads.</summary>
    public string InputColumnName { get; }

    /// <summary>The vocabulary and its vectors.</summary>
    public WordVectors WordVectors { get; }

    /// <summary>What a token without a vector becomes.</summary>
    public UnknownTokenHandling UnknownTokens { get; }

    /// <summary>Whether unmatched tokens are looked up again ignoring case.</summary>
    public bool IgnoreCaseFallback { get; }

    /// <summary>The most tokens kept per row.</summary>
    public int MaxTokens { get; }

    /// <summary>True: <c>PredictionEngine</c> can map single rows.</summary>
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _mapping.OutputSchema(inputSchema);

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new MappedDataView<ReadOnlyMemory<char>>(input, _mapping);
    }

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        new MappedRowToRowMapper<ReadOnlyMemory<char>>(inputSchema, _mapping);

    /// <summary>Writes this transformer in AttentionML's own format, with public API only.</summary>
    /// <param name="stream">A writable stream; it is left open.</param>
    public void SaveTo(Stream stream) => ModelEnvelope.Write(stream, Kind, WriteState);

    /// <summary>Reads a transformer written by <see cref="SaveTo"/>.</summary>
    /// <param name="mlContext">The context the transformer will run in.</param>
    /// <param name="stream">A readable stream positioned at the model.</param>
    /// <exception cref="InvalidDataException">The stream is not an intact EmbedTokens model.</exception>
    public static EmbedTokensTransformer Load(MLContext mlContext, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return LoadCore(stream);
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        MlNetBridge.SaveModel(ctx, ModelSignature, FormatVersion, LoaderSignature, typeof(EmbedTokensTransformer),
            writer => SaveTo(writer.BaseStream));

    internal static void RegisterLoader(IHostEnvironment env) =>
        MlNetBridge.RegisterLoader(env, typeof(EmbedTokensTransformer), ModelSignature, FormatVersion, LoaderSignature,
            (_, reader) => LoadCore(reader.BaseStream));

    private static EmbedTokensTransformer LoadCore(Stream stream)
    {
        using var reader = ModelEnvelope.Read(stream, Kind, "The EmbedTokens model");
        try
        {
            var output = reader.ReadString();
            var input = reader.ReadString();
            var unknown = (UnknownTokenHandling)reader.ReadInt32();
            var ignoreCase = reader.ReadBoolean();
            var maxTokens = reader.ReadInt32();
            if (!Enum.IsDefined(unknown) || maxTokens <= 0 || output.Length == 0 || input.Length == 0)
                throw new InvalidDataException("The EmbedTokens model is corrupt: its settings are out of range.");
            var vectors = WordVectors.Read(reader, reader.BaseStream.Length - reader.BaseStream.Position);
            return new EmbedTokensTransformer(output, input, vectors, unknown, ignoreCase, maxTokens);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The EmbedTokens model is truncated.", e);
        }
    }

    private void WriteState(BinaryWriter writer)
    {
        writer.Write(OutputColumnName);
        writer.Write(InputColumnName);
        writer.Write((int)UnknownTokens);
        writer.Write(IgnoreCaseFallback);
        writer.Write(MaxTokens);
        WordVectors.Write(writer);
    }
}
