using TorchSharp;

namespace AttentionML.Attention;

/// <summary>
/// Torch scalars that live as long as the process. Passing a plain number where TorchSharp 0.107 expects a
/// <see cref="Scalar"/> creates a temporary native scalar that nothing keeps alive: the GC finalizer can free
/// it while the native call still reads it, which fails at random under load ("Expected false to be true" from
/// <c>masked_fill</c>, seen here in benchmarks and reproduced with a thread forcing collections). Every scalar the
/// library passes is therefore either one of these or a local disposed with <c>using</c> after the call.
/// </summary>
internal static class Scalars
{
    public static readonly Scalar Zero = 0.0.ToScalar();

    public static readonly Scalar One = 1.0.ToScalar();

    public static readonly Scalar NegativeInfinity = double.NegativeInfinity.ToScalar();

    public static readonly Scalar FloatMin = ((double)float.MinValue).ToScalar();

    public static readonly Scalar FloatMax = ((double)float.MaxValue).ToScalar();
}
