using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace AttentionML.Persistence;

/// <summary>
/// The only place in AttentionML that reaches ML.NET internals. ML.NET 6 keeps the pieces a
/// transformer needs to live in an ML.NET model file internal (the <c>SchemaShape.Column</c>
/// constructor, every member of <c>ModelSaveContext</c>, all of <c>ModelLoadContext</c>, the loader
/// registry), so they are bound here by reflection, once. If a member cannot be bound, every call
/// throws a <see cref="NotSupportedException"/> that names the ML.NET found and the missing member.
/// </summary>
/// <remarks>
/// Layout of one transformer's model: the main stream ML.NET gives the transformer holds a version
/// header (written by ML.NET from our signature and version) and a 4-byte payload storage tag. The
/// payload itself goes into a separate zip entry, <c>AttentionPayload</c>, in the transformer's own
/// directory, so large weights do not sit in the header stream; only when ML.NET saves to a single
/// stream (no zip) is it written inline after the tag, with its length.
/// </remarks>
internal static partial class MlNetBridge
{
    private const string PayloadEntryName = "AttentionPayload";

    // The annotation kind ML.NET's transforms declare for slot names (AnnotationUtils.Kinds is internal).
    private const string SlotNamesKind = "SlotNames";

    // Loaders by transformer type, for every catalog in the process. ML.NET calls a loader through a
    // static MethodInfo without any state, so LoadTransformer<T> finds its loader here by T.
    private static readonly ConcurrentDictionary<Type, Loader> s_loaders = new();

    // Loader signatures already added to each MLContext's catalog (case-insensitive, as ML.NET's own
    // lookup is). Weakly keyed, so a catalog and its MLContext can still be collected.
    private static readonly ConditionalWeakTable<ComponentCatalog, Dictionary<string, Type>> s_registered =
        new();

    private enum PayloadStorage
    {
        Entry = 1,
        Inline = 2,
    }

    private sealed record Loader(
        string ModelSignature,
        uint Version,
        string LoaderSignature,
        object VersionInfo,
        Func<IHostEnvironment, BinaryReader, ITransformer> Create);

    /// <summary>Creates a <see cref="SchemaShape.Column"/> through its internal constructor.</summary>
    internal static SchemaShape.Column CreateColumn(
        string name,
        SchemaShape.Column.VectorKind kind,
        DataViewType itemType,
        bool isKey,
        SchemaShape? annotations = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(itemType);

        var column = Call(Bound.ColumnConstructor, null, name, kind, itemType, isKey, annotations);
        return (SchemaShape.Column)column!;
    }

    /// <summary>
    /// The annotations of a fixed-size vector column that carries slot names, declared the way
    /// ML.NET's own transforms declare them: a <c>SlotNames</c> column, a known-size vector of text.
    /// </summary>
    internal static SchemaShape SlotNamesAnnotations()
    {
        var vector = SchemaShape.Column.VectorKind.Vector;
        return new([CreateColumn(SlotNamesKind, vector, TextDataViewType.Instance, isKey: false)]);
    }

    /// <summary>
    /// Writes a transformer into an ML.NET model file: the version header ML.NET checks on load, then
    /// the payload written by <paramref name="writePayload"/>, which the loader registered with
    /// <see cref="RegisterLoader"/> reads back from the same position.
    /// </summary>
    /// <param name="ctx">The context ML.NET passes to <c>ICanSaveModel.Save</c>.</param>
    /// <param name="modelSignature">Eight ASCII characters naming the format of the payload.</param>
    /// <param name="version">The payload format version; a model loads only under the same one.</param>
    /// <param name="loaderSignature">The loader's name, 1 to 24 ASCII characters, no spaces.</param>
    /// <param name="loaderAssemblyType">A type in the assembly that registers the loader.</param>
    /// <param name="writePayload">Writes the transformer's state.</param>
    internal static void SaveModel(
        ModelSaveContext ctx,
        string modelSignature,
        uint version,
        string loaderSignature,
        Type loaderAssemblyType,
        Action<BinaryWriter> writePayload)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        CheckSignatures(modelSignature, loaderSignature);
        ArgumentNullException.ThrowIfNull(loaderAssemblyType);
        ArgumentNullException.ThrowIfNull(writePayload);

        var members = Bound;
        var versionInfo = CreateVersionInfo(modelSignature, version, loaderSignature,
            loaderAssemblyType);
        Call(members.SaveCheckAtModel, ctx);
        Call(members.SaveSetVersionInfo, ctx, versionInfo);
        var writer = (BinaryWriter)members.SaveWriter.GetValue(ctx)!;

        if ((bool)Call(members.SaveInRepository, ctx)!)
        {
            writer.Write((int)PayloadStorage.Entry);
            Call(members.SaveBinaryStream, ctx, PayloadEntryName, writePayload);
            return;
        }

        // Single-stream mode has no zip to put an entry in. The payload is buffered so its length can
        // precede it: ML.NET requires a loader to consume its model bytes exactly, and the length
        // lets the loader do that whatever the payload reader leaves unread.
        using var buffer = new MemoryStream();
        using (var payloadWriter = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
            writePayload(payloadWriter);
        writer.Write((int)PayloadStorage.Inline);
        writer.Write(buffer.Length);
        buffer.WriteTo(writer.BaseStream);
    }

    /// <summary>
    /// Registers, in the catalog of <paramref name="env"/>, the loader <c>mlContext.Model.Load</c>
    /// uses for models saved by <see cref="SaveModel"/> under <paramref name="loaderSignature"/>.
    /// Idempotent and thread-safe per catalog; every MLContext has its own catalog, so each one
    /// that loads a model must register first.
    /// </summary>
    /// <remarks>
    /// The first <paramref name="create"/> registered for a transformer type serves every MLContext
    /// in the process (ML.NET invokes loaders without state), so it must not capture anything of one
    /// context; it receives the loading context's environment instead.
    /// </remarks>
    /// <param name="env">The MLContext (or any host of it) that will load the model.</param>
    /// <param name="transformerType">The transformer type the loader returns.</param>
    /// <param name="modelSignature">The signature passed to <see cref="SaveModel"/>.</param>
    /// <param name="version">The version passed to <see cref="SaveModel"/>.</param>
    /// <param name="loaderSignature">The loader signature passed to <see cref="SaveModel"/>.</param>
    /// <param name="create">Builds the transformer from the payload <see cref="SaveModel"/> wrote.</param>
    /// <exception cref="InvalidOperationException">
    /// The transformer type was registered with another format, or the loader signature is taken by
    /// another type in this catalog.
    /// </exception>
    internal static void RegisterLoader(
        IHostEnvironment env,
        Type transformerType,
        string modelSignature,
        uint version,
        string loaderSignature,
        Func<IHostEnvironment, BinaryReader, ITransformer> create)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(transformerType);
        if (!typeof(ITransformer).IsAssignableFrom(transformerType)
            || transformerType.ContainsGenericParameters)
            throw new ArgumentException(
                $"The transformer type ({transformerType}) must be a closed type that implements "
                + "ITransformer.", nameof(transformerType));
        CheckSignatures(modelSignature, loaderSignature);
        ArgumentNullException.ThrowIfNull(create);

        var members = Bound;
        var versionInfo = CreateVersionInfo(modelSignature, version, loaderSignature, transformerType);
        var loader = s_loaders.GetOrAdd(transformerType,
            new Loader(modelSignature, version, loaderSignature, versionInfo, create));
        if (loader.ModelSignature != modelSignature || loader.Version != version
            || loader.LoaderSignature != loaderSignature)
            throw new InvalidOperationException(
                $"{transformerType.Name} already has a loader for format {loader.ModelSignature} "
                + $"version {loader.Version} (loader '{loader.LoaderSignature}'); it cannot also be "
                + $"registered for {modelSignature} version {version} (loader '{loaderSignature}').");

        var catalog = env.ComponentCatalog;
        var registered = s_registered.GetValue(catalog, _ => new(StringComparer.OrdinalIgnoreCase));
        lock (registered)
        {
            if (registered.TryGetValue(loaderSignature, out var owner))
            {
                if (owner == transformerType)
                    return;
                throw new InvalidOperationException(
                    $"The loader signature '{loaderSignature}' is already registered in this "
                    + $"MLContext for {owner.FullName}; {transformerType.FullName} needs a signature "
                    + "of its own.");
            }

            // ML.NET looks loaders up by (name, SignatureLoadModel) and invokes the entry's create
            // method as Create(env, ctx). A static generic method closed over the transformer type
            // is such a method, with ctx typed object because ModelLoadContext is internal.
            var loadMethod = typeof(MlNetBridge)
                .GetMethod(nameof(LoadTransformer), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(transformerType);
            var attribute = Call(members.LoadableClassAttributeConstructor, null,
                transformerType, typeof(MlNetBridge), null, members.SignatureLoadModel, null,
                new[] { loaderSignature });
            var info = Call(members.LoadableClassInfoConstructor, null,
                attribute, null, null, loadMethod, true);

            // AddClass is what RegisterAssembly calls for each attribute, under the catalog's lock.
            // Known limitation: ML.NET reads its loader table without that lock, so a Model.Load
            // running on the same MLContext while this registers can race, exactly as it can with
            // RegisterAssembly; register before loading, not during.
            lock (members.CatalogLock.GetValue(catalog)!)
                Call(members.CatalogAddClass, catalog, info, new[] { loaderSignature }, true);
            registered.Add(loaderSignature, transformerType);
        }
    }

    // Invoked by ML.NET's catalog with (env, ModelLoadContext). The catalog calls it through
    // MethodInfo.Invoke and rewraps only ML.NET's own exceptions (as "Error during class
    // instantiation"), so what this method or a create function throws reaches the caller of
    // Model.Load as the innermost exception under TargetInvocationExceptions.
    private static ITransformer LoadTransformer<TTransformer>(IHostEnvironment env, object ctx)
    {
        var members = Bound;
        if (!s_loaders.TryGetValue(typeof(TTransformer), out var loader))
            throw new InvalidOperationException(
                $"No loader is registered for {typeof(TTransformer).FullName}; register it first.");
        if (!members.LoadContextType.IsInstanceOfType(ctx))
            throw new ArgumentException(
                $"Expected ML.NET's ModelLoadContext, got {ctx?.GetType()}.", nameof(ctx));

        Call(members.LoadCheckAtModel, ctx, loader.VersionInfo);
        var reader = (BinaryReader)members.LoadReader.GetValue(ctx)!;
        var storage = (PayloadStorage)reader.ReadInt32();
        var transformer = storage switch
        {
            PayloadStorage.Entry => LoadFromEntry(members, env, ctx, loader),
            PayloadStorage.Inline => LoadInline(reader, env, loader),
            _ => throw new InvalidDataException(
                $"The '{loader.LoaderSignature}' model names an unknown payload storage "
                + $"({(int)storage}); the file is corrupt or was written by a newer AttentionML."),
        };

        return transformer is TTransformer
            ? transformer
            : throw new InvalidOperationException(
                $"The '{loader.LoaderSignature}' loader returned "
                + $"{transformer?.GetType().FullName ?? "null"}, not {typeof(TTransformer).FullName}.");
    }

    private static ITransformer LoadFromEntry(
        Members members, IHostEnvironment env, object ctx, Loader loader)
    {
        ITransformer? transformer = null;
        var found = (bool)Call(members.LoadInRepository, ctx)!
            && (bool)Call(members.TryLoadBinaryStream, ctx, PayloadEntryName,
                new Action<BinaryReader>(payload => transformer = loader.Create(env, payload)))!;

        return found
            ? transformer!
            : throw new InvalidDataException(
                $"The '{loader.LoaderSignature}' model has no '{PayloadEntryName}' entry; the file "
                + "is corrupt.");
    }

    private static ITransformer LoadInline(BinaryReader reader, IHostEnvironment env, Loader loader)
    {
        var length = reader.ReadInt64();
        var stream = reader.BaseStream;
        if (length < 0 || length > Array.MaxLength
            || (stream.CanSeek && length > stream.Length - stream.Position))
            throw new InvalidDataException(
                $"The '{loader.LoaderSignature}' model declares a payload of {length} bytes that the "
                + "file does not hold; the file is corrupt or truncated.");
        var bytes = StreamReading.ReadUpTo(stream, (int)length);
        if (bytes.Length != length)
            throw new InvalidDataException(
                $"The '{loader.LoaderSignature}' model is truncated: it holds {bytes.Length} of "
                + $"its {length} payload bytes.");

        using var payload = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
        return loader.Create(env, payload);
    }

    // The loader assembly's simple name, not its full name: ML.NET passes it to Assembly.Load on load,
    // and a versioned name would fail when the model is loaded by an older AttentionML.
    private static object CreateVersionInfo(
        string modelSignature, uint version, string loaderSignature, Type loaderType) =>
        Call(Bound.VersionInfoConstructor, null, modelSignature, version, version, version,
            loaderType.Assembly.GetName().Name, loaderSignature, null)!;

    // ML.NET packs the model signature into 8 bytes and the loader signature into 24, one byte a
    // character, and checks both only with internal contract exceptions; these messages say why.
    // It also trims the name it looks a loader up by, so a loader signature may hold no spaces.
    private static void CheckSignatures(string modelSignature, string loaderSignature)
    {
        ArgumentNullException.ThrowIfNull(modelSignature);
        ArgumentNullException.ThrowIfNull(loaderSignature);
        if (modelSignature.Length != 8 || !modelSignature.All(c => c is >= ' ' and <= '~'))
            throw new ArgumentException(
                $"The model signature ('{modelSignature}') must be 8 printable ASCII characters.",
                nameof(modelSignature));
        if (loaderSignature.Length is < 1 or > 24 || !loaderSignature.All(c => c is > ' ' and <= '~'))
            throw new ArgumentException(
                $"The loader signature ('{loaderSignature}') must be 1 to 24 printable ASCII "
                + "characters without spaces.", nameof(loaderSignature));
    }
}
