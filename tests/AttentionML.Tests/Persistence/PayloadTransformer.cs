using AttentionML.Persistence;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace AttentionML.Tests.Persistence;

/// <summary>
/// The smallest transformer that can live in an ML.NET model file through <see cref="MlNetBridge"/>:
/// it passes its input through unchanged and carries a byte payload, which is all the tests check.
/// </summary>
internal sealed class PayloadTransformer(byte[] payload) : ITransformer
{
    internal const string ModelSignature = "TSTPAYLD";
    internal const uint Version = 0x00010001;
    internal const string LoaderSignature = "AttentionTestPayload";

    public byte[] Payload { get; } = payload;

    public bool IsRowToRowMapper => false;

    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => inputSchema;

    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException("The test payload transformer is not a row-to-row mapper.");

    public IDataView Transform(IDataView input) => input;

    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        MlNetBridge.SaveModel(ctx, ModelSignature, Version, LoaderSignature, typeof(PayloadTransformer),
            writer =>
            {
                writer.Write(Payload.Length);
                writer.Write(Payload);
            });

    internal static void Register(IHostEnvironment env) =>
        MlNetBridge.RegisterLoader(env, typeof(PayloadTransformer), ModelSignature, Version,
            LoaderSignature, (_, reader) => Read(reader));

    private static PayloadTransformer Read(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        var payload = reader.ReadBytes(length);

        return payload.Length == length
            ? new PayloadTransformer(payload)
            : throw new EndOfStreamException(
                $"The payload holds {payload.Length} of its {length} bytes.");
    }
}
