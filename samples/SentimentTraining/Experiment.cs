using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace SentimentTraining;

/// <summary>Fits a feature pipeline plus the shared classifier on the training rows; scores the test rows.</summary>
internal static class Experiment
{
    public static ExperimentResult Run(
        MLContext ml, string name, IEstimator<ITransformer> features, IDataView train, IDataView test)
    {
        Console.WriteLine($"== {name}");
        var pipeline = features
            .AppendCacheCheckpoint(ml)
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(
                labelColumnName: "Label", featureColumnName: "Features"));

        var clock = Stopwatch.StartNew();
        var model = pipeline.Fit(train);
        var fitTime = clock.Elapsed;
        try
        {
            var scored = model.Transform(test);
            var metrics = ml.BinaryClassification.Evaluate(scored, labelColumnName: "Label");
            var dimension = scored.Schema["Features"].Type is VectorDataViewType vector ? vector.Size : 1;
            Console.WriteLine(
                $"   accuracy {metrics.Accuracy:F4}, AUC {metrics.AreaUnderRocCurve:F4}, " +
                $"F1 {metrics.F1Score:F4}, fit {fitTime.TotalSeconds:F1} s");
            Console.WriteLine();
            return new ExperimentResult(
                name, dimension, metrics.Accuracy, metrics.AreaUnderRocCurve, metrics.F1Score, fitTime);
        }
        finally
        {
            (model as IDisposable)?.Dispose();
        }
    }
}
