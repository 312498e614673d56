using AttentionML.Attention;
using AttentionML.Platform;
using AttentionML.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace AttentionML.Transforms;

/// <summary>
/// Estimator for <see cref="SelfAttentionTransformer"/>. <c>Fit</c> builds the attention module for the input's
/// embedding size, initialises learned projections from the seed, and trains them when
/// <see cref="SelfAttentionOptions.Training"/> asks for epochs.
/// </summary>
public sealed class SelfAttentionEstimator : IEstimator<SelfAttentionTransformer>
{
    private readonly IHost _host;
    private readonly SelfAttentionOptions _options;
    private readonly SelfAttentionSettings _settings;

    internal SelfAttentionEstimator(IHostEnvironment env, SelfAttentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _host = env.Register(nameof(SelfAttentionEstimator));
        _options = options;
        _settings = SelfAttentionSettings.From(options);
        Validate();
    }

    /// <inheritdoc />
    public SelfAttentionTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        TorchRuntime.EnsureLoaded();
        var layerOptions = LayerOptions(EmbeddingDimension(input.Schema));
        var seed = _options.Training.Seed ?? _host.Rand.Next();

        var layer = new SelfAttentionLayer(layerOptions);
        PredictionHead? head = null;
        try
        {
            layer.Initialize(seed);
            if (SelfAttentionFitting.Trains(_options))
                head = SelfAttentionFitting.Train(_host, layer, input, _options, _settings, seed).Head;
            else
                SelfAttentionFitting.LogNoTraining(_host, _options, seed);

            var transformer = new SelfAttentionTransformer(_settings, layer, head);
            transformer.GetOutputSchema(input.Schema);
            return transformer;
        }
        catch
        {
            layer.Dispose();
            head?.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        SchemaShapes.CheckVectorInput(inputSchema, _settings.InputColumnName, NumberDataViewType.Single);
        SelfAttentionFitting.CheckLabel(inputSchema, _options);
        var added = new List<SchemaShape.Column>
        {
            SchemaShapes.VariableFloatVector(_settings.OutputColumnName),
            SchemaShapes.FixedFloatVectorWithSlotNames(_settings.PooledColumnName),
        };
        if (_settings.WeightsColumnName is { } weights)
            added.Add(SchemaShapes.VariableFloatVector(weights));
        if (_settings.PredictionColumnName is { } prediction)
            added.Add(SelfAttentionFitting.PredictionColumn(inputSchema, _options, prediction));
        return SchemaShapes.Append(inputSchema, [.. added]);
    }

    private int EmbeddingDimension(DataViewSchema schema)
    {
        var name = _settings.InputColumnName;
        if (schema.GetColumnOrNull(name) is not { } column)
            throw new ArgumentOutOfRangeException(nameof(schema), $"Could not find input column '{name}'.");
        if (column.Type is not VectorDataViewType vector || vector.ItemType != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"Schema mismatch for input column '{name}': expected Vector<Single>, got {column.Type}.");

        var declared = vector.Dimensions.Length == 2 && vector.Dimensions[1] > 0 ? vector.Dimensions[1] : (int?)null;
        if (_options.EmbeddingDimension is { } requested)
        {
            if (declared is { } d && d != requested)
                throw new ArgumentException(
                    $"EmbeddingDimension ({requested}) differs from the {d} that column '{name}' declares.", "options");
            return requested;
        }

        return declared ?? throw new ArgumentException(
            $"Column '{name}' ({column.Type}) does not declare its token-embedding size as [tokens, d]; set " +
            "SelfAttentionOptions.EmbeddingDimension.", "options");
    }

    private SelfAttentionLayerOptions LayerOptions(int dimension)
    {
        if (_options.Projections == AttentionProjections.Identity && _options.OutputDimension is { } size
            && size != dimension)
            throw new ArgumentException(
                $"OutputDimension ({size}) differs from the embedding dimension ({dimension}), which needs " +
                "learned projections; Projections is Identity.", "options");

        var layerOptions = new SelfAttentionLayerOptions
        {
            ModelDimension = dimension,
            NumHeads = _options.NumHeads,
            Projections = _options.Projections,
            ProjectionBias = _options.ProjectionBias,
            OutputProjection = _options.OutputDimension is { } o && o != dimension,
            OutputDimension = _options.OutputDimension,
            ScaleScores = _options.ScaleScores,
            ScaleFactor = _options.ScaleFactor,
            Causal = _options.Causal,
            Dropout = SelfAttentionFitting.LayerDropout(_options),
            PositionalEncoding = _options.PositionalEncoding,
            MaxTokens = _options.MaxTokens,
        };
        try
        {
            layerOptions.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(e.Message, "options", e);
        }

        return layerOptions;
    }

    private void Validate()
    {
        if (string.IsNullOrWhiteSpace(_options.OutputColumnName))
            throw new ArgumentException("OutputColumnName must name the column to add.", "options");
        if (_options.MaxTokens <= 0)
            throw new ArgumentOutOfRangeException("options", $"MaxTokens ({_options.MaxTokens}) must be positive.");
        if (_options.InferenceBatchSize <= 0)
            throw new ArgumentOutOfRangeException("options",
                $"InferenceBatchSize ({_options.InferenceBatchSize}) must be positive.");
        if (_options.TorchThreads is <= 0)
            throw new ArgumentOutOfRangeException("options",
                $"TorchThreads ({_options.TorchThreads}) must be positive.");
        if (_options.EmbeddingDimension is <= 0)
            throw new ArgumentOutOfRangeException("options",
                $"EmbeddingDimension ({_options.EmbeddingDimension}) must be positive.");
        var names = new[]
            {
                _settings.OutputColumnName, _settings.PooledColumnName, _settings.WeightsColumnName,
                _settings.PredictionColumnName,
            }
            .Where(n => n is not null).ToList();
        if (names.Distinct().Count() != names.Count)
            throw new ArgumentException(
                "The output, pooled and weights columns must have different names; " +
                $"they are '{string.Join("', '", names)}'.",
                "options");
        if (_options.PredictionColumnName is not null
            && (!SelfAttentionFitting.Trains(_options) || _options.Training.LabelColumnName is null))
            throw new ArgumentException(
                $"PredictionColumnName ('{_options.PredictionColumnName}') needs a trained head: learned " +
                "projections, Training.LabelColumnName and Training.Epochs above 0.", "options");
        if (_options.NumHeads <= 0)
            throw new ArgumentOutOfRangeException("options", $"NumHeads ({_options.NumHeads}) must be positive.");
        if (_options.EmbeddingDimension is { } d && d % _options.NumHeads != 0)
            throw new ArgumentException(
                $"EmbeddingDimension ({d}) must be divisible by NumHeads ({_options.NumHeads}).", "options");
    }
}
