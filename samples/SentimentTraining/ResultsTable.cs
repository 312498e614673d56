using System.Globalization;
using System.Text;

namespace SentimentTraining;

/// <summary>Writes the results as a markdown table followed by notes, ready to paste into a README.</summary>
internal static class ResultsTable
{
    public static string Markdown(IReadOnlyList<ExperimentResult> results, IEnumerable<string> notes)
    {
        var text = new StringBuilder();
        text.AppendLine("| Features for the logistic regression | Size | Accuracy | AUC | F1 | Fit time |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Features} | {r.Dimension:N0} | {r.Accuracy:F4} | {r.Auc:F4} | {r.F1:F4} | " +
                $"{r.FitTime.TotalSeconds:F1} s |"));
        }

        text.AppendLine();
        foreach (var note in notes)
            text.AppendLine($"- {note}");
        return text.ToString();
    }
}
