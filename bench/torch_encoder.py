#!/usr/bin/python3
"""The PyTorch peer of bench/encoder_bench.sh (Debian's python3-torch, 1.13).

  torch_encoder.py make-model --out DIR --shape base|minilm [--seed S] --vocab VOCAB.txt
      A BERT with random weights (torch.manual_seed), saved as a Hugging Face directory:
      config.json, model.safetensors (written by hand: 8-byte little-endian header length,
      JSON header, raw little-endian float32 data), vocab.txt.
  torch_encoder.py make-inputs --out FILE --docs N --tokens T [--seed S]
      N rows of T token ids: [CLS] random word-piece ids [SEP], one row per line.
  torch_encoder.py run --model DIR --inputs FILE --threads T --batch B [--passes P] [--dump F]
      Loads the directory, runs the rows through BertEncoder below in file order, B at a
      time (each batch padded to its longest row), one untimed warm-up batch, then P timed
      passes; prints one JSON line like bench_encode's. --dump writes the first batch's last
      hidden state as float32.
  torch_encoder.py compare A.f32 B.f32
      Max relative error |a - b| / max|b| and max absolute error, as JSON.

The model is BERT's encoder (Devlin et al. 2019) written with torch ops, computing what
transformers' BertModel computes in float32 (exact-erf GELU, post-LayerNorm, additive mask).
"""
import argparse
import json
import math
import os
import shutil
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

# The one safetensors writer of the project's Python (the encoder fixtures use it too).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
from make_encoder_fixtures import write_safetensors  # noqa: E402

SHAPES = {
    "base": dict(hidden_size=768, num_hidden_layers=12, num_attention_heads=12, intermediate_size=3072),
    "minilm": dict(hidden_size=384, num_hidden_layers=6, num_attention_heads=12, intermediate_size=1536),
}


def make_model(args):
    shape = SHAPES[args.shape]
    config = dict(model_type="bert", architectures=["BertModel"], vocab_size=30522,
                  max_position_embeddings=512, type_vocab_size=2, hidden_act="gelu",
                  layer_norm_eps=1e-12, pad_token_id=0, **shape)
    torch.manual_seed(args.seed)
    h, inter = shape["hidden_size"], shape["intermediate_size"]
    tensors = {}

    def normal(name, *size, std=0.02):
        tensors[name] = torch.randn(*size) * std

    def norm(name):
        tensors[name + ".weight"] = 1.0 + 0.1 * torch.randn(h)
        tensors[name + ".bias"] = 0.1 * torch.randn(h)

    def linear(name, out, inp):
        normal(name + ".weight", out, inp, std=1.0 / math.sqrt(inp))
        normal(name + ".bias", out)

    normal("embeddings.word_embeddings.weight", config["vocab_size"], h, std=0.5)
    normal("embeddings.position_embeddings.weight", config["max_position_embeddings"], h, std=0.5)
    normal("embeddings.token_type_embeddings.weight", config["type_vocab_size"], h, std=0.5)
    norm("embeddings.LayerNorm")
    for n in range(shape["num_hidden_layers"]):
        p = f"encoder.layer.{n}."
        for part in ("query", "key", "value"):
            linear(p + "attention.self." + part, h, h)
        linear(p + "attention.output.dense", h, h)
        norm(p + "attention.output.LayerNorm")
        linear(p + "intermediate.dense", inter, h)
        linear(p + "output.dense", h, inter)
        norm(p + "output.LayerNorm")

    tmp = args.out + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    with open(os.path.join(tmp, "config.json"), "w") as f:
        json.dump(config, f, indent=1)
    write_safetensors(os.path.join(tmp, "model.safetensors"), tensors)
    shutil.copy(args.vocab, os.path.join(tmp, "vocab.txt"))
    shutil.rmtree(args.out, ignore_errors=True)
    os.rename(tmp, args.out)


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", name
        a, b = info["data_offsets"]
        arr = np.frombuffer(raw, dtype="<f4", count=(b - a) // 4, offset=base + a)
        out[name] = torch.from_numpy(arr.copy()).reshape(info["shape"])
    return out


def make_inputs(args):
    g = torch.Generator().manual_seed(args.seed)
    body = torch.randint(1996, 30522, (args.docs, args.tokens - 2), generator=g)  # word pieces, no specials
    with open(args.out, "w") as f:
        for row in body.tolist():
            f.write(" ".join(map(str, [101] + row + [102])) + "\n")


class Bert(torch.nn.Module):
    def __init__(self, config, w):
        super().__init__()
        self.c = config
        self.w = {k: v for k, v in w.items()}
        for n in range(config["num_hidden_layers"]):  # Q, K, V as one [3H, H] projection
            p = f"encoder.layer.{n}.attention.self."
            self.w[p + "qkv.weight"] = torch.cat([w[p + x + ".weight"] for x in ("query", "key", "value")])
            self.w[p + "qkv.bias"] = torch.cat([w[p + x + ".bias"] for x in ("query", "key", "value")])

    def forward(self, ids, mask):
        c, w = self.c, self.w
        b, t = ids.shape
        h, heads, eps = c["hidden_size"], c["num_attention_heads"], c["layer_norm_eps"]
        d = h // heads
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:t]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = F.layer_norm(x, (h,), w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
        additive = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        for n in range(c["num_hidden_layers"]):
            p = f"encoder.layer.{n}."
            qkv = F.linear(x, w[p + "attention.self.qkv.weight"], w[p + "attention.self.qkv.bias"])
            q, k, v = qkv.view(b, t, 3, heads, d).permute(2, 0, 3, 1, 4)  # each [B, heads, T, d]
            scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(d) + additive
            ctx = torch.matmul(torch.softmax(scores, dim=-1), v).permute(0, 2, 1, 3).reshape(b, t, h)
            a = F.linear(ctx, w[p + "attention.output.dense.weight"], w[p + "attention.output.dense.bias"])
            x = F.layer_norm(x + a, (h,), w[p + "attention.output.LayerNorm.weight"],
                             w[p + "attention.output.LayerNorm.bias"], eps)
            mid = F.gelu(F.linear(x, w[p + "intermediate.dense.weight"], w[p + "intermediate.dense.bias"]))
            o = F.linear(mid, w[p + "output.dense.weight"], w[p + "output.dense.bias"])
            x = F.layer_norm(x + o, (h,), w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps)
        return x


def run(args):
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    t0 = time.perf_counter()
    with open(os.path.join(args.model, "config.json")) as f:
        config = json.load(f)
    model = Bert(config, read_safetensors(os.path.join(args.model, "model.safetensors"))).eval()
    load_s = time.perf_counter() - t0
    rows = [list(map(int, l.split())) for l in open(args.inputs) if l.strip()]
    batches, tokens = [], 0
    for s in range(0, len(rows), args.batch):
        chunk = rows[s:s + args.batch]
        t = max(map(len, chunk))
        ids = torch.zeros(len(chunk), t, dtype=torch.long)
        mask = torch.zeros(len(chunk), t, dtype=torch.long)
        for i, r in enumerate(chunk):
            ids[i, :len(r)] = torch.tensor(r)
            mask[i, :len(r)] = 1
        batches.append((ids, mask))
        tokens += len(chunk) * t
    wall, cpu = [], []
    with torch.no_grad():
        out = model(*batches[0])  # warm-up
        if args.dump:
            out.contiguous().numpy().astype("<f4").tofile(args.dump)
        for _ in range(args.passes):
            c0, t0 = time.process_time(), time.perf_counter()
            for ids, mask in batches:
                model(ids, mask)
            wall.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
    print(json.dumps({"engine": "torch", "threads": args.threads, "batch": args.batch, "docs": len(rows),
                      "tokens": tokens, "load_s": round(load_s, 3), "wall_s": wall, "cpu_s": cpu,
                      "torch": torch.__version__}))


def compare(args):
    a = np.fromfile(args.a, dtype="<f4").astype(np.float64)
    b = np.fromfile(args.b, dtype="<f4").astype(np.float64)
    if a.shape != b.shape:
        sys.exit(f"compare: {args.a} has {a.size} values, {args.b} {b.size}")
    diff = np.abs(a - b)
    print(json.dumps({"values": int(a.size), "max_abs_err": float(diff.max()),
                      "max_rel_err": float(diff.max() / np.abs(b).max()),
                      "max_elementwise_rel_err_above_0.1": float((diff / np.maximum(np.abs(b), 0.1)).max())}))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("make-model")
    m.add_argument("--out", required=True)
    m.add_argument("--shape", choices=sorted(SHAPES), default="base")
    m.add_argument("--seed", type=int, default=20240601)
    m.add_argument("--vocab", required=True)
    i = sub.add_parser("make-inputs")
    i.add_argument("--out", required=True)
    i.add_argument("--docs", type=int, default=64)
    i.add_argument("--tokens", type=int, default=128)
    i.add_argument("--seed", type=int, default=7)
    r = sub.add_parser("run")
    r.add_argument("--model", required=True)
    r.add_argument("--inputs", required=True)
    r.add_argument("--threads", type=int, default=1)
    r.add_argument("--batch", type=int, default=8)
    r.add_argument("--passes", type=int, default=1)
    r.add_argument("--dump")
    c = sub.add_parser("compare")
    c.add_argument("a")
    c.add_argument("b")
    args = ap.parse_args()
    {"make-model": make_model, "make-inputs": make_inputs, "run": run, "compare": compare}[args.cmd](args)


if __name__ == "__main__":
    main()
