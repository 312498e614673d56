using AttentionML.Embeddings;
using AttentionML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace AttentionML;

/// <summary>
/// AttentionML's estimators, reached as <c>mlContext.Attention</c>. It hangs off the <see cref="MLContext"/>
/// rather than <c>mlContext.Transforms</c> because only the context itself gives access to its seed and log.
/// </summary>
public sealed class AttentionCatalog
{
    private readonly MLContext _mlContext;

    /// <summary>Creates the catalog for <paramref name="mlContext"/> and registers the model loaders with it.</summary>
    /// <param name="mlContext">The context whose seed, log and model loading the estimators use.</param>
    public AttentionCatalog(MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        _mlContext = mlContext;
        TryRegisterModelLoaders();
    }

    private IHostEnvironment Environment => _mlContext;

    /// <summary>
    /// Looks up the embedding of each token of <paramref name="inputColumnName"/> in <paramref name="vectors"/>.
    /// </summary>
    /// <param name="outputColumnName">The column to add: <c>Vector&lt;Single, *, d&gt;</c>, a row-major
    /// <c>[tokens, d]</c> matrix.</param>
    /// <param name="inputColumnName">A vector-of-text token column; <c>null</c> means
    /// <paramref name="outputColumnName"/>.</param>
    /// <param name="vectors">Token to vector; every vector has the same length d.</param>
    public EmbedTokensEstimator EmbedTokens(
        string outputColumnName, string? inputColumnName, IReadOnlyDictionary<string, float[]> vectors) =>
        EmbedTokens(new TokenEmbeddingOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            WordVectors = WordVectors.FromDictionary(vectors),
        });

    /// <summary>Looks up the embedding of each token in a GloVe or word2vec/fastText text file.</summary>
    /// <param name="outputColumnName">The column to add: <c>Vector&lt;Single, *, d&gt;</c>, a row-major
    /// <c>[tokens, d]</c> matrix.</param>
    /// <param name="inputColumnName">A vector-of-text token column; <c>null</c> means
    /// <paramref name="outputColumnName"/>.</param>
    /// <param name="wordVectorsPath">The word-vector file; read once, when the estimator is fitted.</param>
    public EmbedTokensEstimator EmbedTokens(string outputColumnName, string? inputColumnName, string wordVectorsPath) =>
        EmbedTokens(new TokenEmbeddingOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            WordVectorsPath = wordVectorsPath,
        });

    /// <summary>Looks up token embeddings as <paramref name="options"/> say.</summary>
    /// <param name="options">Columns, vectors, unknown-token handling and the row length limit.</param>
    public EmbedTokensEstimator EmbedTokens(TokenEmbeddingOptions options) => new(options);

    /// <summary>
    /// Adds self-attention context vectors of a token-embedding column, with default options: one head, learned
    /// projections, scaled scores, mean pooling into <c>outputColumnName + "Pooled"</c>.
    /// </summary>
    /// <param name="outputColumnName">The per-token context column to add.</param>
    /// <param name="inputColumnName">The <c>[tokens, d]</c> embedding column; <c>null</c> means
    /// <paramref name="outputColumnName"/>.</param>
    public SelfAttentionEstimator ApplySelfAttention(string outputColumnName, string? inputColumnName = null) =>
        ApplySelfAttention(new SelfAttentionOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
        });

    /// <summary>Adds self-attention context, pooled and (optionally) weights columns as
    /// <paramref name="options"/> say.</summary>
    /// <param name="options">Columns, attention shape, pooling, device and training settings.</param>
    public SelfAttentionEstimator ApplySelfAttention(SelfAttentionOptions options) => new(Environment, options);

    /// <summary>
    /// Lets <c>mlContext.Model.Load</c> on this catalog's context read models that contain AttentionML
    /// transformers. Creating the catalog already does this, so in a fresh process the one line needed before
    /// <c>Load</c> is <c>mlContext.Attention.RegisterModelLoaders();</c>.
    /// </summary>
    /// <exception cref="NotSupportedException">This ML.NET version's internals differ from the ones AttentionML
    /// binds to; the transformers' <c>SaveTo</c>/<c>Load</c> streams still work.</exception>
    public void RegisterModelLoaders()
    {
        EmbedTokensTransformer.RegisterLoader(Environment);
        SelfAttentionTransformer.RegisterLoader(Environment);
    }

    private void TryRegisterModelLoaders()
    {
        try
        {
            RegisterModelLoaders();
        }
        catch (NotSupportedException e)
        {
            var host = Environment.Register(nameof(AttentionCatalog));
            using var channel = host.Start("Register model loaders");
            channel.Warning(MessageSensitivity.None,
                "mlContext.Model.Load cannot read AttentionML models in this process: {0}", e.Message);
        }
    }
}
