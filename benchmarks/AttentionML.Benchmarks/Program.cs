// Measures, side by side in one run: batched Transform against one row per forward pass and against a
// PredictionEngine; the fused kernel against the path that also returns weights; torch thread counts; and
// memory while scoring growing numbers of rows. Prints a markdown report (and writes it to the path given
// as the first argument, if any).
using System.Diagnostics;
using System.Globalization;
using System.Text;
using AttentionML;
using AttentionML.Benchmarks;
using AttentionML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var quick = args.Contains("--quick");
var report = new StringBuilder();
void Line(string text = "")
{
    Console.WriteLine(text);
    report.AppendLine(text);
}

Line($"# AttentionML benchmarks ({DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, " +
     $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, TorchSharp CPU)");
Line();
Line("Rows/s are medians of 5 timed passes after a warm-up pass; each configuration's paths run back to back.");
Line();
Line("## Batched Transform against single rows");
Line();
Line("The module column runs the layer alone on ready-made padded tensors of the same rows (no ML.NET, no copies), " +
     "to show what the pipeline around it costs.");
Line();
Line("| d | heads | tokens | torch threads | module alone rows/s | batched (64) rows/s | batch of 1 rows/s | " +
     "PredictionEngine rows/s | batched / batch-of-1 | batched / engine | batched / module |");
Line("|---|---|---|---|---|---|---|---|---|---|---|");
var rows = quick ? 1024 : 4096;
foreach (var (d, heads, tokens) in new[] { (50, 1, 12), (64, 4, 24) })
{
    foreach (var threads in new[] { 1, 2 })
    {
        torch.set_num_threads(threads);
        var ml = new MLContext(seed: 1);
        var data = Workload.Embeddings(ml, rows, tokens, d);
        var batched = Workload.RowsPerSecond(
            () => Workload.Fit(ml, data, d, heads, batchSize: 64, weights: false), data);
        var single = Workload.RowsPerSecond(() => Workload.Fit(ml, data, d, heads, batchSize: 1, weights: false), data);
        var engine = Workload.EngineRowsPerSecond(
            ml, Workload.Fit(ml, data, d, heads, 64, false), data, Math.Min(rows, 1024));
        var module = Workload.ModuleRowsPerSecond(Workload.Fit(ml, data, d, heads, 64, false), data);
        Line($"| {d} | {heads} | {tokens} | {threads} | {module:N0} | {batched:N0} | {single:N0} | {engine:N0} | " +
             $"{batched / single:F1}x | {batched / engine:F1}x | {batched / module:F2}x |");
    }
}

torch.set_num_threads(1);
Line();
Line("## Fused kernel (no weights column) against the explicit path (weights column read)");
Line();
Line("| d | heads | tokens | fused rows/s | with weights rows/s | fused / explicit |");
Line("|---|---|---|---|---|---|");
foreach (var (d, heads, tokens) in new[] { (50, 1, 12), (64, 4, 24), (64, 4, 64) })
{
    var ml = new MLContext(seed: 1);
    var data = Workload.Embeddings(ml, rows, tokens, d);
    var fused = Workload.RowsPerSecond(() => Workload.Fit(ml, data, d, heads, 64, weights: false), data);
    var explicitPath = Workload.RowsPerSecond(
        () => Workload.Fit(ml, data, d, heads, 64, weights: true), data, "Weights");
    Line($"| {d} | {heads} | {tokens} | {fused:N0} | {explicitPath:N0} | {fused / explicitPath:F2}x |");
}

Line();
Line("## Memory while scoring (d = 64, 4 heads, 24 tokens, batches of 64, one cursor over all rows)");
Line();
Line("| rows scored | managed heap after (MB) | process working set (MB) | peak working set (MB) |");
Line("|---|---|---|---|");
{
    var ml = new MLContext(seed: 1);
    var counts = quick ? new[] { 2_000, 8_000, 32_000 } : new[] { 10_000, 50_000, 200_000 };
    var model = Workload.Fit(ml, Workload.Embeddings(ml, 16, 24, 64), 64, 4, 64, false);
    foreach (var count in counts)
    {
        var data = Workload.StreamingEmbeddings(ml, count, 24, 64);
        Workload.ScoreAll(model.Transform(data), "Context");
        var process = Process.GetCurrentProcess();
        GC.Collect();
        Line($"| {count:N0} | {GC.GetTotalMemory(true) / 1e6:F1} | {process.WorkingSet64 / 1e6:F0} | " +
             $"{process.PeakWorkingSet64 / 1e6:F0} |");
    }

    model.Dispose();
}

Line();
Line("## Soak: forward passes while another thread forces full garbage collections");
Line();
{
    var (calls, failures) = ScalarSoak.Run(quick ? 5_000 : 20_000);
    Line($"{calls:N0} layer calls, {failures} failures (TorchSharp's implicitly converted scalars are freed by the " +
         "finalizer; the library keeps its own alive).");
}

if (args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) is { } path)
    File.WriteAllText(path, report.ToString());
