namespace AttentionML.Training;

/// <summary>
/// The learning rate at each optimisation step: a linear rise over the warmup steps to the peak, then the
/// chosen decay towards 0 over the remaining steps.
/// </summary>
internal sealed class LearningRateSchedule
{
    private readonly double peak;
    private readonly LearningRateDecay decay;

    public LearningRateSchedule(double peak, long totalSteps, double warmupFraction, LearningRateDecay decay)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalSteps);
        this.peak = peak;
        this.decay = decay;
        TotalSteps = totalSteps;
        WarmupSteps = (long)Math.Round(warmupFraction * totalSteps);
    }

    public long TotalSteps { get; }

    public long WarmupSteps { get; }

    /// <summary>The rate of step <paramref name="step"/>, counted from 0.</summary>
    /// <remarks>
    /// Warmup step s uses <c>peak * (s + 1) / warmup</c>, so the first step already moves the weights. After
    /// warmup, progress p runs from 0 at the first decaying step towards 1 (never reached) at the last:
    /// linear decay gives <c>peak * (1 - p)</c>, cosine decay <c>peak * (1 + cos(pi p)) / 2</c>.
    /// </remarks>
    public double At(long step)
    {
        if (step < WarmupSteps)
            return peak * (step + 1) / WarmupSteps;

        var progress = (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps);
        return decay switch
        {
            LearningRateDecay.Linear => peak * (1 - progress),
            LearningRateDecay.Cosine => peak * 0.5 * (1 + Math.Cos(Math.PI * progress)),
            _ => peak,
        };
    }
}
