using System.Diagnostics;
using System.Globalization;
using AttentionML.Attention;
using Microsoft.ML.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionML.Training;

/// <summary>One training run's epoch loop, once the layer and head are on the device.</summary>
internal sealed class TrainingRun(
    SelfAttentionLayer layer, TrainingObjective objective, AttentionPooling pooling, TrainingSet train,
    TrainingSet? validation, AttentionTrainingOptions options, Device device, int seed, IChannel ch)
{
    private readonly ScalarType dtype = layer.parameters().First().dtype;
    private readonly Parameter[] parameters = [.. layer.parameters(), .. objective.parameters()];

    public TrainingReport Execute(Random random)
    {
        var stepsPerEpoch = (train.Count + options.BatchSize - 1) / options.BatchSize;
        var totalSteps = (long)options.Epochs * stepsPerEpoch;
        var schedule = new LearningRateSchedule(
            options.LearningRate, totalSteps, options.WarmupFraction, options.LearningRateDecay);
        using var optimizer = CreateOptimizer();
        ch.Info(MessageSensitivity.None,
            "Training attention projections ({0}) on {1}: {2} rows ({3} tokens), {4} validation rows, {5} epochs of " +
            "{6} steps.", train.Task, device, train.Count, train.TokenCount, validation?.Count ?? 0, options.Epochs,
            stepsPerEpoch);

        var epochs = new List<EpochMetrics>();
        var order = Enumerable.Range(0, train.Count).ToArray();
        var (step, bestEpoch, bestLoss, stoppedEarly) = (0L, (int?)null, double.PositiveInfinity, false);
        WeightSnapshot? best = null;
        WeightSnapshot? bestHead = null;
        try
        {
            for (var epoch = 1; epoch <= options.Epochs && !stoppedEarly; epoch++)
            {
                var clock = Stopwatch.StartNew();
                random.Shuffle(order);
                var (loss, tokens, rate) = TrainEpoch(optimizer, schedule, order, random, epoch, ref step);
                var tokensPerSecond = tokens / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                var totals = validation is null ? null : Evaluate(validation);
                var metrics = Metrics(epoch, loss, totals, clock.Elapsed, tokensPerSecond, rate);
                epochs.Add(metrics);
                Log(metrics);
                options.Progress?.Report(metrics);

                if (totals is not null && totals.Loss < bestLoss)
                {
                    (bestLoss, bestEpoch) = (totals.Loss, epoch);
                    if (options.EarlyStoppingPatience is not null)
                    {
                        best?.Dispose();
                        bestHead?.Dispose();
                        best = WeightSnapshot.Take(layer);
                        bestHead = WeightSnapshot.Take(objective);
                    }
                }

                stoppedEarly = options.EarlyStoppingPatience is { } patience && bestEpoch is { } b
                    && epoch - b >= patience && epoch < options.Epochs;
            }

            var kept = epochs.Count;
            if (best is not null && bestEpoch != kept)
            {
                best.Restore(layer);
                bestHead!.Restore(objective);
                kept = bestEpoch!.Value;
                ch.Info(MessageSensitivity.None,
                    "Early stopping kept the weights of epoch {0} (validation loss {1}), the lowest of {2} epochs.",
                    kept, Format(bestLoss), epochs.Count);
            }

            return new TrainingReport(
                epochs, bestEpoch, kept, stoppedEarly, train.Count, validation?.Count ?? 0, train.SkippedEmptyRows);
        }
        finally
        {
            best?.Dispose();
            bestHead?.Dispose();
        }
    }

    private (double Loss, long Tokens, double LearningRate) TrainEpoch(
        AdamWOptimizer optimizer, LearningRateSchedule schedule, int[] order, Random random, int epoch, ref long step)
    {
        layer.train();
        objective.train();
        var hide = objective.HideProbability > 0 ? random : null;
        var (lossSum, weightSum, tokens, rate) = (0.0, 0L, 0L, 0.0);
        for (var start = 0; start < order.Length; start += options.BatchSize)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            rate = schedule.At(step++);

            using var scope = NewDisposeScope();
            var rows = order.AsSpan(start, Math.Min(options.BatchSize, order.Length - start));
            var batch = PaddedBatch.Create(train, rows, dtype, device, hide, objective.HideProbability);
            optimizer.ZeroGrad();
            var loss = objective.Loss(layer, pooling, batch);
            var value = loss.ToDouble();
            if (!double.IsFinite(value))
                throw new InvalidOperationException(
                    string.Create(CultureInfo.InvariantCulture,
                        $"Training diverged in epoch {epoch}: the loss of step {step} is {value}. Lower " +
                        $"LearningRate ({options.LearningRate}) or set GradientClipNorm."));

            loss.backward();
            if (options.GradientClipNorm is { } clip)
                nn.utils.clip_grad_norm_(parameters, clip);
            optimizer.Step(rate);

            var weight = objective.Weight(batch);
            lossSum += value * weight;
            weightSum += weight;
            tokens += batch.Tokens;
        }

        return (lossSum / Math.Max(1, weightSum), tokens, rate);
    }

    // The whole validation set in order, without dropout or gradients; the same tokens are hidden every epoch
    // so that validation losses of different epochs compare like with like.
    private ValidationTotals Evaluate(TrainingSet set)
    {
        layer.eval();
        objective.eval();
        using var noGrad = no_grad();
        var hide = objective.HideProbability > 0 ? new Random(unchecked(seed + 1)) : null;
        var totals = new ValidationTotals();
        var all = Enumerable.Range(0, set.Count).ToArray();
        for (var start = 0; start < all.Length; start += options.BatchSize)
        {
            using var scope = NewDisposeScope();
            var rows = all.AsSpan(start, Math.Min(options.BatchSize, all.Length - start));
            var batch = PaddedBatch.Create(set, rows, dtype, device, hide, objective.HideProbability);
            objective.Measure(layer, pooling, batch, totals);
        }

        return totals;
    }

    private EpochMetrics Metrics(
        int epoch, double loss, ValidationTotals? totals, TimeSpan elapsed, double tokensPerSecond, double rate)
    {
        double? accuracy = null, error = null;
        if (totals is not null)
        {
            var rows = Math.Max(1, totals.Rows);
            if (train.Task == TrainingTask.Classification)
                accuracy = totals.MetricSum / rows;
            else if (train.Task == TrainingTask.Regression)
                error = Math.Sqrt(totals.MetricSum / rows);
            else
                error = totals.Loss;
        }

        return new EpochMetrics(epoch, loss, totals?.Loss, accuracy, error, elapsed, tokensPerSecond, rate);
    }

    private void Log(EpochMetrics m)
    {
        var validationPart = (m.ValidationLoss, m.ValidationAccuracy, train.Task) switch
        {
            (null, _, _) => "no validation",
            (var loss, { } accuracy, _) => $"validation loss {Format(loss.Value)}, accuracy {Format(accuracy)}",
            (var loss, _, TrainingTask.Regression) =>
                $"validation loss {Format(loss.Value)}, RMSE {Format(m.ValidationError ?? double.NaN)}",
            (var loss, _, _) => $"validation loss {Format(loss.Value)}",
        };
        ch.Info(MessageSensitivity.None, "{0}", string.Create(CultureInfo.InvariantCulture,
            $"Epoch {m.Epoch}/{options.Epochs}: training loss {Format(m.TrainingLoss)}, {validationPart}, " +
            $"{m.Elapsed.TotalSeconds:F2} s, {m.TokensPerSecond:F0} tokens/s, learning rate {m.LearningRate:G3}."));
    }

    private static string Format(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    // AdamW with decoupled weight decay on weight matrices (and learned position tables) only: decaying
    // biases or the hidden-token embedding towards zero would bias them, not regularise.
    private AdamWOptimizer CreateOptimizer() =>
        new(parameters.Where(p => p.dim() >= 2), parameters.Where(p => p.dim() < 2), options.WeightDecay);
}
