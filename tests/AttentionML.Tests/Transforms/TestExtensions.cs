using Microsoft.ML;
using Microsoft.ML.Data;

namespace AttentionML.Tests.Transforms;

internal static class TestExtensions
{
    public static TResult Let<T, TResult>(this T value, Func<T, TResult> map) => map(value);

    /// <summary>The last transformer of a fitted chain returned as <see cref="ITransformer"/>.</summary>
    public static ITransformer LastTransformer(this ITransformer model) =>
        model is IEnumerable<ITransformer> chain ? chain.Last() : model;
}
