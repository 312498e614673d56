using AttentionML.Training;

namespace AttentionML.Tests.Training;

/// <summary>Small seeded data sets for training tests; embeddings are 8-dimensional.</summary>
internal static class SyntheticTasks
{
    public const int Dimension = 8;

    /// <summary>Embeddings drawn from N(0, 1), one per word.</summary>
    public static float[][] Vocabulary(Random random, int words) =>
        [.. Enumerable.Range(0, words)
            .Select(_ => Enumerable.Range(0, Dimension).Select(_ => Gaussian(random)).ToArray())];

    /// <summary>
    /// "Word 0 comes before word 1": each pair of rows holds the same words at the same places except that
    /// words 0 and 1 swap places, so the two rows have identical mean embeddings and opposite labels.
    /// Other places hold words 2 and up; rows have 3 to 6 tokens.
    /// </summary>
    public static List<(int[] Words, bool Label)> WordOrder(Random random, int pairs, int vocabulary)
    {
        var rows = new List<(int[] Words, bool Label)>();
        for (var p = 0; p < pairs; p++)
        {
            var words = Enumerable.Range(0, random.Next(3, 7)).Select(_ => random.Next(2, vocabulary)).ToArray();
            var first = random.Next(words.Length);
            var second = (first + random.Next(1, words.Length)) % words.Length;
            var (a, b) = (Math.Min(first, second), Math.Max(first, second));
            var before = (int[])words.Clone();
            (before[a], before[b]) = (0, 1);
            var after = (int[])words.Clone();
            (after[a], after[b]) = (1, 0);
            rows.Add((before, true));
            rows.Add((after, false));
        }

        return rows;
    }

    /// <summary>Row-major <c>[tokens, 8]</c> embeddings of <paramref name="words"/>.</summary>
    public static float[] Embed(int[] words, float[][] vocabulary) => [.. words.SelectMany(w => vocabulary[w])];

    public static TrainingSet Classification(IEnumerable<(int[] Words, bool Label)> rows, float[][] vocabulary) =>
        new([.. rows.Select(r => new TrainingExample(Embed(r.Words, vocabulary), r.Words.Length, r.Label ? 1 : 0))],
            Dimension, TrainingTask.Classification, classCount: 2);

    /// <summary>Rows of 2 to 6 random words; the label is the mean of the words' values, value(w) = w - 3.5.</summary>
    public static TrainingSet Regression(Random random, int rows, float[][] vocabulary)
    {
        var examples = new List<TrainingExample>();
        for (var r = 0; r < rows; r++)
        {
            var words = Enumerable.Range(0, random.Next(2, 7)).Select(_ => random.Next(vocabulary.Length)).ToArray();
            var label = (float)words.Average(w => w - 3.5);
            examples.Add(new TrainingExample(Embed(words, vocabulary), words.Length, label));
        }

        return new TrainingSet(examples, Dimension, TrainingTask.Regression);
    }

    /// <summary>
    /// Unlabelled rows of 1 to 3 word pairs: pair k is word 2k followed by word 2k + 1, so a hidden word is told
    /// by its neighbour.
    /// </summary>
    public static TrainingSet Pairs(Random random, int rows, float[][] vocabulary)
    {
        var examples = new List<TrainingExample>();
        for (var r = 0; r < rows; r++)
        {
            var words = Enumerable.Range(0, random.Next(1, 4))
                .SelectMany(_ => random.Next(vocabulary.Length / 2) is var k ? new[] { 2 * k, 2 * k + 1 } : [])
                .ToArray();
            examples.Add(new TrainingExample(Embed(words, vocabulary), words.Length, 0));
        }

        return new TrainingSet(examples, Dimension, TrainingTask.SelfSupervised);
    }

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
