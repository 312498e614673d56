using AttentionML.Attention;

namespace AttentionML.Transforms;

/// <summary>
/// The resolved, non-module settings of a <see cref="SelfAttentionTransformer"/>, and their binary form.
/// </summary>
internal sealed record SelfAttentionSettings(
    string OutputColumnName,
    string InputColumnName,
    string PooledColumnName,
    string? WeightsColumnName,
    string? PredictionColumnName,
    AttentionPooling Pooling,
    int MaxTokens,
    int InferenceBatchSize,
    int? TorchThreads,
    string Device)
{
    public static SelfAttentionSettings From(SelfAttentionOptions options) => new(
        options.OutputColumnName,
        options.InputColumnName ?? options.OutputColumnName,
        options.PooledColumnName ?? options.OutputColumnName + "Pooled",
        options.WeightsColumnName,
        options.PredictionColumnName,
        options.Pooling,
        options.MaxTokens,
        options.InferenceBatchSize,
        options.TorchThreads,
        options.Device);

    public void Write(BinaryWriter writer)
    {
        writer.Write(OutputColumnName);
        writer.Write(InputColumnName);
        writer.Write(PooledColumnName);
        writer.Write(WeightsColumnName ?? "");
        writer.Write(PredictionColumnName ?? "");
        writer.Write((int)Pooling);
        writer.Write(MaxTokens);
        writer.Write(InferenceBatchSize);
        writer.Write(TorchThreads ?? 0);
        writer.Write(Device);
    }

    public static SelfAttentionSettings Read(BinaryReader reader, string source)
    {
        var settings = new SelfAttentionSettings(
            reader.ReadString(), reader.ReadString(), reader.ReadString(),
            reader.ReadString() is { Length: > 0 } w ? w : null,
            reader.ReadString() is { Length: > 0 } p ? p : null,
            (AttentionPooling)reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(),
            reader.ReadInt32() is > 0 and var t ? t : null, reader.ReadString());
        if (settings.OutputColumnName.Length == 0 || settings.InputColumnName.Length == 0
            || settings.PooledColumnName.Length == 0 || !Enum.IsDefined(settings.Pooling) || settings.MaxTokens <= 0
            || settings.InferenceBatchSize <= 0)
            throw new InvalidDataException($"{source} is corrupt: its column settings are out of range.");
        return settings;
    }
}
