using AttentionML.Attention;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionML.Training;

/// <summary>
/// Trains a <see cref="SelfAttentionLayer"/>'s learned weights (projections, output projection, learned
/// positions) through a training head, with AdamW, a warmup-and-decay schedule, gradient clipping,
/// validation and early stopping.
/// </summary>
/// <remarks>
/// <para>
/// Every random choice comes from <c>seed</c>: the head's initial weights (a private torch generator), the
/// validation split, the shuffles and the hidden tokens (one <see cref="Random"/>), and dropout (torch's global
/// generator, seeded for the run and restored afterwards). On the CPU the same seed and data therefore give
/// bit-identical weights.
/// </para>
/// <para>
/// Known limitation: dropout draws from torch's process-wide generator, so two trainings with dropout running
/// at the same time in one process (or other code drawing from that generator meanwhile) are not reproducible.
/// Set Dropout to 0, or train one model at a time, where reproducibility matters.
/// </para>
/// </remarks>
internal static class ProjectionTrainer
{
    /// <summary>Trains <paramref name="layer"/> in place and leaves it on the CPU in evaluation mode.</summary>
    /// <param name="layer">The layer to train; its Dropout applies while training only.</param>
    /// <param name="pooling">How context vectors are pooled for classification and regression heads.</param>
    /// <param name="train">The training rows.</param>
    /// <param name="validation">
    /// Rows to validate on after each epoch. When <c>null</c> and
    /// <see cref="AttentionTrainingOptions.ValidationFraction"/> is above 0, that share of <paramref name="train"/>
    /// is held out by a seeded split.
    /// </param>
    /// <param name="options">Epochs, batch size, optimiser and schedule settings; checked first.</param>
    /// <param name="device">Where training runs.</param>
    /// <param name="seed">The seed of every random choice.</param>
    /// <param name="ch">Receives one line per epoch.</param>
    /// <param name="keepHead">Whether to return a copy of the trained classification or regression head in
    /// <see cref="TrainingReport.Head"/>.</param>
    /// <exception cref="OperationCanceledException">The options' token was cancelled; the layer is then left
    /// partly trained, on the CPU.</exception>
    /// <exception cref="InvalidOperationException">The loss became NaN or infinite.</exception>
    public static TrainingReport Train(
        SelfAttentionLayer layer, AttentionPooling pooling, TrainingSet train, TrainingSet? validation,
        AttentionTrainingOptions options, Device device, int seed, IChannel ch, bool keepHead = false)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(ch);
        options.ValidateRanges();
        CheckFits(layer, train, validation);

        var random = new Random(seed);
        if (validation is null && options.ValidationFraction > 0)
            (train, validation) = train.Split(options.ValidationFraction, random);
        if (options.EarlyStoppingPatience is { } patience && validation is null)
            throw new ArgumentException(
                $"EarlyStoppingPatience ({patience}) needs validation data, but none was given and " +
                "ValidationFraction is 0.",
                nameof(validation));
        if (options.Epochs == 0)
            return Untrained(train, validation);
        if (!layer.parameters().Any())
        {
            ch.Warning(MessageSensitivity.None,
                "The attention layer has no learned weights (identity projections, no learned positions); " +
                "training was skipped.");
            return Untrained(train, validation);
        }

        // Creating the head's linear layers draws from torch's global generator, so its state is saved first.
        using var globalState = torch.random.get_rng_state();
        try
        {
            using var generator = new Generator(unchecked((ulong)seed));
            using var objective = TrainingObjective.Create(train, layer.Options.ContextDimension, generator);
            torch.random.manual_seed(seed);
            if (device.type == DeviceType.CUDA)
                cuda.manual_seed_all(seed);

            layer.to(device);
            objective.to(layer.parameters().First().dtype).to(device);
            var run = new TrainingRun(layer, objective, pooling, train, validation, options, device, seed, ch);
            var report = run.Execute(random);
            return keepHead ? report with { Head = objective.ToPredictionHead() } : report;
        }
        finally
        {
            layer.eval();
            layer.to(CPU);
            torch.random.set_rng_state(globalState);
        }
    }

    private static TrainingReport Untrained(TrainingSet train, TrainingSet? validation) =>
        new([], null, null, false, train.Count, validation?.Count ?? 0, train.SkippedEmptyRows);

    private static void CheckFits(SelfAttentionLayer layer, TrainingSet train, TrainingSet? validation)
    {
        var dimension = layer.Options.ModelDimension;
        if (train.Dimension != dimension)
            throw new ArgumentException(
                $"The training rows have {train.Dimension}-dimensional embeddings, but the layer expects {dimension}.",
                nameof(train));
        if (validation is null)
            return;
        if (validation.Dimension != dimension || validation.Task != train.Task
            || validation.ClassCount != train.ClassCount)
            throw new ArgumentException(
                $"The validation rows ({validation.Task}, {validation.Dimension} dimensions, {validation.ClassCount} " +
                $"classes) do not match the training rows ({train.Task}, {train.Dimension} dimensions, " +
                $"{train.ClassCount} classes).", nameof(validation));
    }
}
