using AttentionML.Attention;
using AttentionML.Persistence;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionML.Training;

/// <summary>
/// The trained classification or regression head, kept after <c>Fit</c> to add its prediction as a column:
/// pooled context <c>[batch, dOut]</c> in; class probabilities <c>[batch, classes]</c> or values <c>[batch]</c> out.
/// </summary>
internal sealed class PredictionHead : nn.Module<Tensor, Tensor>
{
    // Far beyond any real head; stops a corrupt file from describing one too large to allocate.
    private const int MaxSize = 1 << 16;

    private readonly Linear output;

    public PredictionHead(PredictionKind kind, int contextDimension, int outputs, double mean, double deviation)
        : base(nameof(PredictionHead))
    {
        Kind = kind;
        Outputs = outputs;
        Mean = mean;
        Deviation = deviation;
        output = nn.Linear(contextDimension, outputs);
        RegisterComponents();
    }

    public PredictionKind Kind { get; }

    /// <summary>Classes for classification; 1 for regression.</summary>
    public int Outputs { get; }

    /// <summary>
    /// Regression only: the mean and standard deviation of the training labels the head was trained against.
    /// </summary>
    public double Mean { get; }

    public double Deviation { get; }

    public override Tensor forward(Tensor pooled)
    {
        using var scope = NewDisposeScope();

        var raw = output.call(pooled);
        if (Kind == PredictionKind.Classification)
            return softmax(raw, 1).MoveToOuterDisposeScope();

        using var deviation = Deviation.ToScalar();
        using var mean = Mean.ToScalar();
        return raw.squeeze(-1).mul(deviation).add(mean).MoveToOuterDisposeScope();
    }

    /// <summary>Copies a trained linear layer's weights into this head.</summary>
    public void CopyFrom(Linear trained)
    {
        using var noGrad = no_grad();
        output.weight!.copy_(trained.weight!);
        output.bias!.copy_(trained.bias!);
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write((int)Kind);
        writer.Write((int)output.weight!.shape[1]);
        writer.Write(Outputs);
        writer.Write(Mean);
        writer.Write(Deviation);
        LayerState.Write(writer, this);
    }

    public static PredictionHead Read(BinaryReader reader, string source)
    {
        var kind = (PredictionKind)reader.ReadInt32();
        var contextDimension = reader.ReadInt32();
        var outputs = reader.ReadInt32();
        var mean = reader.ReadDouble();
        var deviation = reader.ReadDouble();
        var valid = Enum.IsDefined(kind) && contextDimension is > 0 and <= MaxSize && outputs is > 0 and <= MaxSize
            && (kind != PredictionKind.Regression || outputs == 1)
            && double.IsFinite(mean) && double.IsFinite(deviation) && deviation > 0;
        if (!valid)
            throw new InvalidDataException($"{source} is corrupt: its prediction head's settings are out of range.");

        var head = new PredictionHead(kind, contextDimension, outputs, mean, deviation);
        try
        {
            LayerState.Read(reader, head, source);
            return head;
        }
        catch
        {
            head.Dispose();
            throw;
        }
    }
}
