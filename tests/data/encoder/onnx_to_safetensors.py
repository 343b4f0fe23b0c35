#!/usr/bin/python3
"""Converts an ONNX export of a BERT encoder (torch.onnx.export of BertModel, as
../shared/models/tiny-random-bert-ref/tiny_bert.onnx) into a Hugging Face style directory:
config.json + model.safetensors with BertModel's tensor names.

    onnx_to_safetensors.py MODEL.onnx OUT_DIR

Needs python3-onnx and python3-numpy only (no torch). The export carries no names for its
weights (they are Constant nodes or anonymous initializers), so each weight is identified
by how the graph uses it:

  Gather(W, input_ids)                        word embeddings
  Gather(W, ConstantOfShape / token_type_ids) token type embeddings
  any other Gather or Slice of a 2-D constant position embeddings
  ReduceMean, Sub, Pow, ReduceMean, Add(eps), Sqrt, Div, Mul(gamma), Add(beta)
                                              a LayerNorm: the first is the embeddings',
                                              then two per layer (attention, output)
  MatMul(x, W[in, out]) + Add(b)              a linear layer, W transposed to HF's [out, in]:
     its result reaches (through Reshape/Transpose) the left input of the score MatMul:
     query; the right input: key; the right input of the MatMul after Softmax: value;
     its input descends from Softmax: attention.output.dense; it feeds Erf:
     intermediate.dense; its input descends from Erf: output.dense
  Div/Mul of the score MatMul by a constant c  head_dim = c² (or 1/c²)
"""

import json
import os
import struct
import sys

import numpy as np
import onnx
from onnx import numpy_helper

PASS_THROUGH = {"Reshape", "Transpose", "Cast", "Squeeze", "Unsqueeze", "Identity"}


class Graph:
    def __init__(self, model):
        g = model.graph
        self.nodes = list(g.node)
        self.const = {init.name: numpy_helper.to_array(init) for init in g.initializer}
        for n in self.nodes:
            if n.op_type == "Constant":
                for a in n.attribute:
                    if a.name == "value":
                        self.const[n.output[0]] = numpy_helper.to_array(a.t)
        self.producer = {out: n for n in self.nodes for out in n.output}
        self.consumers = {}
        for n in self.nodes:
            for i in n.input:
                self.consumers.setdefault(i, []).append(n)
        self.inputs = {i.name for i in g.input}

    def users(self, name):
        return self.consumers.get(name, [])

    def const_input(self, node):
        """(index, array) of the node's one constant input, or (None, None)."""
        found = [(i, self.const[x]) for i, x in enumerate(node.input) if x in self.const]
        return found[0] if len(found) == 1 else (None, None)

    def descends_from(self, name, op_type, limit=12):
        """Whether the tensor `name` is computed from an op_type node within `limit` steps."""
        frontier, seen = [name], set()
        for _ in range(limit):
            nxt = []
            for t in frontier:
                n = self.producer.get(t)
                if n is None or id(n) in seen:
                    continue
                seen.add(id(n))
                if n.op_type == op_type:
                    return True
                nxt += [i for i in n.input if i not in self.const]
            frontier = nxt
        return False

    def follow(self, name):
        """Follows `name` through shape-only ops to the nodes that compute with it."""
        out = []
        for n in self.users(name):
            if n.op_type in PASS_THROUGH:
                out += self.follow(n.output[0])
            else:
                out.append((n, list(n.input).index(name)))
        return out


def classify_linear(g, matmul, bias_add):
    """Which BERT linear layer a weight MatMul is, by where its output goes."""
    x = [i for i in matmul.input if i not in g.const][0]
    out = bias_add.output[0]
    for n, slot in g.follow(out):
        if n.op_type == "MatMul":
            if g.descends_from(n.input[0], "Softmax", limit=2):
                return "attention.self.value"
            return "attention.self.query" if slot == 0 else "attention.self.key"
        if n.op_type in ("Div", "Mul") and any(m.op_type == "Erf" for m in g.users(n.output[0])):
            return "intermediate.dense"
    if g.descends_from(x, "Erf"):
        return "output.dense"
    if g.descends_from(x, "Softmax"):
        return "attention.output.dense"
    raise SystemExit(f"cannot tell what MatMul {matmul.name} computes")


def convert(onnx_path, out_dir):
    g = Graph(onnx.load(onnx_path))
    tensors = {}
    config = {"model_type": "bert", "hidden_act": "gelu", "pad_token_id": 0,
              "position_embedding_type": "absolute"}

    # Embedding tables.
    for n in g.nodes:
        if n.op_type not in ("Gather", "Slice") or n.input[0] not in g.const:
            continue
        table = g.const[n.input[0]]
        if table.ndim != 2:
            continue
        index_src = n.input[1] if n.op_type == "Gather" else None
        producer = g.producer.get(index_src) if index_src else None
        if index_src == "input_ids":
            name = "word_embeddings"
        elif index_src == "token_type_ids" or (producer is not None and producer.op_type == "ConstantOfShape"):
            name = "token_type_embeddings"
        else:
            name = "position_embeddings"
        tensors[f"embeddings.{name}.weight"] = table

    # LayerNorms: Div(x - mean, Sqrt(var + eps)) then Mul(gamma), Add(beta).
    norms = []
    for n in g.nodes:
        if n.op_type != "Div" or g.producer.get(n.input[1]) is None or g.producer[n.input[1]].op_type != "Sqrt":
            continue
        eps_add = g.producer[g.producer[n.input[1]].input[0]]
        _, eps = g.const_input(eps_add)
        mul = [m for m in g.users(n.output[0]) if m.op_type == "Mul"][0]
        add = [a for a in g.users(mul.output[0]) if a.op_type == "Add"][0]
        norms.append((g.const_input(mul)[1], g.const_input(add)[1]))
        config["layer_norm_eps"] = float(f"{float(eps):.7g}")  # the float32 constant, shortest form
    layers = (len(norms) - 1) // 2
    if len(norms) != 2 * layers + 1 or layers < 1:
        raise SystemExit(f"found {len(norms)} LayerNorms; expected 1 + 2 per layer")
    names = ["embeddings.LayerNorm"]
    for n in range(layers):
        names += [f"encoder.layer.{n}.attention.output.LayerNorm", f"encoder.layer.{n}.output.LayerNorm"]
    for name, (gamma, beta) in zip(names, norms):
        tensors[name + ".weight"], tensors[name + ".bias"] = gamma, beta

    # Linear layers, in graph order; a new layer starts at each query projection.
    layer = -1
    for n in g.nodes:
        if n.op_type != "MatMul":
            continue
        slot, w = g.const_input(n)
        if slot != 1 or w.ndim != 2:
            continue
        adds = [a for a in g.users(n.output[0]) if a.op_type == "Add" and g.const_input(a)[0] is not None]
        if len(adds) != 1:
            raise SystemExit(f"MatMul {n.name} has no bias Add")
        role = classify_linear(g, n, adds[0])
        if role == "attention.self.query":
            layer += 1
        prefix = f"encoder.layer.{layer}.{role}"
        tensors[prefix + ".weight"] = np.ascontiguousarray(w.T)  # ONNX [in, out] -> HF [out, in]
        tensors[prefix + ".bias"] = g.const_input(adds[0])[1]
    if layer + 1 != layers:
        raise SystemExit(f"found {layer + 1} attention blocks but {layers} layers of LayerNorms")

    # Attention scale 1/sqrt(head_dim) after the score MatMul gives the head count.
    head_dim = None
    for n in g.nodes:
        if n.op_type in ("Div", "Mul") and g.producer.get(n.input[0]) is not None \
                and g.producer[n.input[0]].op_type == "MatMul" and g.const_input(n)[0] == 1:
            c = float(g.const_input(n)[1])
            if c > 0 and any(m.op_type == "Add" for m in g.users(n.output[0])):
                head_dim = round(c * c) if n.op_type == "Div" else round(1 / (c * c))
                break
    word = tensors["embeddings.word_embeddings.weight"]
    hidden = word.shape[1]
    if head_dim is None or hidden % head_dim:
        raise SystemExit("cannot find the attention scale")
    config.update({
        "vocab_size": int(word.shape[0]), "hidden_size": int(hidden), "num_hidden_layers": layers,
        "num_attention_heads": hidden // head_dim,
        "intermediate_size": int(tensors["encoder.layer.0.intermediate.dense.weight"].shape[0]),
        "max_position_embeddings": int(tensors["embeddings.position_embeddings.weight"].shape[0]),
        "type_vocab_size": int(tensors["embeddings.token_type_embeddings.weight"].shape[0]),
    })

    os.makedirs(out_dir, exist_ok=True)
    write_safetensors(os.path.join(out_dir, "model.safetensors"), tensors)
    with open(os.path.join(out_dir, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    print(f"{len(tensors)} tensors, {layers} layers, {hidden // head_dim} heads -> {out_dir}")


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        data = np.ascontiguousarray(tensors[name], dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    convert(sys.argv[1], sys.argv[2])
