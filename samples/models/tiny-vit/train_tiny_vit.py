#!/usr/bin/python3
"""Train and export Facet's bundled tiny Vision Transformer (dev-time script).

This script makes every file under ``samples/models/tiny-vit/`` and the Fashion-MNIST
subset under ``samples/data/``. Java code never runs it; it is kept so the shipped model
can be reproduced and audited.

How to rerun (from the repository root; CPU only, about 40 minutes on 2 cores)::

    /usr/bin/python3 samples/models/tiny-vit/train_tiny_vit.py

Debian's torch calls the system ``libblas.so.3``; with the reference BLAS an epoch takes over
an hour. The script re-executes itself with OpenBLAS first on ``LD_LIBRARY_PATH`` when
``/usr/lib/x86_64-linux-gnu/openblas-pthread`` exists (Debian ``libopenblas0-pthread``) or
``TINY_VIT_BLAS_DIR`` names a directory with an OpenBLAS ``libblas.so.3`` (for example one
unpacked with ``dpkg-deb -x`` from the .deb, without installing it).

Requirements: Debian's ``python3-torch`` (1.13), ``python3-onnx`` (1.12) and ``python3-numpy``,
and Debian's ``dataset-fashion-mnist`` package, which provides the original gzip'd IDX files
in ``/usr/share/datasets/fashion-mnist/`` (override with ``--data-dir``). Nothing is
downloaded. Options (``--help``): ``--epochs``, ``--batch``, ``--lr``, ``--crop-p``,
``--time-budget`` (seconds; training stops after the epoch that would overrun it),
``--threads``, ``--train-limit`` and ``--out-dir`` (for quick smoke runs; the data subset
is always written to ``samples/data/``).

Model
-----
A pre-LN ViT written from scratch (no timm):

* input: normalised ``(n, 1, 28, 28)`` float32 (see "Input normalisation");
* patch embedding: ``Conv2d(1, 128, kernel 4, stride 4)`` -> 7x7 = 49 patch tokens,
  in row-major order (token 1 is the top-left patch, token 49 the bottom-right);
* a learned CLS token is prepended (token 0), giving 50 tokens; a learned position
  embedding ``(1, 50, 128)`` is added;
* 4 blocks, each ``x = x + Attn(LN1(x)); x = x + MLP(LN2(x))`` with 4 heads of width 32
  (attention written out by hand: ``Linear`` qkv, reshape, softmax), MLP 128 -> 256 -> 128
  with exact (erf) GELU, LayerNorm eps 1e-5;
* final LayerNorm, linear head on the CLS token -> 10 logits.

Input normalisation (done OUTSIDE the model)::

    x = (pixels / 255 - 0.2860) / 0.3530        # Fashion-MNIST mean / std

Grayscale pixels are 0 (black background) to 255, exactly as stored in the IDX files.

Training
--------
60,000 training images, seed 0 (torch and numpy), AdamW (betas 0.9/0.98, weight decay 0.05 on
matrices only), batch 128, peak LR 2e-3 with 300 linear warm-up steps then cosine to 0, grad
clip 1.0, 6 epochs (an epoch takes 5-7 minutes on 2 shared cores). Light augmentation: with
probability 0.1 a random 28x28 crop of the 2-px zero-padded image (a shift of up to 2 px),
and a left-right flip with probability 0.5. The model underfits in this CPU budget, so
shifting is kept rare: with 4 epochs and shift probability 0.25 it reached 84.3% test
accuracy (train accuracy 83%). Evaluation: the 10,000 test images.

Outputs of the exported models
------------------------------
TorchScript (``tiny-vit.pt``, made with ``torch.jit.trace``, dynamic batch):
``forward(x) -> (logits, hidden)`` with

* ``logits``: ``(n, 10)``;
* ``hidden``: ``(n, 5, 50, 128)`` = ``(n, depth + 1, tokens, width)``:
  ``hidden[:, 0]`` is the token embedding after the position embedding is added (the
  input of block 1); ``hidden[:, i]`` for ``i = 1..4`` is the residual stream after
  block ``i`` (1-based), i.e. the output of block ``i``. ``hidden[:, 4]`` is before the
  final LayerNorm.

ONNX (``tiny-vit.onnx``, opset 17): input ``pixels`` ``(n, 1, 28, 28)`` with a dynamic batch
axis; the only graph output is ``logits`` ``(n, 10)``. The saved model is the
shape-inferred one (``onnx.shape_inference.infer_shapes(data_prop=True)``): ``value_info``
gives every intermediate tensor a shape, with the batch dimension named ``batch`` (inference
invents ``unk__N`` symbols; they are renamed after running the graph at two batch sizes
confirms which dimension is the batch). The intermediate tensors that
equal ``hidden[:, i]`` are recorded in ``metrics.json`` under ``onnx.hook_tensors``
(``embed``, ``blocks.1`` .. ``blocks.4``); a runtime exposes them by appending those names
to the graph outputs. They are found by reasoning over the graph (the Add that adds the
position embedding; the last residual Add directly in each ``/blocks.K/`` scope, K 0-based
in the graph, reported 1-based) and then checked numerically by evaluating the ONNX graph
with a small numpy interpreter written below (onnxruntime is not available to Python here).

Other files
-----------
* ``metrics.json``: accuracies, timings, architecture, normalisation, versions, contracts.
* ``reference.json``: exact eager float32 numbers for the first 4 subset images (logits
  and the first 8 channels of tokens 0 and 1 of ``hidden[:, 2]``) for Java tests.
* ``samples/data/fashion-mnist-test-2000-{images-idx3,labels-idx1}-ubyte``: the first
  2,000 images/labels of the Fashion-MNIST test set, uncompressed IDX (same headers as
  the originals).
"""

import argparse
import gzip
import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
DATA_OUT = os.path.join(REPO, "samples", "data")

MEAN = 0.2860
STD = 0.3530
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
SUBSET = 2000
SEED = 0
BETAS = (0.9, 0.98)

ARCH = dict(image_size=28, in_channels=1, patch_size=4, width=128, depth=4, heads=4,
            mlp_hidden=256, num_classes=10, layer_norm_eps=1e-5, activation="gelu (erf)",
            norm="pre-LN", cls_token=True)


# ----------------------------------------------------------------------------- model

class Attention(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.head_dim = width // heads
        self.scale = self.head_dim ** -0.5
        self.qkv = nn.Linear(width, 3 * width)
        self.proj = nn.Linear(width, width)

    def forward(self, x):
        n, t, c = x.shape
        qkv = self.qkv(x).reshape(n, t, 3, self.heads, self.head_dim).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]                      # (n, heads, t, head_dim)
        att = torch.matmul(q, k.transpose(-2, -1)) * self.scale
        att = torch.softmax(att, dim=-1)
        out = torch.matmul(att, v).transpose(1, 2).reshape(n, t, c)
        return self.proj(out)


class Mlp(nn.Module):
    def __init__(self, width, hidden):
        super().__init__()
        self.fc1 = nn.Linear(width, hidden)
        self.fc2 = nn.Linear(hidden, width)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, width, heads, mlp_hidden, eps):
        super().__init__()
        self.norm1 = nn.LayerNorm(width, eps=eps)
        self.attn = Attention(width, heads)
        self.norm2 = nn.LayerNorm(width, eps=eps)
        self.mlp = Mlp(width, mlp_hidden)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        x = x + self.mlp(self.norm2(x))
        return x


class TinyViT(nn.Module):
    """forward(x) -> (logits, hidden) when return_hidden, else logits (used for ONNX)."""

    def __init__(self, image_size=28, in_channels=1, patch_size=4, width=128, depth=4, heads=4,
                 mlp_hidden=256, num_classes=10, layer_norm_eps=1e-5, **_):
        super().__init__()
        self.return_hidden = True
        grid = image_size // patch_size
        self.patch_embed = nn.Conv2d(in_channels, width, kernel_size=patch_size, stride=patch_size)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, width))
        self.pos_embed = nn.Parameter(torch.zeros(1, grid * grid + 1, width))
        self.blocks = nn.ModuleList(
            [Block(width, heads, mlp_hidden, layer_norm_eps) for _ in range(depth)])
        self.norm = nn.LayerNorm(width, eps=layer_norm_eps)
        self.head = nn.Linear(width, num_classes)
        self._init()

    def _init(self):
        nn.init.trunc_normal_(self.pos_embed, std=0.02)
        nn.init.trunc_normal_(self.cls_token, std=0.02)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.trunc_normal_(m.weight, std=0.02)
                nn.init.zeros_(m.bias)
            elif isinstance(m, nn.LayerNorm):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)

    def forward(self, x):
        n = x.shape[0]
        x = self.patch_embed(x).flatten(2).transpose(1, 2)    # (n, 49, width), row-major
        x = torch.cat([self.cls_token.expand(n, -1, -1), x], dim=1)
        x = x + self.pos_embed
        hidden = [x]
        for block in self.blocks:
            x = block(x)
            hidden.append(x)
        logits = self.head(self.norm(x)[:, 0])
        if self.return_hidden:
            return logits, torch.stack(hidden, dim=1)
        return logits


# ----------------------------------------------------------------------------- data

def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", raw[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    return data.reshape(dims).copy()


def write_idx(path, array):
    array = np.ascontiguousarray(array, dtype=np.uint8)
    header = struct.pack(">HBB", 0, 0x08, array.ndim) + struct.pack(">" + "I" * array.ndim,
                                                                  *array.shape)
    with open(path, "wb") as f:
        f.write(header)
        f.write(array.tobytes())


def normalise(pixels_u8):
    """uint8 (n, 28, 28) -> float32 (n, 1, 28, 28) normalised model input."""
    x = torch.from_numpy(pixels_u8).float().div_(255.0)
    return ((x - MEAN) / STD).unsqueeze(1)


def augment(padded_u8, idx, gen, crop_p=1.0):
    """Light augmentation of uint8 images, then normalisation.

    With probability crop_p an image is a random 28x28 crop of its 2-px zero-padded 32x32
    version (a shift of up to 2 px each way), otherwise the centre crop (the image itself);
    then it is flipped left-right with probability 0.5.
    """
    b = idx.shape[0]
    oy = torch.randint(0, 5, (b,), generator=gen)
    ox = torch.randint(0, 5, (b,), generator=gen)
    keep = torch.rand(b, generator=gen) >= crop_p
    oy[keep] = 2
    ox[keep] = 2
    ar = torch.arange(28)
    rows = (oy[:, None] + ar)[:, :, None]
    cols = (ox[:, None] + ar)[:, None, :]
    x = padded_u8[idx[:, None, None], rows, cols]
    flip = torch.rand(b, generator=gen) < 0.5
    x = torch.where(flip[:, None, None], x.flip(-1), x)
    x = x.float().div_(255.0)
    return ((x - MEAN) / STD).unsqueeze(1)


@torch.no_grad()
def predict(model_fn, x, batch=1000):
    out = []
    for i in range(0, x.shape[0], batch):
        res = model_fn(x[i:i + batch])
        out.append(res[0] if isinstance(res, tuple) else res)
    return torch.cat(out)


def accuracy(logits, labels):
    return float((logits.argmax(1) == labels).float().mean())


# ----------------------------------------------------------------------------- ONNX helpers

def find_hook_tensors(graph, depth):
    """Find the tensors equal to hidden[:, 0..depth] by reasoning over the graph."""
    nodes = list(graph.node)
    producer = {o: nd for nd in nodes for o in nd.output}
    consumers = {}
    for nd in nodes:
        for i in nd.input:
            consumers.setdefault(i, []).append(nd)

    def scope(nd):
        return nd.name.rsplit("/", 1)[0] if "/" in nd.name else ""

    # embed: the Add that adds the position embedding to the Concat([cls, patches]) output.
    embed_adds = [nd for nd in nodes if nd.op_type == "Add" and scope(nd) == ""
                  and any(i in producer and producer[i].op_type == "Concat" for i in nd.input)]
    if len(embed_adds) != 1:
        raise RuntimeError(f"expected one pos-embedding Add, found {[n.name for n in embed_adds]}")
    hooks = {"embed": embed_adds[0].output[0]}
    prev = hooks["embed"]
    for k in range(depth):
        block_scope = f"/blocks.{k}"
        adds = [nd for nd in nodes if nd.op_type == "Add" and scope(nd) == block_scope]
        if len(adds) != 2:
            raise RuntimeError(f"{block_scope}: expected two residual Adds, found "
                               f"{[n.name for n in adds]}")
        first, last = adds
        # Residual chain: first = prev + attn(...), last = first + mlp(...).
        if prev not in first.input:
            raise RuntimeError(f"{block_scope}: first residual Add does not read {prev}")
        if first.output[0] not in last.input:
            raise RuntimeError(f"{block_scope}: last residual Add does not read the first one")
        # The block input feeds this block's first LayerNormalization.
        ln_in = [c for c in consumers.get(prev, []) if c.op_type == "LayerNormalization"
                 and scope(c).startswith(block_scope + "/norm1")]
        if not ln_in:
            raise RuntimeError(f"{block_scope}: input {prev} does not feed norm1")
        hooks[f"blocks.{k + 1}"] = last.output[0]
        prev = last.output[0]
    # The last block output feeds the final LayerNormalization.
    if not any(c.op_type == "LayerNormalization" and scope(c).startswith("/norm")
               for c in consumers.get(prev, [])):
        raise RuntimeError(f"last block output {prev} does not feed the final norm")
    return hooks


def name_batch_dims(om):
    """Give the inferred shapes' generated symbols ('unk__N') their meaning, checked by running.

    The only dynamic size in this graph is the batch, but ONNX shape inference loses the name
    'batch' at the exporter's Expand/Reshape chains and invents 'unk__N' symbols instead. Run
    the graph (numpy evaluator) at two batch sizes: a symbolic dim whose size equals the batch
    in both runs becomes 'batch', one with the same size in both becomes that constant; static
    dims are checked. Anything else is an error.
    """
    ev = NumpyOnnx(om)
    runs = {b: ev.run({"pixels": np.random.RandomState(b).randn(b, 1, 28, 28).astype(np.float32)})
            for b in (2, 3)}
    missing = [v.name for v in om.graph.value_info if not v.type.tensor_type.HasField("shape")]
    if missing:
        raise RuntimeError(f"shape inference left {len(missing)} tensors without shape: "
                           f"{missing[:5]}")
    renamed = 0
    for v in list(om.graph.value_info) + list(om.graph.output):
        dims = v.type.tensor_type.shape.dim
        shapes = {b: runs[b][v.name].shape for b in runs}
        for b, sh in shapes.items():
            if len(sh) != len(dims):
                raise RuntimeError(f"{v.name}: rank {len(dims)} inferred, {len(sh)} computed")
        for i, d in enumerate(dims):
            sizes = {b: shapes[b][i] for b in shapes}
            if d.HasField("dim_value"):
                if any(s != d.dim_value for s in sizes.values()):
                    raise RuntimeError(f"{v.name}[{i}]: inferred {d.dim_value}, computed {sizes}")
            elif d.dim_param == "batch" or all(s == b for b, s in sizes.items()):
                if not all(s == b for b, s in sizes.items()):
                    raise RuntimeError(f"{v.name}[{i}]: 'batch' but computed {sizes}")
                if d.dim_param != "batch":
                    d.dim_param = "batch"
                    renamed += 1
            elif len(set(sizes.values())) == 1:
                d.dim_value = sizes[2]
                renamed += 1
            else:
                raise RuntimeError(f"{v.name}[{i}]: symbol {d.dim_param} computed {sizes}")
    print(f"shape inference: {len(om.graph.value_info)} intermediate shapes, "
          f"{renamed} generated symbols resolved by execution", flush=True)


class NumpyOnnx:
    """A minimal numpy evaluator for the ops this exported graph uses (verification only)."""

    def __init__(self, model):
        from onnx import numpy_helper
        self.graph = model.graph
        self.init = {t.name: numpy_helper.to_array(t) for t in self.graph.initializer}

    @staticmethod
    def _attrs(node):
        from onnx import helper
        return {a.name: helper.get_attribute_value(a) for a in node.attribute}

    def run(self, feeds, wanted=None):
        from onnx import numpy_helper
        env = dict(self.init)
        env.update(feeds)
        for nd in self.graph.node:
            a = self._attrs(nd)
            x = [env[i] if i else None for i in nd.input]
            op = nd.op_type
            if op == "Constant":
                y = numpy_helper.to_array(a["value"])
            elif op == "Conv":
                y = self._conv(x[0], x[1], x[2] if len(x) > 2 else None, a)
            elif op in ("Add", "Sub", "Mul", "Div", "Pow"):
                f = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply,
                     "Div": np.divide, "Pow": np.power}[op]
                y = f(x[0], x[1]).astype(x[0].dtype)
            elif op == "MatMul":
                y = np.matmul(x[0], x[1])
            elif op == "Gemm":
                A = x[0].T if a.get("transA", 0) else x[0]
                B = x[1].T if a.get("transB", 0) else x[1]
                y = a.get("alpha", 1.0) * (A @ B)
                if len(x) > 2:
                    y = y + a.get("beta", 1.0) * x[2]
            elif op == "Erf":
                y = _erf(x[0])
            elif op == "Sqrt":
                y = np.sqrt(x[0])
            elif op == "Softmax":
                ax = a.get("axis", -1)
                e = np.exp(x[0] - x[0].max(axis=ax, keepdims=True))
                y = e / e.sum(axis=ax, keepdims=True)
            elif op == "LayerNormalization":
                ax = a.get("axis", -1)
                axes = tuple(range(ax % x[0].ndim, x[0].ndim))
                mu = x[0].mean(axis=axes, keepdims=True)
                var = ((x[0] - mu) ** 2).mean(axis=axes, keepdims=True)
                y = (x[0] - mu) / np.sqrt(var + a.get("epsilon", 1e-5)) * x[1]
                if len(x) > 2 and x[2] is not None:
                    y = y + x[2]
            elif op == "ReduceMean":
                y = x[0].mean(axis=tuple(a["axes"]), keepdims=bool(a.get("keepdims", 1)))
            elif op == "Reshape":
                shape = [d if d != 0 else x[0].shape[i] for i, d in enumerate(x[1].tolist())]
                y = x[0].reshape(shape)
            elif op == "Flatten":
                ax = a.get("axis", 1)
                y = x[0].reshape(int(np.prod(x[0].shape[:ax])), -1)
            elif op == "Transpose":
                y = np.transpose(x[0], a.get("perm"))
            elif op == "Concat":
                y = np.concatenate(x, axis=a["axis"])
            elif op == "Shape":
                y = np.array(x[0].shape, dtype=np.int64)
                if "start" in a or "end" in a:
                    y = y[a.get("start", 0):a.get("end", None)]
            elif op == "Gather":
                y = np.take(x[0], x[1], axis=a.get("axis", 0))
            elif op == "Unsqueeze":
                y = x[0]
                for ax in sorted(int(v) % (x[0].ndim + len(x[1])) for v in x[1].tolist()):
                    y = np.expand_dims(y, ax)
            elif op == "Squeeze":
                y = np.squeeze(x[0], axis=tuple(x[1].tolist()) if len(x) > 1 else None)
            elif op == "Expand":
                y = x[0] * np.ones(x[1].tolist(), dtype=x[0].dtype)
            elif op == "ConstantOfShape":
                val = numpy_helper.to_array(a["value"]) if "value" in a else np.zeros(1, np.float32)
                y = np.full(x[0].tolist(), val.reshape(-1)[0], dtype=val.dtype)
            elif op == "Equal":
                y = np.equal(x[0], x[1])
            elif op == "Where":
                y = np.where(x[0], x[1], x[2])
            elif op == "Cast":
                from onnx import mapping
                y = x[0].astype(mapping.TENSOR_TYPE_TO_NP_TYPE[a["to"]])
            elif op == "Slice":
                data, starts, ends = x[0], x[1], x[2]
                axes = x[3] if len(x) > 3 and x[3] is not None else np.arange(len(starts))
                steps = x[4] if len(x) > 4 and x[4] is not None else np.ones(len(starts), np.int64)
                sl = [slice(None)] * data.ndim
                for s, e, ax, st in zip(starts, ends, axes, steps):
                    sl[int(ax)] = slice(int(s), int(min(e, np.iinfo(np.int64).max)), int(st))
                y = data[tuple(sl)]
            elif op == "Split":
                ax = a.get("axis", 0)
                sizes = x[1].tolist() if len(x) > 1 and x[1] is not None else None
                if sizes is None:
                    sizes = [x[0].shape[ax] // len(nd.output)] * len(nd.output)
                ys = np.split(x[0], np.cumsum(sizes)[:-1], axis=ax)
                for name, v in zip(nd.output, ys):
                    env[name] = v
                continue
            elif op == "Identity":
                y = x[0]
            else:
                raise NotImplementedError(f"numpy evaluator: op {op} ({nd.name})")
            env[nd.output[0]] = np.asarray(y)
        return env if wanted is None else [env[w] for w in wanted]

    @staticmethod
    def _conv(x, w, b, a):
        # Only what the patch embedding needs: no padding, stride == kernel, group 1.
        k = w.shape[2:]
        s = a.get("strides", [1, 1])
        if list(s) != list(k) or any(a.get("pads", [0, 0, 0, 0])) or a.get("group", 1) != 1:
            raise NotImplementedError("numpy evaluator: only non-overlapping Conv")
        n, c, h, wd = x.shape
        gh, gw = h // k[0], wd // k[1]
        p = x[:, :, :gh * k[0], :gw * k[1]].reshape(n, c, gh, k[0], gw, k[1])
        y = np.einsum("ncyhxw,ochw->noyx", p, w)
        if b is not None:
            y = y + b[None, :, None, None]
        return y.astype(np.float32)


def _erf(x):
    # Elementwise erf borrowed from torch (numpy has none); the graph walk stays numpy.
    return torch.erf(torch.from_numpy(np.ascontiguousarray(x))).numpy()


# ----------------------------------------------------------------------------- main

def use_fast_blas():
    """Re-exec once with OpenBLAS in front of Debian's reference BLAS, where available.

    Debian's torch 1.13 is built with BLAS_INFO=generic and calls whatever libblas.so.3 it
    finds; the reference BLAS gives ~3 GFLOP/s, which makes one epoch take over an hour.
    OpenBLAS (Debian ``libopenblas0-pthread``) gives ~80 GFLOP/s. Set TINY_VIT_BLAS_DIR to a
    directory holding an OpenBLAS ``libblas.so.3`` to use one that is not installed.
    """
    if os.environ.get("TINY_VIT_BLAS_REEXEC"):
        return
    for d in [os.environ.get("TINY_VIT_BLAS_DIR"), "/usr/lib/x86_64-linux-gnu/openblas-pthread"]:
        if d and os.path.exists(os.path.join(d, "libblas.so.3")):
            # One OpenBLAS thread: torch's own 2 OpenMP threads plus OpenBLAS threads
            # oversubscribe 2 shared cores (measured: no faster, often slower).
            env = dict(os.environ, TINY_VIT_BLAS_REEXEC="1", OPENBLAS_NUM_THREADS="1",
                       LD_LIBRARY_PATH=d + os.pathsep + os.environ.get("LD_LIBRARY_PATH", ""))
            os.execve(sys.executable, [sys.executable] + sys.argv, env)
    print("warning: no OpenBLAS found; training on reference BLAS is very slow", flush=True)


def gemm_gflops():
    a, b = torch.randn(6400, 128), torch.randn(128, 384)
    a @ b
    t = time.time()
    for _ in range(5):
        a @ b
    return 5 * 2 * 6400 * 128 * 384 / (time.time() - t) / 1e9


def main():
    use_fast_blas()
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--out-dir", default=HERE)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--weight-decay", type=float, default=0.05)
    ap.add_argument("--warmup-steps", type=int, default=300)
    ap.add_argument("--time-budget", type=float, default=3600.0,
                    help="seconds of training; stop after the epoch that would overrun it")
    ap.add_argument("--init-from", default=None,
                    help="start from the weights of an earlier TorchScript export (fine-tuning stage)")
    ap.add_argument("--crop-p", type=float, default=0.1,
                    help="probability of a random 2-px shift crop (flip is always p=0.5)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--train-limit", type=int, default=60000,
                    help="use only the first N training images (smoke tests)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)
    np.random.seed(SEED)
    gen = torch.Generator().manual_seed(SEED)
    gflops = gemm_gflops()
    print(f"GEMM speed {gflops:.1f} GFLOP/s (LD_LIBRARY_PATH="
          f"{os.environ.get('LD_LIBRARY_PATH', '')})", flush=True)
    out = args.out_dir
    os.makedirs(out, exist_ok=True)
    os.makedirs(DATA_OUT, exist_ok=True)

    # --- data
    d = args.data_dir
    train_x = read_idx(os.path.join(d, "train-images-idx3-ubyte.gz"))
    train_y = read_idx(os.path.join(d, "train-labels-idx1-ubyte.gz"))
    test_x = read_idx(os.path.join(d, "t10k-images-idx3-ubyte.gz"))
    test_y = read_idx(os.path.join(d, "t10k-labels-idx1-ubyte.gz"))
    assert train_x.shape == (60000, 28, 28) and test_x.shape == (10000, 28, 28)
    print(f"train {train_x.shape} test {test_x.shape}", flush=True)

    sub_img = os.path.join(DATA_OUT, f"fashion-mnist-test-{SUBSET}-images-idx3-ubyte")
    sub_lab = os.path.join(DATA_OUT, f"fashion-mnist-test-{SUBSET}-labels-idx1-ubyte")
    write_idx(sub_img, test_x[:SUBSET])
    write_idx(sub_lab, test_y[:SUBSET])
    assert np.array_equal(read_idx(sub_img), test_x[:SUBSET])
    assert np.array_equal(read_idx(sub_lab), test_y[:SUBSET])
    with open(sub_img, "rb") as f:
        assert struct.unpack(">IIII", f.read(16)) == (0x803, SUBSET, 28, 28)
    with open(sub_lab, "rb") as f:
        assert struct.unpack(">II", f.read(8)) == (0x801, SUBSET)

    n_train = args.train_limit
    train_x, train_y = train_x[:n_train], train_y[:n_train]
    padded = torch.from_numpy(np.pad(train_x, ((0, 0), (2, 2), (2, 2))))
    labels = torch.from_numpy(train_y.astype(np.int64))
    test_in = normalise(test_x)
    test_lab = torch.from_numpy(test_y.astype(np.int64))

    # --- model
    model = TinyViT(**ARCH)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"parameters: {n_params}", flush=True)
    assert 500_000 <= n_params <= 2_000_000, n_params
    if args.init_from:
        model.load_state_dict(torch.jit.load(args.init_from).state_dict())
        print(f"initialised from {args.init_from}", flush=True)

    decay = [p for n_, p in model.named_parameters() if p.ndim >= 2 and "embed" not in n_
             and "token" not in n_]
    no_decay = [p for n_, p in model.named_parameters() if not (p.ndim >= 2 and "embed" not in n_
                                                                and "token" not in n_)]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay},
                             {"params": no_decay, "weight_decay": 0.0}], lr=args.lr,
                            betas=BETAS)
    steps_per_epoch = math.ceil(n_train / args.batch)
    total_steps = args.epochs * steps_per_epoch

    def lr_at(step):
        if step < args.warmup_steps:
            return args.lr * (step + 1) / args.warmup_steps
        t = (step - args.warmup_steps) / max(1, total_steps - args.warmup_steps)
        return args.lr * 0.5 * (1 + math.cos(math.pi * min(1.0, t)))

    # --- train
    t0 = time.time()
    step = 0
    epochs_run = 0
    history = []
    for epoch in range(args.epochs):
        ep_start = time.time()
        model.train()
        perm = torch.randperm(n_train, generator=gen)
        loss_sum, correct = 0.0, 0
        for i in range(0, n_train, args.batch):
            idx = perm[i:i + args.batch]
            xb = augment(padded, idx, gen, args.crop_p)
            yb = labels[idx]
            for g in opt.param_groups:
                g["lr"] = lr_at(step)
            logits, _ = model(xb)
            loss = F.cross_entropy(logits, yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            step += 1
            loss_sum += float(loss) * idx.shape[0]
            correct += int((logits.argmax(1) == yb).sum())
        epochs_run += 1
        model.eval()
        sub_acc_ep = accuracy(predict(model, test_in[:SUBSET]), test_lab[:SUBSET])
        ep_time = time.time() - ep_start
        elapsed = time.time() - t0
        history.append({"epoch": epoch + 1, "train_loss": round(loss_sum / n_train, 4),
                        "train_acc": round(correct / n_train, 4),
                        "subset_acc": round(sub_acc_ep, 4),
                        "seconds": round(ep_time, 1)})
        print(f"epoch {epoch + 1}/{args.epochs} loss {loss_sum / n_train:.4f} "
              f"train {correct / n_train:.4f} subset {sub_acc_ep:.4f} "
              f"({ep_time:.0f}s, total {elapsed:.0f}s)", flush=True)
        if epoch + 1 < args.epochs and elapsed + ep_time > args.time_budget:
            print(f"time budget {args.time_budget:.0f}s reached: stopping after epoch "
                  f"{epoch + 1}", flush=True)
            break
    train_seconds = time.time() - t0

    # --- evaluate eager
    model.eval()
    with torch.no_grad():
        test_logits = predict(model, test_in)
        test_acc = accuracy(test_logits, test_lab)
        sub_in, sub_lab_t = test_in[:SUBSET], test_lab[:SUBSET]
        sub_logits = predict(model, sub_in)
        sub_acc = accuracy(sub_logits, sub_lab_t)
        probe = sub_in[:8]
        eager_logits, eager_hidden = model(probe)
    print(f"eager test accuracy {test_acc:.4f}, subset accuracy {sub_acc:.4f}", flush=True)
    assert eager_hidden.shape == (8, ARCH["depth"] + 1, 50, ARCH["width"])

    # --- TorchScript
    pt_path = os.path.join(out, "tiny-vit.pt")
    with torch.no_grad():
        traced = torch.jit.trace(model, sub_in[:2])
    traced.save(pt_path)
    loaded = torch.jit.load(pt_path)
    loaded.eval()
    with torch.no_grad():
        ts_logits, ts_hidden = loaded(probe)
        ts_test_acc = accuracy(predict(loaded, test_in), test_lab)
        odd_logits, odd_hidden = loaded(sub_in[:5])  # another batch size: dynamic batch
    ts_diff = max(float((ts_logits - eager_logits).abs().max()),
                  float((ts_hidden - eager_hidden).abs().max()))
    odd_diff = max(float((odd_logits - eager_logits[:5]).abs().max()),
                   float((odd_hidden - eager_hidden[:5]).abs().max()))
    print(f"TorchScript: max abs diff {ts_diff:.3g} (batch 5: {odd_diff:.3g}), "
          f"test accuracy {ts_test_acc:.4f}", flush=True)
    assert ts_diff < 1e-4 and odd_diff < 1e-4

    # --- ONNX
    import onnx
    onnx_path = os.path.join(out, "tiny-vit.onnx")
    model.return_hidden = False
    with torch.no_grad():
        torch.onnx.export(model, sub_in[:2], onnx_path, opset_version=17,
                          input_names=["pixels"], output_names=["logits"],
                          dynamic_axes={"pixels": {0: "batch"}, "logits": {0: "batch"}},
                          do_constant_folding=True)
    model.return_hidden = True
    om = onnx.load(onnx_path)
    onnx.checker.check_model(om)
    # data_prop: propagate the Shape->Gather->Concat->Reshape chains the exporter emits for
    # the traced reshapes, so that every intermediate tensor gets a shape.
    om = onnx.shape_inference.infer_shapes(om, data_prop=True)
    name_batch_dims(om)
    onnx.checker.check_model(om)
    onnx.save(om, onnx_path)
    om = onnx.load(onnx_path)
    assert [i.name for i in om.graph.input] == ["pixels"]
    assert [o.name for o in om.graph.output] == ["logits"]
    hooks = find_hook_tensors(om.graph, ARCH["depth"])
    vi = {v.name: v for v in om.graph.value_info}
    hook_shapes = {}
    for key, name in hooks.items():
        dims = [dd.dim_param or dd.dim_value for dd in vi[name].type.tensor_type.shape.dim] \
            if name in vi else None
        hook_shapes[key] = dims
        print(f"ONNX hook {key:9s} -> {name}  shape {dims}", flush=True)

    # Numerical check of the hooks and logits with the numpy evaluator.
    ev = NumpyOnnx(om)
    names = ["logits"] + [hooks["embed"]] + [hooks[f"blocks.{k}"] for k in range(1, 5)]
    res = ev.run({"pixels": probe.numpy()}, names)
    onnx_logit_diff = float(np.abs(res[0] - eager_logits.numpy()).max())
    onnx_hook_diff = {}
    for j, key in enumerate(["embed"] + [f"blocks.{k}" for k in range(1, 5)]):
        onnx_hook_diff[key] = float(np.abs(res[1 + j] - eager_hidden[:, j].numpy()).max())
    print(f"ONNX (numpy evaluator) vs eager: logits {onnx_logit_diff:.3g}, hooks {onnx_hook_diff}",
          flush=True)
    assert onnx_logit_diff < 1e-4 and max(onnx_hook_diff.values()) < 1e-4
    onnx_sub_logits = np.concatenate(
        [ev.run({"pixels": sub_in[i:i + 250].numpy()}, ["logits"])[0]
         for i in range(0, SUBSET, 250)])
    onnx_sub_acc = float((onnx_sub_logits.argmax(1) == test_y[:SUBSET]).mean())
    print(f"ONNX (numpy evaluator) subset accuracy {onnx_sub_acc:.4f}", flush=True)

    # --- reference.json
    layer = 2
    ref = {
        "description": "Eager float32 outputs of tiny-vit for the first 4 images of "
                       "samples/data/fashion-mnist-test-2000-images-idx3-ubyte, normalised as "
                       "(pixels/255 - mean)/std. hidden[:, layer] follows the TorchScript "
                       "contract in metrics.json (layer 2 = output of block 2, ONNX tensor "
                       "onnx_tensor).",
        "normalisation": {"scale": 1 / 255, "mean": MEAN, "std": STD},
        "images": [0, 1, 2, 3],
        "labels": [int(v) for v in test_y[:4]],
        "logits": [[float(v) for v in row] for row in eager_logits[:4]],
        "predicted": [int(v) for v in eager_logits[:4].argmax(1)],
        "hidden_layer": layer,
        "onnx_tensor": hooks[f"blocks.{layer}"],
        "channels": 8,
        "cls_token_first8": [[float(v) for v in eager_hidden[i, layer, 0, :8]] for i in range(4)],
        "patch_token1_first8": [[float(v) for v in eager_hidden[i, layer, 1, :8]]
                                for i in range(4)],
        "tolerance_hint": 1e-4,
    }
    with open(os.path.join(out, "reference.json"), "w") as f:
        json.dump(ref, f, indent=2)
        f.write("\n")

    # --- metrics.json
    metrics = {
        "model": "tiny-vit",
        "dataset": "Fashion-MNIST (Zalando Research, MIT licence)",
        "classes": CLASSES,
        "parameters": n_params,
        "architecture": dict(ARCH, tokens=50, patches=49, patch_grid=[7, 7],
                             token_order="token 0 = CLS, tokens 1..49 = patches row-major",
                             head="linear on final-LayerNorm CLS token"),
        "normalisation": {"formula": "x = (pixels / 255 - mean) / std, outside the model",
                          "mean": MEAN, "std": STD, "input_layout": "(n, 1, 28, 28) float32"},
        "training": {"seed": SEED, "optimizer": "AdamW", "betas": list(BETAS), "lr": args.lr,
                     "weight_decay": args.weight_decay, "batch": args.batch,
                     "schedule": f"linear warm-up {args.warmup_steps} steps, cosine to 0 over "
                                 f"{args.epochs} planned epochs",
                     "augmentation": f"with p={args.crop_p}: random 28x28 crop of the 2-px zero-padded "
                                     f"image; h-flip p=0.5",
                     "grad_clip": 1.0, "init_from": args.init_from, "train_images": n_train, "epochs_planned": args.epochs, "epochs_run": epochs_run,
                     "train_seconds": round(train_seconds, 1), "threads": args.threads,
                     "hardware": f"CPU, {args.threads} threads, GEMM {gflops:.0f} GFLOP/s",
                     "history": history},
        "test_accuracy": round(test_acc, 4),
        "test_accuracy_torchscript": round(ts_test_acc, 4),
        "subset_accuracy": round(sub_acc, 4),
        "subset_accuracy_onnx_numpy": round(onnx_sub_acc, 4),
        "subset": {"images": "samples/data/fashion-mnist-test-2000-images-idx3-ubyte",
                   "labels": "samples/data/fashion-mnist-test-2000-labels-idx1-ubyte",
                   "count": SUBSET, "source": "first 2000 of t10k"},
        "torchscript": {
            "file": "tiny-vit.pt", "made_with": "torch.jit.trace",
            "input": "(n, 1, 28, 28) float32 normalised, dynamic n",
            "output": "tuple (logits, hidden)",
            "logits": "(n, 10)",
            "hidden": "(n, depth+1=5, 50, 128): hidden[:,0] = token embeddings after the "
                      "position embedding is added (input of block 1); hidden[:,i], i=1..4 = "
                      "residual stream after block i (1-based), before the final LayerNorm",
            "max_abs_diff_vs_eager": ts_diff,
        },
        "onnx": {"file": "tiny-vit.onnx", "opset": 17, "inputs": ["pixels"],
                 "outputs": ["logits"],
                 "input_shape": ["batch", 1, 28, 28], "output_shape": ["batch", 10],
                 "shape_inferred": True,
                 "hook_tensors": hooks, "hook_shapes": hook_shapes,
                 "hook_semantics": "hook_tensors[k] equals TorchScript hidden[:, i] with "
                                   "embed -> i=0, blocks.i -> i (1-based)",
                 "numpy_eval_max_abs_diff": {"logits": onnx_logit_diff, **onnx_hook_diff}},
        "versions": {"torch": torch.__version__, "onnx": onnx.__version__,
                     "numpy": np.__version__, "python": sys.version.split()[0]},
    }
    with open(os.path.join(out, "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=2)
        f.write("\n")
    for p in [pt_path, onnx_path, sub_img, sub_lab]:
        print(f"{os.path.relpath(p, REPO)}: {os.path.getsize(p)} bytes", flush=True)
    print("done", flush=True)


if __name__ == "__main__":
    main()
