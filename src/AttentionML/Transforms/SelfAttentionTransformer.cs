using TorchSharp;
using AttentionML.Attention;
using AttentionML.Persistence;
using AttentionML.Pipeline;
using AttentionML.Platform;
using AttentionML.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace AttentionML.Transforms;

/// <summary>
/// Adds self-attention columns to a token-embedding column: per-token context vectors
/// (<c>Vector&lt;Single, *, dOut&gt;</c>), a pooled <c>Vector&lt;Single, dOut&gt;</c> with slot names, and
/// optionally the attention weights (row-major <c>[heads, tokens, tokens]</c>).
/// </summary>
/// <remarks>
/// <c>Transform</c> is lazy and computes rows in padded, masked batches of <see cref="InferenceBatchSize"/>
/// through a look-ahead cursor; reading only pass-through columns computes nothing. The transformer owns the
/// TorchSharp module's native memory: dispose it (a <c>PredictionEngine</c> that owns it does so).
/// </remarks>
public sealed class SelfAttentionTransformer : ITransformer, ICanSaveModel, IDisposable
{
    internal const string LoaderSignature = "AttentionMLSelfAttention";
    internal const string ModelSignature = "ATTSELFA";
    internal const uint FormatVersion = 1;
    private const string Kind = "SelfAttention";
    private const string Source = "The SelfAttention model";

    private readonly SelfAttentionMapping _mapping;
    private bool _disposed;

    internal SelfAttentionTransformer(SelfAttentionSettings settings, SelfAttentionLayer layer, PredictionHead? head)
    {
        if ((settings.PredictionColumnName is null) != (head is null))
            throw new InvalidOperationException(
                "A prediction column needs the trained head, and a head needs a prediction column.");

        Settings = settings;
        Layer = layer;
        Head = head;
        var device = DeviceSelector.Resolve(settings.Device, nameof(SelfAttentionOptions.Device));
        Layer.eval();
        Layer.to(device);
        Head?.eval();
        Head?.to(device);
        _mapping = new SelfAttentionMapping(this, layer, head, device);
    }

    /// <summary>The per-token context column.</summary>
    public string OutputColumnName => Settings.OutputColumnName;

    /// <summary>The token-embedding column read.</summary>
    public string InputColumnName => Settings.InputColumnName;

    /// <summary>The pooled column.</summary>
    public string PooledColumnName => Settings.PooledColumnName;

    /// <summary>The weights column, or <c>null</c> when there is none.</summary>
    public string? WeightsColumnName => Settings.WeightsColumnName;

    /// <summary>The column of the training head's prediction, or <c>null</c> when there is none.</summary>
    public string? PredictionColumnName => Settings.PredictionColumnName;

    /// <summary>The size d of each token embedding.</summary>
    public int EmbeddingDimension => Layer.Options.ModelDimension;

    /// <summary>How context vectors are pooled.</summary>
    public AttentionPooling Pooling => Settings.Pooling;

    /// <summary>The most tokens of a row that attention reads.</summary>
    public int MaxTokens => Settings.MaxTokens;

    /// <summary>Rows per forward pass.</summary>
    public int InferenceBatchSize => Settings.InferenceBatchSize;

    /// <summary>Torch threads while computing, or <c>null</c> for torch's own setting.</summary>
    public int? TorchThreads => Settings.TorchThreads;

    /// <summary>The TorchSharp module (read it, don't change it while the transformer is in use).</summary>
    public SelfAttentionLayer Layer { get; }

    /// <summary>True: <c>PredictionEngine</c> can map single rows.</summary>
    public bool IsRowToRowMapper => true;

    internal SelfAttentionSettings Settings { get; }

    internal PredictionHead? Head { get; }

    internal long ForwardPasses => _mapping.ForwardPasses;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _mapping.OutputSchema(inputSchema);
    }

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(input);
        return new MappedDataView<float>(input, _mapping);
    }

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new MappedRowToRowMapper<float>(inputSchema, _mapping);
    }

    /// <summary>Writes this transformer in AttentionML's own format, with public API only.</summary>
    /// <param name="stream">A writable stream; it is left open.</param>
    public void SaveTo(Stream stream)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ModelEnvelope.Write(stream, Kind, writer =>
        {
            Settings.Write(writer);
            LayerOptionsFormat.Write(writer, Layer.Options);
            LayerState.Write(writer, Layer);
            writer.Write(Head is not null);
            Head?.Write(writer);
        });
    }

    /// <summary>Reads a transformer written by <see cref="SaveTo"/>.</summary>
    /// <param name="mlContext">The context the transformer will run in.</param>
    /// <param name="stream">A readable stream positioned at the model.</param>
    /// <exception cref="InvalidDataException">The stream is not an intact SelfAttention model.</exception>
    public static SelfAttentionTransformer Load(MLContext mlContext, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return LoadCore(mlContext, stream);
    }

    /// <summary>Frees the module's native memory. Transforms made earlier must not be read afterwards.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        Layer.Dispose();
        Head?.Dispose();
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        MlNetBridge.SaveModel(ctx, ModelSignature, FormatVersion, LoaderSignature, typeof(SelfAttentionTransformer),
            writer => SaveTo(writer.BaseStream));

    internal static void RegisterLoader(IHostEnvironment env) =>
        MlNetBridge.RegisterLoader(env, typeof(SelfAttentionTransformer), ModelSignature, FormatVersion,
            LoaderSignature, (host, reader) => LoadCore(host, reader.BaseStream));

    // A model saved on a GPU machine still loads on one without CUDA: it runs on the CPU, and the log says so.
    private static SelfAttentionSettings RunnableHere(IHostEnvironment env, SelfAttentionSettings settings)
    {
        try
        {
            DeviceSelector.Resolve(settings.Device, nameof(SelfAttentionOptions.Device));
            return settings;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            var host = env.Register(nameof(SelfAttentionTransformer));
            using var channel = host.Start("Load");
            channel.Warning(MessageSensitivity.None,
                "The model was saved for device '{0}', which is not available here; it runs on the CPU. ({1})",
                settings.Device, e.Message);
            return settings with { Device = "cpu" };
        }
    }

    private static SelfAttentionTransformer LoadCore(IHostEnvironment env, Stream stream)
    {
        TorchRuntime.EnsureLoaded();
        using var reader = ModelEnvelope.Read(stream, Kind, Source);
        SelfAttentionLayer? layer = null;
        PredictionHead? head = null;
        try
        {
            var settings = RunnableHere(env, SelfAttentionSettings.Read(reader, Source));
            layer = new SelfAttentionLayer(LayerOptionsFormat.Read(reader, Source));
            LayerState.Read(reader, layer, Source);
            head = reader.ReadBoolean() ? PredictionHead.Read(reader, Source) : null;
            if ((settings.PredictionColumnName is null) != (head is null))
                throw new InvalidDataException($"{Source} is corrupt: its prediction column and head disagree.");
            return new SelfAttentionTransformer(settings, layer, head);
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or OverflowException)
        {
            layer?.Dispose();
            head?.Dispose();
            throw new InvalidDataException($"{Source} is corrupt or truncated: {e.Message}", e);
        }
        catch
        {
            layer?.Dispose();
            head?.Dispose();
            throw;
        }
    }
}
