using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionML.Attention;

/// <summary>Adds a position vector to each token embedding: <c>[batch, tokens, dim]</c> in and out.</summary>
internal sealed class PositionalEncoding : nn.Module<Tensor, Tensor>
{
    private readonly int _maxTokens;
    private readonly Parameter? table;
    private readonly Tensor? sinusoid;

    public PositionalEncoding(PositionalEncodingKind kind, int maxTokens, int dimension)
        : base(nameof(PositionalEncoding))
    {
        _maxTokens = maxTokens;
        if (kind == PositionalEncodingKind.Learned)
        {
            // Small random start, as BERT does; the projections learn to use it.
            table = new Parameter(zeros(maxTokens, dimension));
        }
        else
        {
            sinusoid = Sinusoid(maxTokens, dimension);
        }

        RegisterComponents();
    }

    /// <summary>Fills the learned table from <paramref name="generator"/>; the sinusoid needs nothing.</summary>
    public void Initialize(Generator generator)
    {
        if (table is null)
            return;

        using var noGrad = no_grad();
        using var draw = randn(table.shape, table.dtype, table.device, generator: generator);
        using var scale = 0.02.ToScalar();
        table.copy_(draw.mul_(scale));
    }

    public override Tensor forward(Tensor input)
    {
        var tokens = (int)input.shape[1];
        if (tokens > _maxTokens)
            throw new ArgumentException(
                $"The input has {tokens} tokens, more than MaxTokens ({_maxTokens}) that positional encoding supports.",
                nameof(input));

        var positions = (table ?? sinusoid!).narrow(0, 0, tokens);
        return input + positions.unsqueeze(0);
    }

    // PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(p / 10000^(2i/d)); odd d keeps the last sine.
    private static Tensor Sinusoid(int maxTokens, int dimension)
    {
        var values = new float[maxTokens * dimension];
        for (var p = 0; p < maxTokens; p++)
        {
            for (var i = 0; i < dimension; i++)
            {
                var angle = p / Math.Pow(10000, (i - i % 2) / (double)dimension);
                values[p * dimension + i] = (float)(i % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle));
            }
        }

        return tensor(values, [maxTokens, dimension]);
    }
}
