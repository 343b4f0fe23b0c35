#!/usr/bin/env python3
"""Correction accuracy of "Did you mean" (GET /api/search's `suggestion`) on misspellings made
by a fixed rule, through a running `medsearch serve` (docs/decisions/0022-suggestions.md).

The set: words of a query file (BEIR queries.jsonl, e.g. ../shared/data/nfcorpus-train, never
used to tune the corrector), lower-cased, ASCII letters only, at least --min-length letters,
that the index knows (the word searched alone finds at least one document); each distinct word
once, in sorted order, shuffled with --seed and cut to --n. Each word gets ONE random edit
(Damerau's four: delete a letter, insert a random letter a-z, substitute a letter by a
different random letter, swap two adjacent different letters; edit kind and position uniform),
redrawn while the result is a word the index knows. Two tests per word:
  word   the misspelled word alone as the query;
  query  the first query containing the word, with that word misspelled.
A test is right when the suggestion is the original (word, or whole query, case-insensitive),
wrong when it is something else, none when there is no suggestion.

  bench/spelling_eval.py --server http://127.0.0.1:8080 --queries QUERIES.jsonl [--n 300]
Chinese (--zh TSV of "id<TAB>query"): a CC-CEDICT-like headword is not available to Python
here, so the rule is: one character of the query, at a uniform position among its Han
characters, replaced by a uniform random Han character from the other queries; right when
the suggestion restores the query.
"""
import argparse
import json
import random
import re
import statistics
import time
import urllib.parse
import urllib.request

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def search(server, q, **extra):
    params = {"q": q, "k": "1", **extra}
    t = time.perf_counter()
    with urllib.request.urlopen(f"{server}/api/search?{urllib.parse.urlencode(params)}") as r:
        body = json.load(r)
    return body, (time.perf_counter() - t) * 1000


def edit(word, rng):
    while True:
        kind = rng.choice(["delete", "insert", "substitute", "transpose"])
        i = rng.randrange(len(word))
        if kind == "delete":
            return word[:i] + word[i + 1:]
        if kind == "insert":
            return word[:i] + rng.choice(LETTERS) + word[i:]
        if kind == "substitute":
            return word[:i] + rng.choice(LETTERS.replace(word[i], "")) + word[i + 1:]
        if i + 1 < len(word) and word[i] != word[i + 1]:
            return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def english(args):
    queries = [json.loads(line)["text"] for line in open(args.queries, encoding="utf-8")]
    first_query = {}
    for q in queries:
        for w in re.findall(r"[A-Za-z]+", q):
            first_query.setdefault(w.lower(), q)
    rng = random.Random(args.seed)
    words = sorted(w for w in first_query if len(w) >= args.min_length)
    rng.shuffle(words)
    known = lambda w: search(args.server, w, suggest_below="0")[0]["total"] > 0
    cases = []
    for w in words:
        if len(cases) >= args.n:
            break
        if not known(w):
            continue
        for _ in range(20):
            typo = edit(w, rng)
            if not known(typo):
                break
        else:
            continue
        cases.append((w, typo))
    tallies = {"word": [0, 0, 0], "query": [0, 0, 0]}
    times = []
    examples = {"right": [], "wrong": [], "none": []}
    for w, typo in cases:
        body, ms = search(args.server, typo)
        times.append(ms)
        got = body.get("suggestion", {}).get("query", "").lower()
        k = 0 if got == w else (2 if not got else 1)
        tallies["word"][k] += 1
        kind = ["right", "wrong", "none"][k]
        if len(examples[kind]) < 8:
            examples[kind].append(f"{typo} -> {got or '-'} (want {w})")
        original = first_query[w]
        typed = re.sub(rf"\b{re.escape(w)}\b", typo, original, count=1, flags=re.I)
        body, _ = search(args.server, typed)
        got = body.get("suggestion", {}).get("query", "").lower()
        tallies["query"][0 if got == original.lower() else (2 if not got else 1)] += 1
    report(args, len(cases), tallies, times, examples)


def chinese(args):
    rows = [line.rstrip("\n").split("\t") for line in open(args.zh, encoding="utf-8") if "\t" in line]
    queries = [q for _, q in rows]
    han = sorted({c for q in queries for c in q if "\u4e00" <= c <= "\u9fff"})
    rng = random.Random(args.seed)
    cases = []
    for q in queries:
        positions = [i for i, c in enumerate(q) if "\u4e00" <= c <= "\u9fff"]
        if len(positions) < 3:
            continue
        i = rng.choice(positions)
        typo = q[:i] + rng.choice([c for c in han if c != q[i]]) + q[i + 1:]
        cases.append((q, typo))
    cases = cases[: args.n]
    tallies = {"query": [0, 0, 0]}
    times = []
    examples = {"right": [], "wrong": [], "none": []}
    for q, typo in cases:
        body, ms = search(args.server, typo)
        times.append(ms)
        got = body.get("suggestion", {}).get("query", "")
        k = 0 if got == q else (2 if not got else 1)
        tallies["query"][k] += 1
        kind = ["right", "wrong", "none"][k]
        if len(examples[kind]) < 8:
            examples[kind].append(f"{typo} -> {got or '-'} (want {q})")
    report(args, len(cases), tallies, times, examples)


def report(args, n, tallies, times, examples):
    out = {"cases": n, "seed": args.seed}
    for name, (right, wrong, none) in tallies.items():
        out[name] = {"right": right, "wrong": wrong, "none": none, "accuracy": round(right / max(1, n), 3)}
    times.sort()
    out["search_ms_with_suggestion_p50"] = round(statistics.median(times), 2) if times else None
    out["search_ms_p99"] = round(times[int(0.99 * (len(times) - 1))], 2) if times else None
    out["examples"] = examples
    print(json.dumps(out, ensure_ascii=False, indent=1))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--server", required=True)
    p.add_argument("--queries", help="BEIR queries.jsonl (English)")
    p.add_argument("--zh", help="id<TAB>Chinese query file")
    p.add_argument("--n", type=int, default=300)
    p.add_argument("--min-length", type=int, default=5)
    p.add_argument("--seed", type=int, default=19)
    args = p.parse_args()
    chinese(args) if args.zh else english(args)


if __name__ == "__main__":
    main()
