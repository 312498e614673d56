using AttentionML.Embeddings;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace AttentionML.Transforms;

/// <summary>
/// Estimator for <see cref="EmbedTokensTransformer"/>: nothing is learned; <c>Fit</c> checks the input column
/// and loads the word vectors (once per estimator).
/// </summary>
public sealed class EmbedTokensEstimator : IEstimator<EmbedTokensTransformer>
{
    private readonly TokenEmbeddingOptions _options;
    private readonly Lazy<WordVectors> _vectors;

    internal EmbedTokensEstimator(TokenEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        _options = options;
        _vectors = new Lazy<WordVectors>(() => options.WordVectors ?? WordVectors.Load(options.WordVectorsPath!));
    }

    private string InputColumnName => _options.InputColumnName ?? _options.OutputColumnName;

    /// <inheritdoc />
    public EmbedTokensTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transformer = new EmbedTokensTransformer(_options.OutputColumnName, InputColumnName, _vectors.Value,
            _options.UnknownTokens, _options.IgnoreCaseFallback, _options.MaxTokens);
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        SchemaShapes.CheckVectorInput(inputSchema, InputColumnName, TextDataViewType.Instance);
        return SchemaShapes.Append(inputSchema, SchemaShapes.VariableFloatVector(_options.OutputColumnName));
    }

    private static void Validate(TokenEmbeddingOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.OutputColumnName))
            throw new ArgumentException("OutputColumnName must name the column to add.", nameof(options));
        if ((options.WordVectors is null) == (options.WordVectorsPath is null))
            throw new ArgumentException(
                "Exactly one of WordVectors and WordVectorsPath must be set" +
                (options.WordVectors is null ? "; neither is." : "; both are."), nameof(options));
        if (options.MaxTokens <= 0)
            throw new ArgumentOutOfRangeException(nameof(options),
                $"MaxTokens ({options.MaxTokens}) must be positive.");
        if (!Enum.IsDefined(options.UnknownTokens))
            throw new ArgumentOutOfRangeException(nameof(options),
                $"UnknownTokens ({options.UnknownTokens}) is not defined.");
    }
}
