using System.IO.Compression;
using System.Reflection;
using System.Text;
using AttentionML.Persistence;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit.Abstractions;

namespace AttentionML.Tests.Persistence;

public sealed class MlNetBridgeModelFileTests(ITestOutputHelper output)
{
    [Fact]
    public void ModelLoad_FreshContextAfterRegisterLoader_ReturnsSavedPayload()
    {
        var payload = RandomPayload(seed: 1, length: 100_000);
        var model = SaveChain(payload);
        var context = new MLContext(seed: 1);
        PayloadTransformer.Register(context);

        using var stream = new MemoryStream(model, writable: false);
        var loaded = context.Model.Load(stream, out var inputSchema);

        var chain = Assert.IsType<TransformerChain<ITransformer>>(loaded);
        var transformer = Assert.IsType<PayloadTransformer>(Assert.Single(chain));
        Assert.Equal(payload, transformer.Payload);
        Assert.Equal(NumberDataViewType.Single, inputSchema["Value"].Type);
    }

    [Fact]
    public void ModelSave_InRepository_StoresPayloadInItsOwnEntry()
    {
        var payload = RandomPayload(seed: 2, length: 4_096);

        var model = SaveChain(payload);

        using var zip = new ZipArchive(new MemoryStream(model), ZipArchiveMode.Read);
        var entry = Assert.Single(zip.Entries, e => e.Name == "AttentionPayload");
        Assert.Equal(sizeof(int) + payload.Length, entry.Length);
    }

    [Fact]
    public void ModelLoad_FreshContextWithoutRegistration_ThrowsMlNetError()
    {
        var model = SaveChain(RandomPayload(seed: 3, length: 16));
        var context = new MLContext(seed: 3);

        var exception = Record.Exception(() => Load(context, model));

        // ML.NET rewraps its own errors from a nested loader (here TransformerChain's) as
        // "Error during class instantiation"; the cause is the innermost exception.
        output.WriteLine(exception?.ToString());
        var outer = Assert.IsType<InvalidOperationException>(exception);
        Assert.Equal("Error during class instantiation", outer.Message);
        var cause = Assert.IsType<FormatException>(Innermost(outer));
        Assert.Equal("Couldn't load model: 'TransformerChain/Transform_000'", cause.Message);
    }

    [Fact]
    public void RegisterLoader_CalledConcurrentlyAndRepeatedly_RegistersOnce()
    {
        var payload = RandomPayload(seed: 4, length: 64);
        var model = SaveChain(payload);
        var context = new MLContext(seed: 4);

        Parallel.For(0, 16, _ => PayloadTransformer.Register(context));
        PayloadTransformer.Register(context);

        using var stream = new MemoryStream(model, writable: false);
        var chain = Assert.IsType<TransformerChain<ITransformer>>(context.Model.Load(stream, out _));
        Assert.Equal(payload, Assert.IsType<PayloadTransformer>(Assert.Single(chain)).Payload);
    }

    [Fact]
    public void RegisterLoader_SignatureTakenByAnotherType_ThrowsInvalidOperation()
    {
        var context = new MLContext(seed: 5);
        PayloadTransformer.Register(context);

        var exception = Assert.Throws<InvalidOperationException>(() => MlNetBridge.RegisterLoader(
            context, typeof(OtherTransformer), "TSTOTHER", 1, PayloadTransformer.LoaderSignature,
            (_, _) => new OtherTransformer()));

        Assert.Contains(PayloadTransformer.LoaderSignature, exception.Message);
    }

    [Fact]
    public void RegisterLoader_TypeRegisteredWithAnotherFormat_ThrowsInvalidOperation()
    {
        var context = new MLContext(seed: 10);
        PayloadTransformer.Register(context);

        var exception = Assert.Throws<InvalidOperationException>(() => MlNetBridge.RegisterLoader(
            context, typeof(PayloadTransformer), "TSTPAYL2", 2, "AttentionTestPayload2",
            (_, _) => new PayloadTransformer([])));

        Assert.Contains(PayloadTransformer.ModelSignature, exception.Message);
    }

    [Theory]
    [InlineData("SHORT", "Loader", "modelSignature")]
    [InlineData("NINECHARS", "Loader", "modelSignature")]
    [InlineData("TSTOTHER", "", "loaderSignature")]
    [InlineData("TSTOTHER", "ThisLoaderSignatureIsTooLong", "loaderSignature")]
    [InlineData("TSTOTHER", "Two words", "loaderSignature")]
    [InlineData("TSTÖTHER", "Loader", "modelSignature")]
    public void RegisterLoader_InvalidSignature_ThrowsNamingParameter(
        string modelSignature, string loaderSignature, string parameter)
    {
        var context = new MLContext(seed: 6);

        var exception = Assert.Throws<ArgumentException>(() => MlNetBridge.RegisterLoader(
            context, typeof(OtherTransformer), modelSignature, 1, loaderSignature,
            (_, _) => new OtherTransformer()));

        Assert.Equal(parameter, exception.ParamName);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.99)]
    public async Task ModelLoad_TruncatedFile_ThrowsWithoutHanging(double keptFraction)
    {
        var model = SaveChain(RandomPayload(seed: 7, length: 50_000));
        var truncated = model[..(int)(model.Length * keptFraction)];
        var context = new MLContext(seed: 7);
        PayloadTransformer.Register(context);

        var exception = await Task.Run(() => Record.Exception(() => Load(context, truncated)))
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.NotNull(exception);
        output.WriteLine($"{keptFraction}: {exception.GetType().FullName}: {exception.Message}");
    }

    [Fact]
    public async Task ModelLoad_TruncatedPayloadEntry_ThrowsEndOfStream()
    {
        var saved = SaveChain(RandomPayload(seed: 8, length: 50_000));
        var model = TruncatePayloadEntry(saved, keep: 1_000);
        var context = new MLContext(seed: 8);
        PayloadTransformer.Register(context);

        var exception = await Task.Run(() => Record.Exception(() => Load(context, model)))
            .WaitAsync(TimeSpan.FromSeconds(60));

        // The catalog invokes loaders by reflection and passes the TargetInvocationExceptions on.
        output.WriteLine(exception?.ToString());
        Assert.IsType<TargetInvocationException>(exception);
        Assert.IsType<EndOfStreamException>(Innermost(exception));
    }

    [Fact]
    public void SaveModel_SingleStreamContext_RoundTripsPayloadInline()
    {
        var payload = RandomPayload(seed: 9, length: 2_048);
        var context = new MLContext(seed: 9);
        PayloadTransformer.Register(context);

        var loaded = SingleStreamRoundTrip(context, new PayloadTransformer(payload));

        Assert.Equal(payload, Assert.IsType<PayloadTransformer>(loaded).Payload);
    }

    private static Exception Innermost(Exception exception) =>
        exception.InnerException is { } inner ? Innermost(inner) : exception;

    private static byte[] RandomPayload(int seed, int length)
    {
        var payload = new byte[length];
        new Random(seed).NextBytes(payload);
        return payload;
    }

    private static byte[] SaveChain(byte[] payload)
    {
        var context = new MLContext(seed: 0);
        var chain = new TransformerChain<ITransformer>(new PayloadTransformer(payload));
        var schema = new DataViewSchema.Builder();
        schema.AddColumn("Value", NumberDataViewType.Single);

        using var stream = new MemoryStream();
        context.Model.Save(chain, schema.ToSchema(), stream);
        return stream.ToArray();
    }

    private static ITransformer Load(MLContext context, byte[] model)
    {
        using var stream = new MemoryStream(model, writable: false);
        return context.Model.Load(stream, out _);
    }

    private static byte[] TruncatePayloadEntry(byte[] model, int keep)
    {
        using var stream = new MemoryStream();
        stream.Write(model);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.Entries.Single(e => e.Name == "AttentionPayload");
            var name = entry.FullName;
            var bytes = new byte[keep];
            using (var read = entry.Open())
                read.ReadExactly(bytes);
            entry.Delete();
            using var write = zip.CreateEntry(name).Open();
            write.Write(bytes);
        }

        return stream.ToArray();
    }

    // Single-stream (no zip) saving and loading is reachable only through ML.NET internals; it is the
    // path on which MlNetBridge writes the payload inline.
    private static ITransformer SingleStreamRoundTrip(MLContext context, ITransformer transformer)
    {
        var core = typeof(ModelSaveContext).Assembly;
        var save = typeof(ModelSaveContext).GetMethod("Save",
            BindingFlags.Static | BindingFlags.NonPublic,
            [typeof(BinaryWriter), typeof(Action<ModelSaveContext>)])!;
        var load = core.GetType("Microsoft.ML.ModelLoadContext")!
            .GetMethods(BindingFlags.Static | BindingFlags.Public)
            .Single(m => m.Name == "LoadModel" && m.GetParameters().Select(p => p.ParameterType.Name)
                .SequenceEqual(["IHostEnvironment", "TRes&", "Stream", "Object[]"]))
            .MakeGenericMethod(typeof(ITransformer), core.GetType("Microsoft.ML.SignatureLoadModel")!);

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            save.Invoke(null, [writer, new Action<ModelSaveContext>(transformer.Save)]);
        stream.Position = 0;
        var arguments = new object?[] { context, null, stream, Array.Empty<object>() };
        load.Invoke(null, arguments);
        Assert.Equal(stream.Length, stream.Position);

        return (ITransformer)arguments[1]!;
    }

    private sealed class OtherTransformer : ITransformer
    {
        public bool IsRowToRowMapper => false;

        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => inputSchema;

        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
            throw new NotSupportedException();

        public IDataView Transform(IDataView input) => input;

        void ICanSaveModel.Save(ModelSaveContext ctx) => throw new NotSupportedException();
    }
}
