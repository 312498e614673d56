using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace AttentionML.Persistence;

// The reflection half of MlNetBridge: every internal ML.NET member the bridge needs, bound once.
// Members are matched by name, parameter types and (where two parameters share a type) parameter
// names, so a reordered or renamed member in a later ML.NET fails here, loudly, instead of being
// called with its arguments in the wrong places.
internal static partial class MlNetBridge
{
    private const BindingFlags InstanceMembers =
        BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    // ExecutionAndPublication caches a binding failure too, so every later call reports the same
    // NotSupportedException instead of retrying the reflection.
    private static readonly Lazy<Members> s_members =
        new(Members.Bind, LazyThreadSafetyMode.ExecutionAndPublication);

    private static Members Bound => s_members.Value;

    // The ML.NET release the bridge was written against and tested with.
    private const string TestedMlNetVersion = "6.0.0";

    // Calls a bound member without the TargetInvocationException wrapper, so ML.NET's own
    // exceptions (and those of our callbacks running inside ML.NET) reach the caller unchanged.
    private static object? Call(MethodBase member, object? target, params object?[] arguments) =>
        member is ConstructorInfo constructor
            ? constructor.Invoke(BindingFlags.DoNotWrapExceptions, null, arguments, null)
            : member.Invoke(target, BindingFlags.DoNotWrapExceptions, null, arguments, null);

    /// <summary>
    /// The error every bridge call reports when this ML.NET lacks a member the bridge needs.
    /// </summary>
    internal static NotSupportedException UnsupportedMlNet(string member)
    {
        var assembly = typeof(MLContext).Assembly;
        var release = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()
            ?.InformationalVersion.Split('+')[0];

        // ML.NET keeps its assembly version at 1.0.0.0 across releases, so the package
        // (informational) version is the one that tells the user which ML.NET they have.
        return new NotSupportedException(
            "AttentionML cannot save or load its transformers inside ML.NET model files with the ML.NET "
            + $"found at run time ({release ?? "unknown release"}, assembly version "
            + $"{assembly.GetName().Version}): the internal member {member} it relies on was not found. "
            + $"This part of AttentionML was built against ML.NET {TestedMlNetVersion}. Use the "
            + "transformer's SaveTo(Stream)/Load(MLContext, Stream) instead, which does not depend on "
            + "ML.NET internals.");
    }

    private sealed class Members
    {
        public required ConstructorInfo ColumnConstructor { get; init; }
        public required ConstructorInfo VersionInfoConstructor { get; init; }
        public required MethodInfo SaveCheckAtModel { get; init; }
        public required MethodInfo SaveSetVersionInfo { get; init; }
        public required MethodInfo SaveInRepository { get; init; }
        public required FieldInfo SaveWriter { get; init; }
        public required MethodInfo SaveBinaryStream { get; init; }
        public required Type LoadContextType { get; init; }
        public required MethodInfo LoadCheckAtModel { get; init; }
        public required MethodInfo LoadInRepository { get; init; }
        public required FieldInfo LoadReader { get; init; }
        public required MethodInfo TryLoadBinaryStream { get; init; }
        public required Type SignatureLoadModel { get; init; }
        public required ConstructorInfo LoadableClassAttributeConstructor { get; init; }
        public required ConstructorInfo LoadableClassInfoConstructor { get; init; }
        public required MethodInfo CatalogAddClass { get; init; }
        public required FieldInfo CatalogLock { get; init; }

        public static Members Bind()
        {
            var core = typeof(ModelSaveContext).Assembly;
            var versionInfo = FindType(core, "Microsoft.ML.VersionInfo");
            var loadContext = FindType(core, "Microsoft.ML.ModelLoadContext");
            var signature = FindType(core, "Microsoft.ML.SignatureLoadModel");
            var attribute = FindType(core, "Microsoft.ML.LoadableClassAttribute");
            var attributeBase = FindType(core, "Microsoft.ML.LoadableClassAttributeBase");
            var classInfo = typeof(ComponentCatalog)
                .GetNestedType("LoadableClassInfo", BindingFlags.NonPublic)
                ?? throw UnsupportedMlNet("type ComponentCatalog.LoadableClassInfo");

            return new Members
            {
                ColumnConstructor = FindConstructor(typeof(SchemaShape.Column),
                    (typeof(string), "name"), (typeof(SchemaShape.Column.VectorKind), "vecKind"),
                    (typeof(DataViewType), "itemType"), (typeof(bool), "isKey"),
                    (typeof(SchemaShape), "annotations")),
                VersionInfoConstructor = FindConstructor(versionInfo,
                    (typeof(string), "modelSignature"), (typeof(uint), "verWrittenCur"),
                    (typeof(uint), "verReadableCur"), (typeof(uint), "verWeCanReadBack"),
                    (typeof(string), "loaderAssemblyName"), (typeof(string), "loaderSignature"),
                    (typeof(string), "loaderSignatureAlt")),
                SaveCheckAtModel = FindMethod(typeof(ModelSaveContext), "CheckAtModel"),
                SaveSetVersionInfo = FindMethod(typeof(ModelSaveContext), "SetVersionInfo", versionInfo),
                SaveInRepository = FindGetter(typeof(ModelSaveContext), "InRepository"),
                SaveWriter = FindField(typeof(ModelSaveContext), "Writer", typeof(BinaryWriter)),
                SaveBinaryStream = FindMethod(typeof(ModelSaveContext), "SaveBinaryStream",
                    typeof(string), typeof(Action<BinaryWriter>)),
                LoadContextType = loadContext,
                LoadCheckAtModel = FindMethod(loadContext, "CheckAtModel", versionInfo),
                LoadInRepository = FindGetter(loadContext, "InRepository"),
                LoadReader = FindField(loadContext, "Reader", typeof(BinaryReader)),
                TryLoadBinaryStream = FindMethod(loadContext, "TryLoadBinaryStream",
                    typeof(string), typeof(Action<BinaryReader>)),
                SignatureLoadModel = signature,
                LoadableClassAttributeConstructor = FindConstructor(attribute,
                    (typeof(Type), "instType"), (typeof(Type), "loaderType"),
                    (typeof(Type), "argType"), (typeof(Type), "sigType"),
                    (typeof(string), "userName"), (typeof(string[]), "loadNames")),
                LoadableClassInfoConstructor = FindConstructor(classInfo,
                    (attributeBase, "attr"), (typeof(MethodInfo), "getter"),
                    (typeof(ConstructorInfo), "ctor"), (typeof(MethodInfo), "create"),
                    (typeof(bool), "requireEnvironment")),
                CatalogAddClass = FindMethod(typeof(ComponentCatalog), "AddClass",
                    classInfo, typeof(string[]), typeof(bool)),
                CatalogLock = FindField(typeof(ComponentCatalog), "_lock", typeof(object)),
            };
        }

        private static Type FindType(Assembly assembly, string fullName) =>
            assembly.GetType(fullName, throwOnError: false)
                ?? throw UnsupportedMlNet($"type {fullName}");

        private static MethodInfo FindMethod(Type type, string name, params Type[] parameters) =>
            type.GetMethod(name, InstanceMembers, binder: null, parameters, modifiers: null)
                ?? throw UnsupportedMlNet(
                    $"{type.Name}.{name}({string.Join(", ", parameters.Select(p => p.Name))})");

        private static MethodInfo FindGetter(Type type, string name) =>
            type.GetProperty(name, InstanceMembers)?.GetGetMethod(nonPublic: true) is { } getter
                && getter.ReturnType == typeof(bool)
                ? getter
                : throw UnsupportedMlNet($"{type.Name}.{name} (a bool property)");

        private static FieldInfo FindField(Type type, string name, Type fieldType) =>
            type.GetField(name, InstanceMembers) is { } field && field.FieldType == fieldType
                ? field
                : throw UnsupportedMlNet($"{type.Name}.{name} (a field of type {fieldType.Name})");

        private static ConstructorInfo FindConstructor(
            Type type, params (Type Type, string Name)[] parameters)
        {
            foreach (var constructor in type.GetConstructors(InstanceMembers))
            {
                var actual = constructor.GetParameters();
                if (actual.Length == parameters.Length
                    && actual.Zip(parameters).All(p => p.First.ParameterType == p.Second.Type
                        && p.First.Name == p.Second.Name))
                    return constructor;
            }

            var shape = string.Join(", ", parameters.Select(p => $"{p.Type.Name} {p.Name}"));
            throw UnsupportedMlNet($"constructor {type.Name}({shape})");
        }
    }
}
