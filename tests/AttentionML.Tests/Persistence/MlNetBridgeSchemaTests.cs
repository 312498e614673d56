using System.Reflection;
using AttentionML.Persistence;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace AttentionML.Tests.Persistence;

public sealed class MlNetBridgeSchemaTests
{
    [Theory]
    [InlineData(SchemaShape.Column.VectorKind.Scalar, false)]
    [InlineData(SchemaShape.Column.VectorKind.Vector, false)]
    [InlineData(SchemaShape.Column.VectorKind.VariableVector, false)]
    [InlineData(SchemaShape.Column.VectorKind.Scalar, true)]
    [InlineData(SchemaShape.Column.VectorKind.Vector, true)]
    public void CreateColumn_GivenShape_HasRequestedNameKindTypeAndKey(
        SchemaShape.Column.VectorKind kind, bool isKey)
    {
        // A key column is declared by its raw item type plus isKey, as ML.NET's estimators do.
        DataViewType itemType = isKey ? NumberDataViewType.UInt32 : NumberDataViewType.Single;

        var column = MlNetBridge.CreateColumn("Features", kind, itemType, isKey);

        Assert.Equal("Features", column.Name);
        Assert.Equal(kind, column.Kind);
        Assert.Same(itemType, column.ItemType);
        Assert.Equal(isKey, column.IsKey);
        Assert.Empty(column.Annotations);
    }

    [Fact]
    public void CreateColumn_WithAnnotations_CarriesThem()
    {
        var annotations = MlNetBridge.SlotNamesAnnotations();

        var column = MlNetBridge.CreateColumn("Pooled", SchemaShape.Column.VectorKind.Vector,
            NumberDataViewType.Single, false, annotations);

        Assert.Same(annotations, column.Annotations);
    }

    [Fact]
    public void CreateColumn_KeyTypeAsItemType_ThrowsMlNetErrorUnwrapped()
    {
        var keyType = new KeyDataViewType(typeof(uint), 10);

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() =>
            MlNetBridge.CreateColumn("Label", SchemaShape.Column.VectorKind.Scalar, keyType, true));

        Assert.Equal("itemType", exception.ParamName);
    }

    [Fact]
    public void UnsupportedMlNet_AnyMember_NamesVersionMemberAndStreamApi()
    {
        var informational = typeof(MLContext).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        var release = informational.Split('+')[0];

        var exception = MlNetBridge.UnsupportedMlNet("ModelSaveContext.SetVersionInfo(VersionInfo)");

        Assert.Contains(release, exception.Message);
        Assert.Contains("ModelSaveContext.SetVersionInfo(VersionInfo)", exception.Message);
        Assert.Contains("SaveTo(Stream)/Load(MLContext, Stream)", exception.Message);
    }

    [Fact]
    public void SlotNamesAnnotations_ComparedWithMlNetDerivedShape_Match()
    {
        var annotations = new DataViewSchema.Annotations.Builder();
        annotations.Add("SlotNames", new VectorDataViewType(TextDataViewType.Instance, 3),
            (ref VBuffer<ReadOnlyMemory<char>> names) =>
                names = new VBuffer<ReadOnlyMemory<char>>(3, ["a".AsMemory(), "b".AsMemory(),
                    "c".AsMemory()]));
        var builder = new DataViewSchema.Builder();
        builder.AddColumn("Pooled", new VectorDataViewType(NumberDataViewType.Single, 3),
            annotations.ToAnnotations());
        var expected = MlNetShapeOf(builder.ToSchema()).Single().Annotations;

        var actual = MlNetBridge.SlotNamesAnnotations();

        var expectedSlotNames = Assert.Single(expected);
        var actualSlotNames = Assert.Single(actual);
        Assert.Equal(expectedSlotNames.Name, actualSlotNames.Name);
        Assert.Equal(expectedSlotNames.Kind, actualSlotNames.Kind);
        Assert.Equal(expectedSlotNames.ItemType, actualSlotNames.ItemType);
        Assert.Equal(expectedSlotNames.IsKey, actualSlotNames.IsKey);
    }

    // ML.NET's own SchemaShape of a DataViewSchema, through the internal SchemaShape.Create that
    // estimators use, so the test compares against ML.NET rather than against our reading of it.
    private static SchemaShape MlNetShapeOf(DataViewSchema schema) =>
        (SchemaShape)typeof(SchemaShape)
            .GetMethod("Create", BindingFlags.Static | BindingFlags.NonPublic, [typeof(DataViewSchema)])!
            .Invoke(null, [schema])!;
}
