#!/usr/bin/env python3
"""Autocomplete latency per keystroke: GET /api/suggest for every prefix of real queries, as a
user types them, against a running `medsearch serve` (docs/decisions/0022-suggestions.md).

Each query of --queries (BEIR queries.jsonl) is typed one character at a time; every prefix is
one request on one keep-alive connection (no think time, one client). Reported: requests,
p50/p99/max of the client-side time (request sent to body read: HTTP parsing, routing,
JSON), and of the server's own took_ms (the lookup alone). Repeat with --runs and report each.

  bench/suggest_bench.py --server http://127.0.0.1:8080 --queries Q.jsonl [--limit-queries 300] [--runs 3]
"""
import argparse
import http.client
import json
import statistics
import time
import urllib.parse


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]


def one_run(host, port, prefixes):
    conn = http.client.HTTPConnection(host, port)
    client, server = [], []
    for prefix in prefixes:
        path = "/api/suggest?" + urllib.parse.urlencode({"prefix": prefix, "limit": "8"})
        t = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        client.append((time.perf_counter() - t) * 1000)
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status} {body[:200]!r}")
        server.append(json.loads(body)["took_ms"])
    conn.close()
    return {
        "requests": len(prefixes),
        "client_ms": {"p50": round(statistics.median(client), 3), "p99": round(percentile(client, 0.99), 3), "max": round(max(client), 3)},
        "server_ms": {"p50": round(statistics.median(server), 4), "p99": round(percentile(server, 0.99), 4), "max": round(max(server), 4)},
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--server", required=True)
    p.add_argument("--queries", required=True)
    p.add_argument("--limit-queries", type=int, default=300)
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    url = urllib.parse.urlparse(args.server)
    queries = [json.loads(line)["text"] for line in open(args.queries, encoding="utf-8")][: args.limit_queries]
    prefixes = [q[:i] for q in queries for i in range(1, len(q) + 1)]
    runs = [one_run(url.hostname, url.port, prefixes) for _ in range(args.runs)]
    print(json.dumps({"queries": len(queries), "runs": runs}, indent=1))


if __name__ == "__main__":
    main()
