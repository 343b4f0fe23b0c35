#!/usr/bin/python3
"""Writes the query file of the lexical benchmark from a corpus's own words.

    /usr/bin/python3 bench/make_query_mix.py --corpus DIR --out FILE [--per-class 200]
        [--sample 20000] [--seed 7]

Reads the first --sample citations of the corpus's PubMed files (sorted by name, lxml
iterparse) and takes the text of the fields both engines rank: ArticleTitle,
VernacularTitle, AbstractText, OtherAbstract, Keyword, MeSH DescriptorName and chemical
NameOfSubstance. A query word is a lower-case ASCII alphabetic token of at least 3 letters
that is neither a common English function word nor one of medsearch's stop words (read
from src/medsearch/text/stop_words.cpp; both engines drop those). Each word's document frequency (df) in the sample puts it in a band:

    common   df >= 1% of the sampled citations        drawn with probability 0.3
    medium   0.1% <= df < 1%                           0.4
    rare     2 sampled citations <= df < 0.1%          0.3

and a word is drawn uniformly inside its band: a mix of the long posting lists that make
ranked search work hard and the short ones most real query words have. Phrase pairs are
two such words next to each other in one title or abstract value (no token, punctuation
mark or stop word between them), in at least 2 sampled citations, banded by the pair's df
in the same way (common: top 2% of the distinct pairs by df, medium: the next 18%, rare:
the rest). So every phrase occurs in the corpus.

Output: one `class<TAB>query` line per query, --per-class of each class, in this order:

    1term    w
    2term    w1 w2           (free text: ranked OR of the words)
    3term    w1 w2 w3
    bool     w1 AND w2  |  (w1 OR w2) NOT w3   (half each; the parentheses make PubMed's
             left-to-right reading and Xapian's operator precedence agree)
    phrase   "w1 w2"

The same file is read by bench_query (PubMed syntax) and bench_xapian (Xapian's
QueryParser with FLAG_BOOLEAN | FLAG_PHRASE): both read these five forms the same way.
Output is the same for the same corpus, sample size and seed. Prints one JSON line with
the counts.
"""

import argparse
import collections
import glob
import gzip
import json
import os
import random
import re
import sys

from lxml import etree

# Common English function words, left out of queries; medsearch's own stop words are added
# below when its source is at hand (both engines drop those anyway).
FUNCTION_WORDS = set("""
a about above after again against all also although am among an and another any are around as at
be because been before being below between both but by can could did do does doing down during each
either else even ever every few for from further had has have having he her here hers herself him
himself his how however if in into is it its itself just may me might more most much must my myself
neither no nor not now of off on once only onto or other others our ours ourselves out over own per
quite rather same several shall she should since so some still such than that the their theirs them
themselves then there thereby therefore these they this those though through thus to too toward
towards under until up upon very via was we were what when where whereas whether which while who whom
whose why will with within without would yet you your
""".split())



def engine_stop_words():
    """medsearch's stop-word list (src/medsearch/text/stop_words.cpp) when the source is there."""
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                        "src", "medsearch", "text", "stop_words.cpp")
    try:
        text = open(path).read()
        block = text[text.index("kStopWords[]"):]
        block = block[:block.index("};")]
        return set(re.findall(r'"([a-z]+)"', block))
    except (OSError, ValueError):
        return set()


FUNCTION_WORDS |= engine_stop_words()

PROSE_TAGS = {"ArticleTitle", "VernacularTitle", "AbstractText"}
KEYWORD_TAGS = {"Keyword", "DescriptorName", "NameOfSubstance"}
STRIP = ".,;:!?()[]{}\"'"


def words_of(text):
    """The text's tokens as (word or None); None breaks adjacency."""
    out = []
    for raw in text.split():
        w = raw.strip(STRIP).lower()
        if len(w) >= 3 and w.isascii() and w.isalpha() and w not in FUNCTION_WORDS:
            # A leading bracket or trailing punctuation ends the run of adjacent words.
            if raw[:1] in STRIP:
                out.append(None)
            out.append(w)
            if raw[-1:] in STRIP:
                out.append(None)
        else:
            out.append(None)
    return out


def sample_corpus(corpus, limit):
    files = sorted(glob.glob(os.path.join(corpus, "*.xml.gz")) + glob.glob(os.path.join(corpus, "*.xml")))
    if not files:
        sys.exit(f"make_query_mix: no PubMed files in {corpus}")
    word_df = collections.Counter()
    pair_df = collections.Counter()
    seen = 0
    for path in files:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rb") as f:
            for _, el in etree.iterparse(f, events=("end",), tag="MedlineCitation",
                                         resolve_entities=False, no_network=True, huge_tree=True):
                words, pairs = set(), set()
                for node in el.iter():
                    tag = node.tag if isinstance(node.tag, str) else ""
                    if tag in PROSE_TAGS or tag in KEYWORD_TAGS:
                        text = "".join(node.itertext())
                        toks = words_of(text)
                        words.update(t for t in toks if t)
                        if tag in PROSE_TAGS:
                            for a, b in zip(toks, toks[1:]):
                                if a and b and a != b:
                                    pairs.add((a, b))
                word_df.update(words)
                pair_df.update(pairs)
                seen += 1
                el.clear()
                while el.getprevious() is not None:
                    del el.getparent()[0]
                if seen >= limit:
                    return seen, word_df, pair_df
    return seen, word_df, pair_df


def bands_by_df(df, n):
    common = sorted(w for w, c in df.items() if c >= 0.01 * n)
    medium = sorted(w for w, c in df.items() if 0.001 * n <= c < 0.01 * n)
    rare = sorted(w for w, c in df.items() if 2 <= c < 0.001 * n)
    return {"common": common, "medium": medium, "rare": rare}


def bands_by_rank(df):
    ranked = sorted((p for p, c in df.items() if c >= 2), key=lambda p: (-df[p], p))
    a, b = int(len(ranked) * 0.02), int(len(ranked) * 0.20)
    return {"common": sorted(ranked[:max(a, 1)]), "medium": sorted(ranked[max(a, 1):max(b, 2)]),
            "rare": sorted(ranked[max(b, 2):])}


WEIGHTS = [("common", 0.3), ("medium", 0.4), ("rare", 0.3)]


def draw(rng, bands):
    names = [n for n, _ in WEIGHTS if bands[n]]
    weights = [w for n, w in WEIGHTS if bands[n]]
    band = rng.choices(names, weights)[0]
    return rng.choice(bands[band])


def distinct(rng, bands, k):
    out = []
    while len(out) < k:
        w = draw(rng, bands)
        if w not in out:
            out.append(w)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True, help="folder of PubMed files (bench/gen_synthetic_pubmed.py output)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--per-class", type=int, default=200)
    ap.add_argument("--sample", type=int, default=20000, help="citations read for the word statistics")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    n, word_df, pair_df = sample_corpus(args.corpus, args.sample)
    words = bands_by_df(word_df, n)
    pairs = bands_by_rank(pair_df)
    if not any(words.values()) or not any(pairs.values()):
        sys.exit("make_query_mix: the sample holds too few words")
    rng = random.Random(args.seed)
    lines = []
    for size in (1, 2, 3):
        for _ in range(args.per_class):
            lines.append((f"{size}term", " ".join(distinct(rng, words, size))))
    for i in range(args.per_class):
        if i % 2 == 0:
            a, b = distinct(rng, words, 2)
            lines.append(("bool", f"{a} AND {b}"))
        else:
            a, b, c = distinct(rng, words, 3)
            lines.append(("bool", f"({a} OR {b}) NOT {c}"))
    for _ in range(args.per_class):
        a, b = draw(rng, pairs)
        lines.append(("phrase", f'"{a} {b}"'))
    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        for cls, q in lines:
            f.write(f"{cls}\t{q}\n")
    os.replace(tmp, args.out)
    print(json.dumps({"out": args.out, "queries": len(lines), "per_class": args.per_class,
                      "sampled_citations": n, "seed": args.seed,
                      "word_bands": {k: len(v) for k, v in words.items()},
                      "pair_bands": {k: len(v) for k, v in pairs.items()}}))


if __name__ == "__main__":
    main()
