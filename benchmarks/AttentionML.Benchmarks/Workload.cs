using System.Diagnostics;
using AttentionML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;

namespace AttentionML.Benchmarks;

/// <summary>Synthetic embedding data, fitted transformers and the timing loops.</summary>
internal static class Workload
{
    private sealed class Row
    {
        public float[] Embeddings { get; set; } = [];
    }

    /// <summary>Rows of 1 to <paramref name="tokens"/> random tokens, materialised in memory.</summary>
    public static IDataView Embeddings(MLContext ml, int rows, int tokens, int d) =>
        ml.Data.LoadFromEnumerable(Generate(rows, tokens, d).ToList(), SchemaFor(ml, d));

    /// <summary>The same, generated while the cursor reads, so the data itself takes no memory.</summary>
    public static IDataView StreamingEmbeddings(MLContext ml, int rows, int tokens, int d) =>
        ml.Data.LoadFromEnumerable(Generate(rows, tokens, d), SchemaFor(ml, d));

    public static SelfAttentionTransformer Fit(
        MLContext ml, IDataView data, int d, int heads, int batchSize, bool weights) =>
        ml.Attention.ApplySelfAttention(new SelfAttentionOptions
        {
            OutputColumnName = "Context",
            InputColumnName = "Embeddings",
            WeightsColumnName = weights ? "Weights" : null,
            EmbeddingDimension = d,
            NumHeads = heads,
            InferenceBatchSize = batchSize,
            Training = { Seed = 1 },
        }).Fit(data);

    /// <summary>Median rows/s of five full passes reading <paramref name="column"/>, after a warm-up pass.</summary>
    public static double RowsPerSecond(
        Func<SelfAttentionTransformer> fit, IDataView data, string column = "ContextPooled")
    {
        using var model = fit();
        var output = model.Transform(data);
        ScoreAll(output, column);
        var rates = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            var count = ScoreAll(output, column);
            rates.Add(count / watch.Elapsed.TotalSeconds);
        }

        rates.Sort();
        return rates[2];
    }

    public static double EngineRowsPerSecond(MLContext ml, SelfAttentionTransformer model, IDataView data, int rows)
    {
        var inputs = ml.Data.CreateEnumerable<Row>(data, reuseRowObject: false).Take(rows).ToList();
        using var engine = ml.Model.CreatePredictionEngine<Row, Output>(model);
        foreach (var input in inputs.Take(64))
            engine.Predict(input);
        var rates = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            foreach (var input in inputs)
                engine.Predict(input);
            rates.Add(inputs.Count / watch.Elapsed.TotalSeconds);
        }

        rates.Sort();
        return rates[2];
    }

    /// <summary>
    /// Median rows/s of the layer alone: the same rows, padded into batches of 64 once, beforehand, then five
    /// timed passes of ForwardContext and mean pooling under inference mode.
    /// </summary>
    public static double ModuleRowsPerSecond(SelfAttentionTransformer model, IDataView data)
    {
        using var owner = model;
        var matrices = data.GetColumn<float[]>("Embeddings").ToList();
        var d = model.EmbeddingDimension;
        var batches = new List<(torch.Tensor Input, torch.Tensor Mask)>();
        for (var start = 0; start < matrices.Count; start += 64)
        {
            var rows = matrices.Skip(start).Take(64).ToList();
            var longest = rows.Max(r => r.Length / d);
            var values = new float[rows.Count * longest * d];
            var mask = new bool[rows.Count * longest];
            for (var r = 0; r < rows.Count; r++)
            {
                rows[r].CopyTo(values, r * longest * d);
                mask.AsSpan(r * longest, rows[r].Length / d).Fill(true);
            }

            batches.Add((torch.tensor(values, [rows.Count, longest, d]), torch.tensor(mask, [rows.Count, longest])));
        }

        void Pass()
        {
            using var inference = torch.inference_mode();
            foreach (var (input, mask) in batches)
            {
                using var scope = torch.NewDisposeScope();
                var context = model.Layer.ForwardContext(input, mask);
                Attention.ContextPooling.Pool(context, mask, Attention.AttentionPooling.Mean).data<float>().ToArray();
            }
        }

        Pass();
        var rates = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            Pass();
            rates.Add(matrices.Count / watch.Elapsed.TotalSeconds);
        }

        foreach (var (input, mask) in batches)
        {
            input.Dispose();
            mask.Dispose();
        }

        rates.Sort();
        return rates[2];
    }

    public static long ScoreAll(IDataView output, string column)
    {
        using var cursor = output.GetRowCursor([output.Schema[column]]);
        var getter = cursor.GetGetter<VBuffer<float>>(output.Schema[column]);
        VBuffer<float> value = default;
        long count = 0;
        while (cursor.MoveNext())
        {
            getter(ref value);
            count++;
        }

        return count;
    }

    private static SchemaDefinition SchemaFor(MLContext ml, int d)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Embeddings)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 0, d);
        return schema;
    }

    private static IEnumerable<Row> Generate(int rows, int tokens, int d)
    {
        var random = new Random(42);
        for (var r = 0; r < rows; r++)
        {
            var n = 1 + random.Next(tokens);
            var values = new float[n * d];
            for (var i = 0; i < values.Length; i++)
                values[i] = (float)(random.NextDouble() * 2 - 1);
            yield return new Row { Embeddings = values };
        }
    }

    private sealed class Output
    {
        public float[] ContextPooled { get; set; } = [];
    }
}
