namespace AttentionML.Tests.Training;

/// <summary>
/// Tests that train run alone, on one torch thread. Alone: dropout draws from torch's process-wide generator,
/// so a test elsewhere that builds a layer (nn.Linear draws from it) at the same moment would break
/// bit-for-bit reproducibility. One thread: these models are tiny, and on shared 2-core machines torch's two
/// intra-op threads made a 12-epoch run take 4 to 8 s instead of 0.4 s.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainingCollection : ICollectionFixture<OneTorchThread>
{
    public const string Name = "Training";
}
