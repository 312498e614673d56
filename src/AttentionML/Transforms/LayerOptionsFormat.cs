using AttentionML.Attention;

namespace AttentionML.Transforms;

/// <summary>
/// The binary form of <see cref="SelfAttentionLayerOptions"/>; reading validates before anything is built.
/// </summary>
internal static class LayerOptionsFormat
{
    // Far beyond any real layer; stops a corrupt file from describing a module too large to allocate.
    private const int MaxDimension = 1 << 16;

    public static void Write(BinaryWriter writer, SelfAttentionLayerOptions options)
    {
        writer.Write(options.ModelDimension);
        writer.Write(options.NumHeads);
        writer.Write((int)options.Projections);
        writer.Write(options.ProjectionBias);
        writer.Write(options.OutputProjection);
        writer.Write(options.OutputDimension ?? 0);
        writer.Write(options.ScaleScores);
        writer.Write(options.ScaleFactor ?? 0.0);
        writer.Write(options.Causal);
        writer.Write(options.Dropout);
        writer.Write((int)options.PositionalEncoding);
        writer.Write(options.MaxTokens);
    }

    public static SelfAttentionLayerOptions Read(BinaryReader reader, string source)
    {
        var options = new SelfAttentionLayerOptions
        {
            ModelDimension = reader.ReadInt32(),
            NumHeads = reader.ReadInt32(),
            Projections = (AttentionProjections)reader.ReadInt32(),
            ProjectionBias = reader.ReadBoolean(),
            OutputProjection = reader.ReadBoolean(),
            OutputDimension = reader.ReadInt32() is not 0 and var o ? o : null,
            ScaleScores = reader.ReadBoolean(),
            ScaleFactor = reader.ReadDouble() is not 0.0 and var s ? s : null,
            Causal = reader.ReadBoolean(),
            Dropout = reader.ReadDouble(),
            PositionalEncoding = (PositionalEncodingKind)reader.ReadInt32(),
            MaxTokens = reader.ReadInt32(),
        };
        if (options.ModelDimension > MaxDimension || options.OutputDimension > MaxDimension
            || options.MaxTokens > MaxDimension)
            throw new InvalidDataException($"{source} is corrupt: its layer sizes are beyond {MaxDimension}.");
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{source} is corrupt: {e.Message}", e);
        }

        return options;
    }
}
