using AttentionML.Attention;
using AttentionML.Persistence;
using AttentionML.Platform;
using AttentionML.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace AttentionML.Transforms;

/// <summary>The estimator's link to the training engine in <c>AttentionML.Training</c>.</summary>
internal static class SelfAttentionFitting
{
    /// <summary>Whether <c>Fit</c> trains: learned projections and at least one epoch.</summary>
    public static bool Trains(SelfAttentionOptions options) =>
        options.Projections == AttentionProjections.Learned && options.Training.Epochs > 0;

    /// <summary>The layer's weight dropout: the training option when training, else none.</summary>
    public static double LayerDropout(SelfAttentionOptions options) => Trains(options) ? options.Training.Dropout : 0.0;

    /// <summary>
    /// Says in the log why <c>Fit</c> trained nothing, so untrained projections are never a surprise.
    /// </summary>
    public static void LogNoTraining(IHost host, SelfAttentionOptions options, int seed)
    {
        using var ch = host.Start("Fit");
        if (options.Projections == AttentionProjections.Identity && options.Training.Epochs > 0)
            ch.Warning(MessageSensitivity.None,
                "Projections is Identity, which has nothing to train; Training.Epochs ({0}) is ignored.",
                options.Training.Epochs);
        else if (options.Projections == AttentionProjections.Learned)
            ch.Info(MessageSensitivity.None,
                "Learned projections are not trained (Training.Epochs is 0); they keep their initialisation " +
                "from seed {0}.", seed);
    }

    /// <summary>Checks, in schema terms, the label column that training will read.</summary>
    public static void CheckLabel(SchemaShape inputSchema, SelfAttentionOptions options)
    {
        if (!Trains(options) || options.Training.LabelColumnName is not { } name)
            return;

        var column = SchemaShapes.Find(inputSchema, name, "label");
        var scalar = column.Kind == SchemaShape.Column.VectorKind.Scalar;
        var usable = column.IsKey || column.ItemType == BooleanDataViewType.Instance
            || column.ItemType == NumberDataViewType.Single;
        if (!scalar || !usable)
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"Schema mismatch for label column '{name}': expected Boolean, key or Single, got " +
                $"{SchemaShapes.Describe(column)}.");
    }

    /// <summary>
    /// The prediction column in schema terms: class probabilities (a known-size vector) for a Boolean or key
    /// label, one Single for a Single label.
    /// </summary>
    public static SchemaShape.Column PredictionColumn(
        SchemaShape inputSchema, SelfAttentionOptions options, string name)
    {
        var label = inputSchema.First(c => c.Name == options.Training.LabelColumnName);
        return label.ItemType == NumberDataViewType.Single && !label.IsKey
            ? MlNetBridge.CreateColumn(name, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false)
            : MlNetBridge.CreateColumn(name, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false);
    }

    /// <summary>Reads the training (and validation) rows and trains <paramref name="layer"/> in place.</summary>
    public static TrainingReport Train(IHost host, SelfAttentionLayer layer, IDataView input,
        SelfAttentionOptions options, SelfAttentionSettings settings, int seed)
    {
        var training = options.Training;
        training.Validate();
        var device = DeviceSelector.Resolve(settings.Device, nameof(SelfAttentionOptions.Device));
        using var ch = host.Start("Training");
        var dimension = layer.Options.ModelDimension;
        var label = training.LabelColumnName;

        var train = TrainingDataReader.Read(input, settings.InputColumnName, dimension, settings.MaxTokens, label, ch);
        var validation = training.ValidationData is { } data
            ? TrainingDataReader.Read(
                data, settings.InputColumnName, dimension, settings.MaxTokens, label, ch, isValidation: true)
            : null;

        using var threads = TorchThreads.Use(settings.TorchThreads);
        return ProjectionTrainer.Train(layer, settings.Pooling, train, validation, training, device, seed, ch,
            keepHead: settings.PredictionColumnName is not null);
    }
}
