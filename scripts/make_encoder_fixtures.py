#!/usr/bin/python3
"""Writes the encoder test fixtures under tests/data/encoder/ (committed; rerun only to
change them). Needs Debian's python3-torch (run with /usr/bin/python3).

Three tiny random models, each a Hugging Face style directory with config.json and
model.safetensors (written here byte by byte: 8-byte little-endian header length, JSON
header, raw little-endian data):

  bert-tiny              BERT, float32, tensor names with the "bert." prefix (as
                         BertForMaskedLM saves them) plus pooler tensors the encoder ignores,
                         a vocab.txt and embeddings.json for the TransformerEmbedder test.
  xlmr-tiny-f16          XLM-RoBERTa, stored float16, pad id 1 (positions start at 2),
                         type_vocab_size 1, no prefix.
  bert-tiny-bf16-tanh    BERT, stored bfloat16, hidden_act gelu_new (tanh GELU), eps 1e-5.

All: vocab 100, hidden 32, 2 layers, 4 heads, FFN 64, max_position_embeddings 40.

Reference outputs (last_hidden_state.f32: raw little-endian float32 [batch, seq_len, hidden])
come from a plain implementation of the BertModel forward in torch ops, run in float64 on
the weights as stored (fp16/bf16 weights rounded first, exactly as the C++ loader converts
them). The same forward is cross-checked here against torch.nn.TransformerEncoderLayer.
"""

import json
import math
import os
import struct
import sys

import torch

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "encoder")

VOCAB = 100
HIDDEN = 32
LAYERS = 2
HEADS = 4
FFN = 64
MAX_POS = 40

# --- safetensors writer ------------------------------------------------------------------

DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16"}


def tensor_bytes(t):
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        # numpy has no bfloat16: reinterpret the 16-bit patterns.
        return t.view(torch.int16).numpy().astype("<i2").tobytes()
    return t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()


def write_safetensors(path, tensors):
    header = {"__metadata__": {"format": "pt", "writer": "scripts/make_encoder_fixtures.py"}}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        data = tensor_bytes(t)
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # pad so the data buffer starts 8-byte aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


# --- random weights ------------------------------------------------------------------------


def random_weights(gen, type_vocab):
    """HF BertModel state dict (unprefixed names), float32. Scales are larger than HF's
    init (std 0.02) so that attention is peaked and masking errors show."""
    def normal(*shape, std=1.0):
        return torch.randn(*shape, generator=gen) * std

    w = {
        "embeddings.word_embeddings.weight": normal(VOCAB, HIDDEN),
        "embeddings.position_embeddings.weight": normal(MAX_POS, HIDDEN),
        "embeddings.token_type_embeddings.weight": normal(type_vocab, HIDDEN),
    }

    def norm(name):
        w[name + ".weight"] = 1.0 + normal(HIDDEN, std=0.1)
        w[name + ".bias"] = normal(HIDDEN, std=0.1)

    def linear(name, out_f, in_f):
        w[name + ".weight"] = normal(out_f, in_f, std=1.5 / math.sqrt(in_f))
        w[name + ".bias"] = normal(out_f, std=0.1)

    norm("embeddings.LayerNorm")
    for n in range(LAYERS):
        p = f"encoder.layer.{n}."
        for part in ("query", "key", "value"):
            linear(p + "attention.self." + part, HIDDEN, HIDDEN)
        linear(p + "attention.output.dense", HIDDEN, HIDDEN)
        norm(p + "attention.output.LayerNorm")
        linear(p + "intermediate.dense", FFN, HIDDEN)
        linear(p + "output.dense", HIDDEN, FFN)
        norm(p + "output.LayerNorm")
    return w


# --- reference forward ---------------------------------------------------------------------


def gelu(x, act):
    if act == "gelu":
        return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def position_ids(mask, cfg):
    b, t = mask.shape
    if cfg["model_type"] == "bert":
        return torch.arange(t).expand(b, t)
    # transformers' create_position_ids_from_input_ids: count real tokens from pad_id + 1.
    m = mask.long()
    return torch.cumsum(m, dim=1) * m + cfg["pad_token_id"]


def layer_norm(x, w, name, eps):
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)
    return (x - mean) / torch.sqrt(var + eps) * w[name + ".weight"] + w[name + ".bias"]


def reference_forward(w, cfg, ids, mask):
    """BertModel.forward in explicit ops (post-LN; Devlin et al. 2019)."""
    eps = cfg["layer_norm_eps"]
    x = (w["embeddings.word_embeddings.weight"][ids]
         + w["embeddings.position_embeddings.weight"][position_ids(mask, cfg)]
         + w["embeddings.token_type_embeddings.weight"][0])
    x = layer_norm(x, w, "embeddings.LayerNorm", eps)
    b, t, _ = x.shape
    d = HIDDEN // HEADS
    bias = (1.0 - mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min
    for n in range(LAYERS):
        p = f"encoder.layer.{n}."

        def lin(name, v):
            return v @ w[name + ".weight"].T + w[name + ".bias"]

        def heads(v):
            return v.view(b, t, HEADS, d).transpose(1, 2)

        q = heads(lin(p + "attention.self.query", x))
        k = heads(lin(p + "attention.self.key", x))
        v = heads(lin(p + "attention.self.value", x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(d) + bias
        ctx = (torch.softmax(scores, dim=-1) @ v).transpose(1, 2).reshape(b, t, HIDDEN)
        x = layer_norm(x + lin(p + "attention.output.dense", ctx), w, p + "attention.output.LayerNorm", eps)
        h = gelu(lin(p + "intermediate.dense", x), cfg["hidden_act"])
        x = layer_norm(x + lin(p + "output.dense", h), w, p + "output.LayerNorm", eps)
    return x


def nn_forward(w, cfg, ids, mask):
    """The same model assembled from torch.nn modules, as an independent check."""
    dtype = w["embeddings.word_embeddings.weight"].dtype
    eps = cfg["layer_norm_eps"]
    emb_norm = torch.nn.LayerNorm(HIDDEN, eps=eps).to(dtype)
    emb_norm.weight.data = w["embeddings.LayerNorm.weight"]
    emb_norm.bias.data = w["embeddings.LayerNorm.bias"]
    word = torch.nn.Embedding.from_pretrained(w["embeddings.word_embeddings.weight"])
    pos = torch.nn.Embedding.from_pretrained(w["embeddings.position_embeddings.weight"])
    x = emb_norm(word(ids) + pos(position_ids(mask, cfg)) + w["embeddings.token_type_embeddings.weight"][0])
    act = "gelu" if cfg["hidden_act"] == "gelu" else (lambda v: gelu(v, "gelu_new"))
    for n in range(LAYERS):
        p = f"encoder.layer.{n}."
        layer = torch.nn.TransformerEncoderLayer(HIDDEN, HEADS, FFN, dropout=0.0, activation=act,
                                                 layer_norm_eps=eps, batch_first=True).to(dtype)
        a = p + "attention.self."
        layer.self_attn.in_proj_weight.data = torch.cat([w[a + s + ".weight"] for s in ("query", "key", "value")])
        layer.self_attn.in_proj_bias.data = torch.cat([w[a + s + ".bias"] for s in ("query", "key", "value")])
        layer.self_attn.out_proj.weight.data = w[p + "attention.output.dense.weight"]
        layer.self_attn.out_proj.bias.data = w[p + "attention.output.dense.bias"]
        layer.norm1.weight.data = w[p + "attention.output.LayerNorm.weight"]
        layer.norm1.bias.data = w[p + "attention.output.LayerNorm.bias"]
        layer.linear1.weight.data = w[p + "intermediate.dense.weight"]
        layer.linear1.bias.data = w[p + "intermediate.dense.bias"]
        layer.linear2.weight.data = w[p + "output.dense.weight"]
        layer.linear2.bias.data = w[p + "output.dense.bias"]
        layer.norm2.weight.data = w[p + "output.LayerNorm.weight"]
        layer.norm2.bias.data = w[p + "output.LayerNorm.bias"]
        layer.train()  # the training path: no fused fast path, any dtype
        x = layer(x, src_key_padding_mask=(mask == 0))
    return x


# --- inputs --------------------------------------------------------------------------------


def id_batch(gen, cfg, cls_id, sep_id, lengths, seq_len, first_word_id):
    ids = torch.full((len(lengths), seq_len), cfg["pad_token_id"], dtype=torch.long)
    mask = torch.zeros((len(lengths), seq_len), dtype=torch.long)
    for i, n in enumerate(lengths):
        ids[i, :n] = torch.randint(first_word_id, VOCAB, (n,), generator=gen)
        ids[i, 0] = cls_id
        ids[i, n - 1] = sep_id
        mask[i, :n] = 1
    return ids, mask


# --- the BERT vocabulary and the embedder cases ---------------------------------------------

WORDS = ("the of and in to a is with for was were by on cell cells protein gene cancer tumor "
         "patient patients study results disease treatment blood brain heart liver lung kidney "
         "virus infection immune response expression level levels risk acute chronic clinical "
         "trial effect effects human mouse model drug dose therapy receptor binding pathway "
         "signal growth factor mutation dna rna insulin glucose diabetes obesity pain stroke "
         "query passage").split()
PIECES = ["##s", "##ed", "##ing", "##ly", ":", ".", ",", "(", ")", "-", "1", "2", "3", "0"]
SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def bert_vocab():
    vocab = SPECIAL + WORDS + PIECES
    assert len(vocab) <= VOCAB, len(vocab)
    vocab += [f"[unused{i}]" for i in range(VOCAB - len(vocab))]
    assert len(set(vocab)) == len(vocab)
    return vocab


def wordpiece(text, vocab_index):
    """BERT basic tokenization + greedy longest-match WordPiece, enough for the ASCII test
    texts below (lower-case, punctuation split off)."""
    words = []
    for raw in text.lower().split():
        cur = ""
        for ch in raw:
            if not ch.isalnum():
                if cur:
                    words.append(cur)
                words.append(ch)
                cur = ""
            else:
                cur += ch
        if cur:
            words.append(cur)
    ids = []
    for word in words:
        start, pieces = 0, []
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in vocab_index:
                    break
                end -= 1
            if end == start:
                pieces = [vocab_index["[UNK]"]]
                break
            pieces.append(vocab_index[piece])
            start = end
        ids += pieces
    return ids


EMBED_TEXTS = [
    "The protein binding of insulin receptors.",
    "Cancer",
    "Chronic kidney disease in patients with diabetes and obesity: a clinical trial (2 doses).",
    "",
    # Longer than max_tokens (40): truncated to its first 38 pieces plus [CLS] and [SEP].
    " ".join(["blood cells and tumor growth factor expression levels were tested"] * 6),
    "Cancer",  # a duplicate: must give the same vector as the second text
]


def embedder_cases(w, cfg, vocab):
    index = {tok: i for i, tok in enumerate(vocab)}
    max_tokens = MAX_POS
    cases = []
    for prefix in ("", "query: "):
        for i, text in enumerate(EMBED_TEXTS):
            pieces = wordpiece(prefix + text, index)[: max_tokens - 2]
            ids = torch.tensor([[index["[CLS]"]] + pieces + [index["[SEP]"]]])
            mask = torch.ones_like(ids)
            hidden = reference_forward(w, cfg, ids, mask)[0]
            cases.append({"text_index": i, "prefix": prefix, "ids": ids[0].tolist(),
                          "cls": [float(v) for v in hidden[0].float()],
                          "mean": [float(v) for v in hidden.mean(0).float()]})
    return {"texts": EMBED_TEXTS, "max_tokens": max_tokens, "cases": cases}


# --- writing a model ------------------------------------------------------------------------


def make_model(name, seed, cfg, store_dtype, prefix, cls_id, sep_id, first_word_id, extra=None):
    gen = torch.Generator().manual_seed(seed)
    w32 = random_weights(gen, cfg["type_vocab_size"])
    stored = {k: v.to(store_dtype) for k, v in w32.items()}
    w = {k: v.to(torch.float64) for k, v in stored.items()}  # what the C++ loader sees

    max_len = MAX_POS - (cfg["pad_token_id"] + 1 if cfg["model_type"] != "bert" else 0)
    ids, mask = id_batch(gen, cfg, cls_id, sep_id, [max_len, 17, 5], max_len, first_word_id)
    ref = reference_forward(w, cfg, ids, mask)
    check = nn_forward(w, cfg, ids, mask)
    real = mask.bool()
    diff = (ref[real] - check[real]).abs().max().item()
    assert diff < 1e-9, f"{name}: explicit and torch.nn forwards differ by {diff}"

    out = os.path.join(ROOT, name)
    os.makedirs(out, exist_ok=True)
    tensors = {prefix + k: v for k, v in stored.items()}
    if extra:
        tensors.update({prefix + k: v.to(store_dtype) for k, v in extra(gen).items()})
    write_safetensors(os.path.join(out, "model.safetensors"), tensors)
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
        f.write("\n")
    with open(os.path.join(out, "inputs.json"), "w") as f:
        json.dump({"batch": ids.shape[0], "seq_len": ids.shape[1], "hidden": HIDDEN,
                   "ids": ids.flatten().tolist(), "mask": mask.flatten().tolist()}, f)
        f.write("\n")
    with open(os.path.join(out, "last_hidden_state.f32"), "wb") as f:
        f.write(ref.to(torch.float32).numpy().astype("<f4").tobytes())
    print(f"{name}: {len(tensors)} tensors, explicit vs torch.nn max diff {diff:.2e}")
    return w


def base_config(model_type, **kw):
    cfg = {"model_type": model_type, "vocab_size": VOCAB, "hidden_size": HIDDEN,
           "num_hidden_layers": LAYERS, "num_attention_heads": HEADS, "intermediate_size": FFN,
           "max_position_embeddings": MAX_POS, "type_vocab_size": 2, "layer_norm_eps": 1e-12,
           "pad_token_id": 0, "hidden_act": "gelu", "position_embedding_type": "absolute"}
    cfg.update(kw)
    return cfg


def main():
    torch.set_num_threads(1)
    vocab = bert_vocab()
    index = {tok: i for i, tok in enumerate(vocab)}

    def pooler(gen):
        return {"pooler.dense.weight": torch.randn(HIDDEN, HIDDEN, generator=gen),
                "pooler.dense.bias": torch.randn(HIDDEN, generator=gen)}

    bert_cfg = base_config("bert", architectures=["BertForMaskedLM"])
    w = make_model("bert-tiny", 1, bert_cfg, torch.float32, "bert.", index["[CLS]"], index["[SEP]"],
                   len(SPECIAL), extra=pooler)
    out = os.path.join(ROOT, "bert-tiny")
    with open(os.path.join(out, "vocab.txt"), "w") as f:
        f.write("\n".join(vocab) + "\n")
    with open(os.path.join(out, "embeddings.json"), "w") as f:
        json.dump(embedder_cases(w, bert_cfg, vocab), f)
        f.write("\n")

    # XLM-R ids: <s>=0, <pad>=1, </s>=2, <unk>=3 (fairseq order).
    xlmr_cfg = base_config("xlm-roberta", type_vocab_size=1, pad_token_id=1, layer_norm_eps=1e-5,
                           bos_token_id=0, eos_token_id=2)
    make_model("xlmr-tiny-f16", 2, xlmr_cfg, torch.float16, "", 0, 2, 4)

    tanh_cfg = base_config("bert", hidden_act="gelu_new", layer_norm_eps=1e-5)
    make_model("bert-tiny-bf16-tanh", 3, tanh_cfg, torch.bfloat16, "", 2, 3, 5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
