using Microsoft.ML;

namespace AttentionML;

/// <summary>Hangs <see cref="AttentionCatalog"/> off <see cref="MLContext"/> as <c>mlContext.Attention</c>.</summary>
public static class MLContextExtensions
{
    extension(MLContext mlContext)
    {
        /// <summary>
        /// AttentionML's estimators for this context: <c>EmbedTokens</c> and <c>ApplySelfAttention</c>.
        /// </summary>
        public AttentionCatalog Attention => new(mlContext);
    }
}
