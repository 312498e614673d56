using System.Text.RegularExpressions;

namespace SentimentTraining;

/// <summary>
/// Splits a sentence into the lower-case tokens that GloVe's vocabulary uses. make-glove-subset.py applies the
/// same rule to choose which GloVe lines the sample ships, so the two must change together.
/// </summary>
/// <remarks>
/// At each position the first alternative that matches wins: a word directly followed by "n't" ("don't" gives
/// "do", "n't"), that "n't", an English clitic ("'s", "'re", "'ve", "'ll", "'d", "'m"), a run of word
/// characters, or any other single non-space character ("great!!" gives "great", "!", "!"). Word characters
/// are a-z, 0-9 and the letters U+00C0 to U+024F. These are the pieces GloVe's own (Stanford) tokenizer made.
/// </remarks>
internal static partial class SentenceTokenizer
{
    /// <summary>The tokens of <paramref name="sentence"/>, in order.</summary>
    public static string[] Tokenize(string sentence) =>
        [.. Token().Matches(sentence.ToLowerInvariant()).Select(m => m.Value)];

    /// <summary>The <c>CustomMapping</c> action: sentence text to tokens.</summary>
    public static void Map(SentenceText input, SentenceTokens output) => output.Tokens = Tokenize(input.Text);

    [GeneratedRegex(
        @"[a-z0-9\u00C0-\u024F]+(?=n't(?![a-z0-9\u00C0-\u024F]))" +
        @"|n't" +
        @"|'(?:s|re|ve|ll|d|m)(?![a-z0-9\u00C0-\u024F])" +
        @"|[a-z0-9\u00C0-\u024F]+" +
        @"|[^a-z0-9\u00C0-\u024F\s]",
        RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
