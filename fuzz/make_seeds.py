#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target (fuzz/*_fuzz.cpp) under OUT/<target>/.

Seeds are small excerpts of the shared data (../shared beside the checkout: PubMed XML,
BEIR corpus and queries, Chinese queries, the model files) cut at run time, so no large
file is copied into the repository, plus a few tiny inputs written here that reach the
corners the excerpts do not (gzip members with header fields, the record cap, MathML).
Missing shared files are skipped: the hand-written seeds alone still make a corpus.

usage: fuzz/make_seeds.py OUT [SHARED]
"""
import gzip
import hashlib
import json
import re
import struct
import sys
from pathlib import Path

MAX_SEED = 16 * 1024  # bytes; libFuzzer's -max_len in scripts/fuzz.sh is larger


def put(out: Path, target: str, data: bytes) -> None:
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


def read_maybe_gzip(path: Path, limit: int) -> bytes:
    with (gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")) as f:
        return f.read(limit)


def pubmed_excerpts(shared: Path):
    """Small documents from each PubMed file: each of its first records, re-wrapped alone."""
    for path in sorted((shared / "data/pubmed").glob("*.xml*")) + sorted((shared / "data/pubmed/biopython").glob("*.xml*")):
        try:
            text = read_maybe_gzip(path, 256 * 1024)
        except OSError:
            continue
        bodies = [m.group(0) for m in re.finditer(rb"<(PubmedArticle|MedlineCitation|DeleteCitation)[\s>].*?</\1>", text, re.S)]
        if not bodies:
            continue
        root = b"PubmedArticleSet" if bodies[0].startswith(b"<PubmedArticle") else b"MedlineCitationSet"
        head = b'<?xml version="1.0"?>\n<!DOCTYPE ' + root + b' PUBLIC "-//NLM//DTD x//EN" "x.dtd">\n'
        for body in bodies[:3]:
            if len(body) < MAX_SEED:
                yield head + b"<" + root + b">\n" + body + b"\n</" + root + b">\n"


def tiny_pubmed():
    article = (b"<PubmedArticle><MedlineCitation><PMID Version=\"1\">12345</PMID><Article><ArticleTitle>"
               b"Tau <i>in vitro</i> <mml:math><mml:mi>x</mml:mi><mml:mo>+</mml:mo></mml:math> data"
               b"</ArticleTitle><Abstract><AbstractText Label=\"BACKGROUND\">A&amp;B &#x3b1; "
               b"<![CDATA[raw <text>]]></AbstractText></Abstract><Journal><JournalIssue><PubDate><Year>2001"
               b"</Year><Month>Dec</Month></PubDate></JournalIssue><Title>J</Title></Journal></Article>"
               b"</MedlineCitation></PubmedArticle>")
    yield b"<PubmedArticleSet>" + article + b"<DeleteCitation><PMID>1</PMID><PMID>2</PMID></DeleteCitation></PubmedArticleSet>"
    yield article  # a bare record as the root
    yield b"\xef\xbb\xbf<?xml version='1.0'?><!-- c --><!DOCTYPE PubmedArticleSet [<!ENTITY x '>'>]><PubmedArticleSet/>"
    yield b"<PubmedArticleSet><PubmedArticle attr='>'>" + b"<b>" * 64 + b"x" + b"</b>" * 64 + b"</PubmedArticle></PubmedArticleSet>"
    yield b"<MedlineCitationSet><MedlineCitation><PMID>7</PMID></MedlineCitation  ></MedlineCitationSet>"


def gzip_member(data: bytes, name: bytes = b"", comment: bytes = b"", extra: bytes = b"", hcrc: bool = False) -> bytes:
    """One RFC 1952 member with the optional header fields (Python's gzip writes only FNAME)."""
    flags = (4 if extra else 0) | (8 if name else 0) | (16 if comment else 0) | (2 if hcrc else 0)
    header = b"\x1f\x8b\x08" + bytes([flags]) + b"\0\0\0\0\0\xff"
    if extra:
        header += struct.pack("<H", len(extra)) + extra
    if name:
        header += name + b"\0"
    if comment:
        header += comment + b"\0"
    if hcrc:
        import zlib
        header += struct.pack("<H", zlib.crc32(header) & 0xFFFF)
    import zlib
    deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
    body = deflate.compress(data) + deflate.flush()
    return header + body + struct.pack("<II", zlib.crc32(data) & 0xFFFFFFFF, len(data) & 0xFFFFFFFF)


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(sys.argv[1])
    shared = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parent.parent.parent / "shared"

    xml_seeds = list(pubmed_excerpts(shared)) + list(tiny_pubmed())
    for seed in xml_seeds:
        # The first byte is the targets' choice of read size and record cap.
        put(out, "xml_record_splitter", b"\x03" + seed)
        put(out, "pubmed_reader", b"\x02" + seed)
        put(out, "pubmed_reader", b"\x04" + gzip.compress(seed, mtime=0))

    lines = b"first line\r\nsecond\n\nlast without newline"
    for prefix in (b"\x00", b"\x85"):  # plain reads, and the line reader with its cap
        put(out, "gzip_input", prefix + gzip_member(lines, name=b"a.txt", comment=b"c", extra=b"ab\x02\x00xy", hcrc=True))
        put(out, "gzip_input", prefix + gzip_member(b"one") + gzip_member(b"two") + b"\0" * 8)
        put(out, "gzip_input", prefix + lines)
    if xml_seeds:
        put(out, "gzip_input", b"\x10" + gzip.compress(xml_seeds[0][:4096], mtime=0))

    beir = shared / "data/nfcorpus-dev/corpus.jsonl"
    beir_lines = []
    if beir.exists():
        with open(beir, "rb") as f:
            beir_lines = [f.readline()[:2048] for _ in range(6)]
    beir_lines += [b'{"_id": 42, "title": "t", "text": "x\\u00e9", "metadata": {}}\n', b"not json\n", b"[1,2]\n",
                   b'{"title": "no id"}\n', b"   \n"]
    for i in range(0, len(beir_lines), 3):  # the first byte: read size and line cap
        put(out, "beir_reader", b"\x02" + b"".join(beir_lines[i:i + 3]))
    put(out, "beir_reader", b"\x81" + gzip.compress(b"".join(beir_lines), mtime=0))

    queries = ['asthma[ti] AND (children OR "young adults"[tiab]) NOT smok*', "2015:2020[dp] AND cancer[mh]",
               "smith j[au] OR IL-6[tw]", '((a OR b) AND c) NOT "d e"', "β-blocker 哮喘 Na+/K+", "2015/03[dp]"]
    for name in ("nfcorpus-dev/queries.jsonl", "nfcorpus-train/queries.jsonl"):
        path = shared / "data" / name
        if path.exists():
            with open(path, encoding="utf-8") as f:
                for _, line in zip(range(20), f):
                    queries.append(json.loads(line)["text"])
    for q in queries:
        put(out, "query_parser", q.encode())

    chinese = ["为什么油炸食品可能致癌", "高血壓 and 糖尿病", "深部脑刺激 帕金森病", "IL-6 与 哮喘", "。，！",
               "伊马替尼 阿托伐他汀 雷帕霉素", "棕榈酸盐 氧化酶"]
    zh = shared / "data/nfcorpus-dev-zh/queries.zh.tsv"
    if zh.exists():
        with open(zh, encoding="utf-8") as f:
            chinese += [line.rstrip("\n").split("\t", 1)[-1] for _, line in zip(range(20), f)]
    for q in chinese:  # the first byte: 0 no index vocabulary, else a made-up one (the target's header)
        put(out, "chinese_translator", b"\x00" + q.encode())
        put(out, "chinese_translator", b"\x01" + q.encode())

    def safetensors(header: dict, data: bytes) -> bytes:
        text = json.dumps(header).encode()
        return struct.pack("<Q", len(text)) + text + data

    put(out, "safetensors", safetensors({"__metadata__": {"format": "pt"},
                                         "a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                                         "b": {"dtype": "F16", "shape": [1, 2], "data_offsets": [8, 12]},
                                         "c": {"dtype": "BF16", "shape": [], "data_offsets": [12, 14]},
                                         "d": {"dtype": "I64", "shape": [0, 3], "data_offsets": [14, 14]}},
                                        bytes(range(14))))
    for model in sorted((shared / "models").glob("*")) + sorted(Path(__file__).resolve().parent.parent.glob("tests/data/encoder/*")):
        st = model / "model.safetensors"
        if st.exists():
            raw = st.read_bytes()
            (n,) = struct.unpack("<Q", raw[:8])
            header = json.loads(raw[8:8 + n])
            # Keep the header's shape of entries, with small tensors so the seed stays small.
            small = {}
            offset = 0
            for name, entry in list(header.items())[:6]:
                if name == "__metadata__":
                    small[name] = entry
                    continue
                size = {"F32": 4, "F16": 2, "BF16": 2}.get(entry["dtype"], 1)
                small[name] = {"dtype": entry["dtype"], "shape": [2], "data_offsets": [offset, offset + 2 * size]}
                offset += 2 * size
            put(out, "safetensors", safetensors(small, bytes(offset)))

    # model_dir: FuzzedDataProvider cuts the input; these seeds are plain text it will cut
    # into pieces, with a real vocabulary's first lines in them.
    vocab = b"[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nthe\n##s\nasthma\n##tic\n"
    real_vocab = shared / "models/bert-base-uncased-vocab/vocab.txt"
    if real_vocab.exists():
        vocab += b"".join(real_vocab.read_bytes().splitlines(keepends=True)[1990:2100])
    def piece(text: bytes) -> bytes:  # FuzzedDataProvider: a backslash and a non-backslash end a string
        return text.replace(b"\\", b"\\\\") + b"\\n"

    files = [b'{"do_lower_case": false, "strip_accents": true}',
             b'[{"type": "sentence_transformers.models.Pooling", "path": "1_Pooling"},'
             b' {"type": "sentence_transformers.models.Normalize"}]',
             b'{"pooling_mode_cls_token": false, "pooling_mode_mean_tokens": true}', b'{"max_seq_length": 128}',
             b'{"query_prefix": "query: ", "pooling": "mean", "normalise": true}']
    config = (b'{"model_type": "bert", "hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 2, '
              b'"intermediate_size": 37, "vocab_size": 99, "max_position_embeddings": 512}')
    text = "Asthmatic children's asthma [CLS] naïve 哮喘".encode()
    for present in ((1, 1, 1, 1, 1), (1, 0, 0, 0, 0), (0, 1, 1, 0, 1)):
        # Strings come from the front, the presence flags from the back (last flag first).
        put(out, "model_dir", b"".join(piece(f) for f in files) + piece(config) + piece(text) + vocab +
            bytes(reversed(present)))

    for params in (b"q=asthma&page=2&page_size=10&mode=bm25&k1=1.2&b=title:0.75",
                   b"q=%E5%93%AE%E5%96%98&year_from=2001&year_to=2020&journal=Nature&journal=Cell&pt=Review",
                   b"q=x&mode=hybrid&ef_search=100&depth=1000&weights=title:2,abstract:1&highlight=0",
                   b"medsearch_session=abc; other=1", b"q=a+b&lang=eng&mesh=Asthma&sort=date&rerank=off"):
        put(out, "http_params", params)

    for xml in (b"<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o123]]></FromUserName>"
                b"<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[asthma]]>"
                b"</Content><MsgId>1234567890</MsgId></xml>",
                b"<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName>o1</FromUserName><CreateTime>1"
                b"</CreateTime><MsgType>event</MsgType><Event>subscribe</Event><EventKey>k</EventKey></xml>",
                b"<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[AAAA]]></Encrypt></xml>",
                b"<!DOCTYPE xml [<!ENTITY e 'x'>]><xml>&e;</xml>"):
        put(out, "wechat_xml", xml)

    for target in sorted(p.name for p in out.iterdir()):
        print(f"seeds: {target}: {len(list((out / target).iterdir()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
