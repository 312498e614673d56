using System.Diagnostics;
using System.Globalization;
using AttentionML.Attention;
using AttentionML.Transforms;
using Microsoft.ML;
using static AttentionML.Tests.Transforms.PipelineFixtures;

namespace AttentionML.Tests.Transforms;

public sealed class PersistenceTests : IDisposable
{
    private static readonly string[] Texts3 = ["the cat sat", "sat the cat cat", "the"];
    private readonly string _folder = Directory.CreateTempSubdirectory("attentionml-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ModelSaveLoad_FreshContext_GivesIdenticalOutputs()
    {
        var (model, data, path) = SavedPipeline(LearnedWithPositions);

        var fresh = new MLContext(seed: 77);
        fresh.Attention.RegisterModelLoaders();
        var loaded = fresh.Model.Load(path, out var schema);

        foreach (var column in new[] { "Context", "ContextPooled", "Weights" })
            Assert.Equal(
                ReadColumn(model.Transform(data), column),
                ReadColumn(loaded.Transform(Texts(fresh, Texts3)), column));
        Assert.Equal("Text", schema[0].Name);
    }

    [Fact]
    public void ModelLoad_SeparateProcess_GivesIdenticalOutputs()
    {
        var (model, data, path) = SavedPipeline(LearnedWithPositions);
        var expected = ReadColumn(model.Transform(data), "Context");

        var lines = RunModelCheck(path, "Context", Texts3);

        Assert.Equal(Texts3.Length, lines.Length);
        for (var row = 0; row < lines.Length; row++)
        {
            var values = lines[row].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(expected[row], values);
        }
    }

    [Fact]
    public void SaveToLoad_Stream_RoundTripsBothTransformers()
    {
        var ml = new MLContext(seed: 2);
        var data = Texts(ml, Texts3);
        var tokens = ml.Transforms.Text.TokenizeIntoWords("Tokens", "Text").Fit(data).Transform(data);
        var embed = ml.Attention.EmbedTokens("Embeddings", "Tokens", ExampleVectors).Fit(tokens);
        var embedded = embed.Transform(tokens);
        using var attention = ml.Attention.ApplySelfAttention(new SelfAttentionOptions
        {
            OutputColumnName = "Context", InputColumnName = "Embeddings", NumHeads = 2, OutputDimension = 3,
        }).Fit(embedded);
        using var embedStream = new MemoryStream();
        using var attentionStream = new MemoryStream();

        embed.SaveTo(embedStream);
        attention.SaveTo(attentionStream);
        embedStream.Position = 0;
        attentionStream.Position = 0;
        var embedLoaded = EmbedTokensTransformer.Load(ml, embedStream);
        using var attentionLoaded = SelfAttentionTransformer.Load(ml, attentionStream);

        var reEmbedded = embedLoaded.Transform(tokens);
        Assert.Equal(ReadColumn(embedded, "Embeddings"), ReadColumn(reEmbedded, "Embeddings"));
        Assert.Equal(ReadColumn(attention.Transform(embedded), "ContextPooled"),
            ReadColumn(attentionLoaded.Transform(reEmbedded), "ContextPooled"));
        Assert.Equal(3, ReadColumn(attentionLoaded.Transform(reEmbedded), "ContextPooled")[0].Length);
    }

    [Fact]
    public void Load_EveryTruncation_ThrowsInvalidData()
    {
        var bytes = SavedAttention();

        for (var length = 0; length < bytes.Length; length += Math.Max(1, length / 8))
        {
            using var stream = new MemoryStream(bytes, 0, length);
            Assert.Throws<InvalidDataException>(() => SelfAttentionTransformer.Load(new MLContext(), stream));
        }
    }

    [Fact]
    public void Load_FlippedPayloadByte_ThrowsChecksumError()
    {
        var bytes = SavedAttention();
        bytes[^5] ^= 0x5A;

        using var stream = new MemoryStream(bytes);
        var error = Assert.Throws<InvalidDataException>(() => SelfAttentionTransformer.Load(new MLContext(), stream));

        Assert.Contains("SHA-256", error.Message);
    }

    [Fact]
    public void Load_ForeignOrWrongKindFile_ThrowsNamingTheProblem()
    {
        var ml = new MLContext();
        using var foreign = new MemoryStream("PK\u0003\u0004 this is a zip or something else"u8.ToArray());
        using var embedStream = new MemoryStream();
        ml.Attention.EmbedTokens("E", "T", ExampleVectors).Fit(Texts(ml, "x")
            .Let(d => ml.Transforms.Text.TokenizeIntoWords("T", "Text").Fit(d).Transform(d))).SaveTo(embedStream);
        embedStream.Position = 0;

        var notOurs = Assert.Throws<InvalidDataException>(() => SelfAttentionTransformer.Load(ml, foreign));
        var wrongKind = Assert.Throws<InvalidDataException>(() => SelfAttentionTransformer.Load(ml, embedStream));

        Assert.Contains("not an AttentionML model", notOurs.Message);
        Assert.Contains("'EmbedTokens' model", wrongKind.Message);
    }

    [Fact]
    public void ModelLoad_CorruptZipEntry_ThrowsInsteadOfCrashing()
    {
        var (_, _, path) = SavedPipeline(configure: null);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var fresh = new MLContext();
        fresh.Attention.RegisterModelLoaders();

        Assert.ThrowsAny<Exception>(() => fresh.Model.Load(path, out _));
    }

    [AttentionML.Tests.Platform.NoCudaFact]
    public void Load_ModelSavedForCudaOnCpuOnlyMachine_RunsOnCpuAndSaysSo()
    {
        using var layer = new SelfAttentionLayer(new SelfAttentionLayerOptions { ModelDimension = 2 });
        layer.Initialize(1);
        var settings = new SelfAttentionSettings("Context", "Embeddings", "ContextPooled", null, null,
            AttentionPooling.Mean, MaxTokens: 16, InferenceBatchSize: 8, TorchThreads: null, Device: "cuda");
        using var stream = new MemoryStream();
        AttentionML.Persistence.ModelEnvelope.Write(stream, "SelfAttention", writer =>
        {
            settings.Write(writer);
            LayerOptionsFormat.Write(writer, layer.Options);
            AttentionML.Persistence.LayerState.Write(writer, layer);
            writer.Write(false); // no prediction head
        });
        stream.Position = 0;
        var ml = new MLContext();
        var warnings = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Warning)
                warnings.Add(e.Message);
        };

        using var loaded = SelfAttentionTransformer.Load(ml, stream);

        Assert.Equal("cpu", loaded.Settings.Device);
        Assert.Contains(warnings, w => w.Contains("saved for device 'cuda'", StringComparison.Ordinal));
    }

    // Fits the example pipeline on Texts3 and saves it with ML.NET into this test's folder.
    private (ITransformer Model, IDataView Data, string Path) SavedPipeline(Action<SelfAttentionOptions>? configure)
    {
        var ml = new MLContext(seed: 9);
        var data = Texts(ml, Texts3);
        var model = BuildPipeline(ml, ExampleVectors, configure).Fit(data);
        var path = Path.Combine(_folder, "model.zip");
        ml.Model.Save(model, data.Schema, path);
        return (model, data, path);
    }

    private static void LearnedWithPositions(SelfAttentionOptions options)
    {
        options.NumHeads = 2;
        options.PositionalEncoding = PositionalEncodingKind.Learned;
        options.MaxTokens = 16;
    }

    private static byte[] SavedAttention()
    {
        var ml = new MLContext(seed: 4);
        var data = Texts(ml, Texts3);
        var model = BuildPipeline(ml, ExampleVectors, LearnedWithPositions).Fit(data);
        using var stream = new MemoryStream();
        ((SelfAttentionTransformer)model.LastTransformer()).SaveTo(stream);
        return stream.ToArray();
    }

    private static string[] RunModelCheck(string modelPath, string column, string[] texts)
    {
        var testDirectory = AppContext.BaseDirectory;
        var configuration = new DirectoryInfo(testDirectory).Parent!.Name;
        var checkDll = Path.GetFullPath(Path.Combine(testDirectory, "..", "..", "..", "..", "AttentionML.ModelCheck",
            "bin", configuration, "net10.0", "AttentionML.ModelCheck.dll"));
        Assert.True(File.Exists(checkDll), $"{checkDll} is missing: build the solution first.");

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "exec", checkDll, modelPath, column }.Concat(texts))
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the model-check process did not finish");
        Assert.True(process.ExitCode == 0, $"model check failed: {errors.Result}");
        return output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
