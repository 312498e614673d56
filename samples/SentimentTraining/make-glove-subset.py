#!/usr/bin/env python3
"""Writes the GloVe subset that the SentimentTraining sample ships.

It keeps, byte for byte and in their original order, the lines of a GloVe text file whose token occurs in
the sentiment sentences under the sample's tokenization (SentenceTokenizer.cs holds the same rule).

Usage (from this folder):
    python3 make-glove-subset.py PATH/TO/glove.6B.50d.10k.txt

The input used for the shipped file is the 10,000-line excerpt of glove.6B.50d.txt described in
Data/glove-6B-50d-sentiment/README.md. Standard library only.
"""

import hashlib
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
SENTENCES = HERE / "Data" / "sentiment-labelled-sentences"
SENTENCE_FILES = ["amazon_cells_labelled.txt", "imdb_labelled.txt", "yelp_labelled.txt"]
OUTPUT = HERE / "Data" / "glove-6B-50d-sentiment" / "glove.6B.50d.sentiment.txt"

# The tokenization rule, applied to the lower-cased sentence. At each position the first alternative that
# matches wins: a word directly followed by "n't" (so "don't" -> "do", "n't"), the "n't" itself, an
# English clitic ("'s", "'re", "'ve", "'ll", "'d", "'m"), a run of word characters, or any other single
# non-space character (so "great!!" -> "great", "!", "!"). These are the pieces GloVe's own tokenizer
# produced. Word characters are a-z, 0-9 and the Latin-1 / Latin Extended letters U+00C0 to U+024F.
WORD = "a-z0-9\u00c0-\u024f"
TOKEN = re.compile(
    f"[{WORD}]+(?=n't(?![{WORD}]))"
    f"|n't"
    f"|'(?:s|re|ve|ll|d|m)(?![{WORD}])"
    f"|[{WORD}]+"
    f"|[^{WORD}\\s]")


def tokenize(sentence):
    return TOKEN.findall(sentence.lower())


def read_sentences():
    for name in SENTENCE_FILES:
        # Split on LF only: str.splitlines would also split on U+0085, which two imdb sentences contain.
        text = (SENTENCES / name).read_bytes().decode("utf-8")
        for line in text.split("\n"):
            if line:
                sentence, _label = line.rsplit("\t", 1)
                yield sentence


def main(glove_path):
    counts = {}
    sentences = 0
    for sentence in read_sentences():
        sentences += 1
        for token in tokenize(sentence):
            counts[token] = counts.get(token, 0) + 1

    kept = []
    glove_lines = 0
    for line in pathlib.Path(glove_path).read_bytes().split(b"\n"):
        if not line:
            continue
        glove_lines += 1
        token = line.split(b" ", 1)[0].decode("utf-8")
        if token in counts:
            kept.append(line + b"\n")
    subset = b"".join(kept)
    OUTPUT.write_bytes(subset)

    covered = {line.split(b" ", 1)[0].decode("utf-8") for line in kept}
    total_tokens = sum(counts.values())
    covered_tokens = sum(n for token, n in counts.items() if token in covered)
    print(f"sentences:            {sentences}")
    print(f"tokens:               {total_tokens}")
    print(f"distinct tokens:      {len(counts)}")
    print(f"GloVe lines read:     {glove_lines}")
    print(f"lines kept:           {len(kept)}")
    print(f"token coverage:       {covered_tokens} of {total_tokens} ({100.0 * covered_tokens / total_tokens:.1f}%)")
    print(f"type coverage:        {len(covered)} of {len(counts)} ({100.0 * len(covered) / len(counts):.1f}%)")
    print(f"output:               {OUTPUT.relative_to(HERE)}")
    print(f"bytes:                {len(subset)}")
    print(f"SHA-256:              {hashlib.sha256(subset).hexdigest()}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python3 make-glove-subset.py PATH/TO/glove.6B.50d.10k.txt")
    main(sys.argv[1])
