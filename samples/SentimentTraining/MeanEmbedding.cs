namespace SentimentTraining;

/// <summary>
/// Baseline (a): the plain average of a row's token embeddings, with no attention in between. A row whose
/// tokens all lack a vector averages to zeros, as the attention transform's mean pooling does.
/// </summary>
internal static class MeanEmbedding
{
    /// <summary>The GloVe vectors' size; the shipped file is 50-dimensional.</summary>
    public const int Dimension = 50;

    /// <summary>The <c>CustomMapping</c> action: <c>[tokens, 50]</c> to the 50 column means.</summary>
    public static void Map(TokenEmbeddings input, MeanFeatures output)
    {
        var mean = new float[Dimension];
        var tokens = input.Embeddings.Length / Dimension;
        for (var t = 0; t < tokens; t++)
        {
            for (var j = 0; j < Dimension; j++)
                mean[j] += input.Embeddings[t * Dimension + j];
        }

        if (tokens > 0)
        {
            for (var j = 0; j < Dimension; j++)
                mean[j] /= tokens;
        }

        output.Features = mean;
    }
}
