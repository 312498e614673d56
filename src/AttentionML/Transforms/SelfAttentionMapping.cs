using AttentionML.Attention;
using AttentionML.Pipeline;
using AttentionML.Platform;
using AttentionML.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionML.Transforms;

/// <summary>
/// Runs a batch of embedding matrices through the attention layer: pads them into one
/// <c>[batch, tokens, d]</c> tensor with a mask, runs one forward pass, and copies the rows back out.
/// </summary>
internal sealed class SelfAttentionMapping : RowMapping<float>
{
    private const int ContextOutput = 0;
    private const int PooledOutput = 1;

    private readonly SelfAttentionLayer _layer;
    private readonly PredictionHead? _head;
    private readonly int _weightsOutput = -1;
    private readonly int _predictionOutput = -1;
    private readonly AttentionPooling _pooling;
    private readonly int _maxTokens;
    private readonly int _dimension;
    private readonly Device _device;
    private readonly int? _torchThreads;
    private readonly ScalarType _computeType;
    private long _forwardPasses;

    public SelfAttentionMapping(
        SelfAttentionTransformer transformer, SelfAttentionLayer layer, PredictionHead? head, Device device)
        : base(transformer.InputColumnName)
    {
        _layer = layer;
        _head = head;
        _pooling = transformer.Pooling;
        _maxTokens = transformer.MaxTokens;
        _dimension = transformer.EmbeddingDimension;
        _device = device;
        _torchThreads = transformer.TorchThreads;
        BatchSize = transformer.InferenceBatchSize;

        // A layer without weights (identity projections) costs nothing extra in double precision, and then the
        // Single outputs are the exact results rounded once, as the worked example needs to the last digit.
        _computeType = layer.parameters().Any() ? ScalarType.Float32 : ScalarType.Float64;
        if (_computeType == ScalarType.Float64)
            layer.to(ScalarType.Float64);

        var dOut = layer.Options.ContextDimension;
        var outputs = new List<DataViewSchema.DetachedColumn>
        {
            new(transformer.OutputColumnName, new VectorDataViewType(NumberDataViewType.Single, 0, dOut)),
            new(transformer.PooledColumnName, new VectorDataViewType(NumberDataViewType.Single, dOut),
                SlotNames(transformer.PooledColumnName, dOut)),
        };
        if (transformer.WeightsColumnName is { } weights)
        {
            _weightsOutput = outputs.Count;
            outputs.Add(new(weights, new VectorDataViewType(NumberDataViewType.Single, layer.Options.NumHeads, 0, 0)));
        }

        if (transformer.PredictionColumnName is { } prediction && head is not null)
        {
            _predictionOutput = outputs.Count;
            outputs.Add(new(prediction, head.Kind == PredictionKind.Classification
                ? new VectorDataViewType(NumberDataViewType.Single, head.Outputs)
                : NumberDataViewType.Single));
        }

        Outputs = outputs;
    }

    public override IReadOnlyList<DataViewSchema.DetachedColumn> Outputs { get; }

    public override int BatchSize { get; }

    /// <summary>How many forward passes this mapping has run; tests use it to show laziness and batching.</summary>
    public long ForwardPasses => Interlocked.Read(ref _forwardPasses);

    protected override string ExpectedInputType => $"Vector<Single, *, {_dimension}>";

    protected override bool AcceptsInput(DataViewType type) =>
        type is VectorDataViewType { ItemType: NumberDataViewType } vector
        && vector.ItemType == NumberDataViewType.Single
        && (vector.Dimensions.Length != 2 || vector.Dimensions[1] == _dimension);

    public override void Compute(ReadOnlySpan<VBuffer<float>> inputs, ReadOnlySpan<long> positions,
        bool[] activeOutputs, BatchOutputs outputs)
    {
        var tokens = new int[inputs.Length];
        var (padded, paddingMask, longest) = Pad(inputs, positions, tokens);
        var wantWeights = _weightsOutput >= 0 && activeOutputs[_weightsOutput];
        var wantPrediction = _predictionOutput >= 0 && activeOutputs[_predictionOutput];
        Interlocked.Increment(ref _forwardPasses);

        using var threads = TorchThreads.Use(_torchThreads);
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        var batch = inputs.Length;
        var input = tensor(padded, [batch, longest, _dimension]).to(_computeType, _device);
        var mask = tensor(paddingMask, [batch, longest]).to(_device);
        Tensor context, weights = null!;
        if (wantWeights)
            (context, weights) = _layer.forward(input, mask);
        else
            context = _layer.ForwardContext(input, mask);

        var dOut = (int)context.shape[2];
        if (activeOutputs[ContextOutput])
            CopyContext(ToFloats(context), tokens, longest, dOut, outputs);
        if (activeOutputs[PooledOutput] || wantPrediction)
        {
            var pooledTensor = ContextPooling.Pool(context, mask, _pooling);
            if (activeOutputs[PooledOutput])
                CopyRows(ToFloats(pooledTensor), dOut, PooledOutput, outputs);
            if (wantPrediction)
                CopyRows(ToFloats(_head!.call(pooledTensor.to(ScalarType.Float32))), _head.Outputs,
                    _predictionOutput, outputs);
        }

        if (wantWeights)
            CopyWeights(ToFloats(weights), tokens, longest, outputs);
    }

    // values holds one block of `width` floats per row of the batch.
    private static void CopyRows(float[] values, int width, int output, BatchOutputs outputs)
    {
        for (var row = 0; row < values.Length / width; row++)
            values.AsSpan(row * width, width).CopyTo(outputs.Allocate(output, row, width));
    }

    private static float[] ToFloats(Tensor values) => values.to(ScalarType.Float32, CPU).data<float>().ToArray();

    // The batch zero-padded to its longest row (at least 1 token), with its mask. The arrays are new for every
    // batch, so cursors and prediction engines on other threads can share this mapping.
    private (float[] Padded, bool[] Mask, int Longest) Pad(
        ReadOnlySpan<VBuffer<float>> inputs, ReadOnlySpan<long> positions, int[] tokens)
    {
        var longest = 1;
        for (var row = 0; row < inputs.Length; row++)
        {
            var length = inputs[row].Length;
            if (length % _dimension != 0)
                throw new InvalidOperationException(
                    $"Column '{InputColumnName}' at row {positions[row]} has {length} values, which is not a whole " +
                    $"number of {_dimension}-value token embeddings.");
            tokens[row] = Math.Min(length / _dimension, _maxTokens);
            longest = Math.Max(longest, tokens[row]);
        }

        var padded = new float[inputs.Length * longest * _dimension];
        var mask = new bool[inputs.Length * longest];
        for (var row = 0; row < inputs.Length; row++)
        {
            var target = padded.AsSpan(row * longest * _dimension, tokens[row] * _dimension);
            CopyPrefix(inputs[row], target);
            var bad = FirstNonFinite(target);
            if (bad >= 0)
                throw new InvalidOperationException(
                    $"Column '{InputColumnName}' at row {positions[row]} holds {target[bad]} " +
                    $"in token {bad / _dimension}; " +
                    "token embeddings must be finite.");
            mask.AsSpan(row * longest, tokens[row]).Fill(true);
        }

        return (padded, mask, longest);
    }

    private static void CopyContext(float[] context, int[] tokens, int longest, int dOut, BatchOutputs outputs)
    {
        for (var row = 0; row < tokens.Length; row++)
            context.AsSpan(row * longest * dOut, tokens[row] * dOut)
                .CopyTo(outputs.Allocate(ContextOutput, row, tokens[row] * dOut));
    }

    // weights is [batch, heads, longest, longest]; each row keeps its own [heads, tokens, tokens] block.
    private void CopyWeights(float[] weights, int[] tokens, int longest, BatchOutputs outputs)
    {
        var heads = _layer.Options.NumHeads;
        for (var row = 0; row < tokens.Length; row++)
        {
            var n = tokens[row];
            var target = outputs.Allocate(_weightsOutput, row, heads * n * n);
            for (var h = 0; h < heads; h++)
            {
                for (var i = 0; i < n; i++)
                {
                    var source = ((row * heads + h) * longest + i) * longest;
                    weights.AsSpan(source, n).CopyTo(target.Slice((h * n + i) * n, n));
                }
            }
        }
    }

    // Copies the first target.Length values (fewer than the row holds when it is truncated to MaxTokens).
    private static void CopyPrefix(in VBuffer<float> source, Span<float> target)
    {
        if (source.IsDense)
        {
            source.GetValues().Slice(0, target.Length).CopyTo(target);
            return;
        }

        var i = 0;
        foreach (var value in source.DenseValues())
        {
            if (i == target.Length)
                break;
            target[i++] = value;
        }
    }

    private static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
                return i;
        }

        return -1;
    }

    private static DataViewSchema.Annotations SlotNames(string columnName, int size)
    {
        var names = new ReadOnlyMemory<char>[size];
        for (var i = 0; i < size; i++)
            names[i] = $"{columnName}.{i}".AsMemory();

        var builder = new DataViewSchema.Annotations.Builder();
        ValueGetter<VBuffer<ReadOnlyMemory<char>>> getter = (ref VBuffer<ReadOnlyMemory<char>> value) =>
            value = new VBuffer<ReadOnlyMemory<char>>(size, (ReadOnlyMemory<char>[])names.Clone());
        builder.Add("SlotNames", new VectorDataViewType(TextDataViewType.Instance, size), getter);
        return builder.ToAnnotations();
    }
}
