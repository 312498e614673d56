namespace SentimentTraining;

/// <summary>What one feature pipeline scored on the held-out rows.</summary>
/// <param name="Features">What the classifier's feature vector is.</param>
/// <param name="Dimension">The feature vector's length.</param>
/// <param name="Accuracy">The share of test rows classified correctly.</param>
/// <param name="Auc">The area under the ROC curve on the test rows.</param>
/// <param name="F1">The F1 score of the positive class on the test rows.</param>
/// <param name="FitTime">The wall-clock time of <c>Fit</c>: featurization, attention training, classifier.</param>
internal sealed record ExperimentResult(
    string Features, int Dimension, double Accuracy, double Auc, double F1, TimeSpan FitTime);
