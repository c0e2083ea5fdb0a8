#!/usr/bin/python3
"""Convert the MobileNetV2 of npm nsfwjs 4.3.0 (a TensorFlow.js layers model) to ONNX and TorchScript.

The model is Keras' MobileNetV2 (alpha 1.0, 224x224, ImageNet-pretrained backbone) whose head
the nsfwjs authors replaced and fine-tuned as a 5-class content classifier (drawings, hentai,
neutral, porn, sexy). Facet uses it for its backbone features; the classifier only serves as a
sanity check. Everything here is dev-time: CI needs neither this script nor node, only the files
it writes (see README.md beside it for the commands in order).

Two sub-commands:

``inputs``
    Writes the input tensors every check uses: ``reference-inputs.npy`` beside this script (two
    shipped photos, committed, read by the Java test) and, in ``--work``, ``inputs-reference.npy``
    (the same two), ``inputs-photos.npy`` (three more photos) and ``inputs-random.npy`` (three
    seeded uniform [0, 1) tensors). Every file is float32 with one image per row, the row being
    the image's (3, 224, 224) NCHW tensor flattened. A photo becomes a tensor as nsfwjs feeds it:
    decoded to RGB bytes (PIL; a gray photo has its one channel repeated), divided by 255, resized
    to 224x224 by bilinear interpolation with aligned corners (``tf.image.resizeBilinear(...,
    alignCorners=true)``, here in float64 then rounded to float32). Run ``reference_tfjs.mjs``
    next: it runs the original model on these files.

``convert``
    Reads the tfjs layers model that ``reference_tfjs.mjs`` wrote to ``--work`` (``model.json``
    and the binary weight shards; the weights are uint8-quantized and are dequantized exactly as
    tfjs does: ``float32(q * scale + min)`` computed in double precision), and writes

    * ``mobilenet-v2.onnx``: opset 13, input ``pixels`` (n, 3, 224, 224) NCHW float32 RGB in [0, 1],
      output ``dense_3`` (n, 5) softmax probabilities. Every Keras layer becomes ONNX ops whose
      output tensor carries the layer's name (``block_13_expand_relu``, ``out_relu``, ...):
      ZeroPadding2D -> Pad, Conv2D -> Conv (TensorFlow's 'same'/'valid' padding made explicit),
      DepthwiseConv2D -> Conv with group = channels, BatchNormalization -> BatchNormalization
      (not folded, so every layer keeps its own tensor), ReLU(max 6) -> Clip(0, 6), Add -> Add,
      AveragePooling2D -> AveragePool, Flatten -> Flatten, Dropout -> Identity, Dense -> Gemm
      plus its activation (the Gemm output is named ``LAYER/BiasAdd``; ``dense_3/BiasAdd`` holds
      the logits before the softmax). No shape inference is run and no value_info is written:
      only the graph input and output carry shapes, as in many real exports, so Facet has to
      learn intermediate shapes by probing.
    * ``mobilenet-v2.pt``: TorchScript of a hand-written PyTorch twin (explicit asymmetric
      padding as Keras does) loaded with the same weights; ``forward(x)`` takes the same input
      and returns the tuple ``(logits, block_13_expand_relu, out_relu)`` with shapes (n, 5),
      (n, 576, 14, 14), (n, 1280, 7, 7); the logits are before the softmax. Gradients flow to
      the input.
    * ``conversion.json``: versions, the shape of every ONNX tensor (measured by the numpy
      evaluation, not stored in the model) and the measured differences.

    Checks, on every input set of ``--work``: the ONNX file is evaluated by an independent
    float64 numpy interpreter of its nodes (Debian's onnx 1.12 has no ReferenceEvaluator) and
    compared with the tfjs outputs; the eager PyTorch twin and the saved TorchScript are compared
    with both. Differences are reported as the maximum absolute difference and that divided by
    the largest absolute value of the reference tensor ("relative").

Requirements: Debian's ``python3-onnx`` (1.12), ``python3-numpy``, ``python3-torch`` (1.13) and
``python3-pil``. Nothing is downloaded. Debian's torch calls whatever ``libblas.so.3`` it
finds; where OpenBLAS is installed (``libopenblas0-pthread``) or ``MOBILENET_BLAS_DIR`` names a
folder with an OpenBLAS ``libblas.so.3``, the script re-executes itself with it first on
``LD_LIBRARY_PATH`` (the idea of ``tiny-vit/train_tiny_vit.py``).
"""

import os
import sys


def _reexec_with_openblas():
    if os.environ.get("MOBILENET_BLAS_REEXEC") or __name__ != "__main__":
        return
    for folder in (os.environ.get("MOBILENET_BLAS_DIR"), "/usr/lib/x86_64-linux-gnu/openblas-pthread"):
        if folder and os.path.exists(os.path.join(folder, "libblas.so.3")):
            env = dict(os.environ, MOBILENET_BLAS_REEXEC="1",
                       LD_LIBRARY_PATH=folder + os.pathsep + os.environ.get("LD_LIBRARY_PATH", ""))
            os.execve(sys.executable, [sys.executable] + sys.argv, env)


_reexec_with_openblas()

import argparse  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import onnx  # noqa: E402
from onnx import helper, numpy_helper, TensorProto  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
PHOTOS = os.path.join(REPO, "samples", "data", "photos")
SIZE = 224
REFERENCE_PHOTOS = ["chelsea.jpg", "coffee.jpg"]
MORE_PHOTOS = ["camera.jpg", "european-honey-bee.jpg", "friends_by_Aitzol_Berasategi.jpg"]
RANDOM_SEED = 20240607
CLASSES = ["drawings", "hentai", "neutral", "porn", "sexy"]
OPSET = 13
HOOKS = ["block_13_expand_relu", "out_relu", "flatten_1", "dense_3/BiasAdd", "dense_3"]
TFJS_NAMES = {"dense_3/BiasAdd": "logits"}
ATTRIBUTION = (
    "MobileNetV2 of the npm package nsfwjs 4.3.0 (dist/models/mobilenet_v2), Copyright (c) 2019 "
    "Infinite Red, Inc., MIT licence: Permission is hereby granted, free of charge, to any person "
    "obtaining a copy of this software and associated documentation files (the \"Software\"), to deal "
    "in the Software without restriction, including without limitation the rights to use, copy, "
    "modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to "
    "permit persons to whom the Software is furnished to do so, subject to the following conditions: "
    "The above copyright notice and this permission notice shall be included in all copies or "
    "substantial portions of the Software. THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF "
    "ANY KIND. Backbone: Keras MobileNetV2 (alpha 1.0) pretrained on ImageNet; head fine-tuned by the "
    "nsfwjs authors. Converted to ONNX by Facet's samples/models/mobilenet-v2/convert_mobilenet_v2.py."
)


# ============================================================================ input tensors

def resize_align_corners(image, size):
    """Bilinear resize of an (h, w, c) float64 array with aligned corners, like tfjs."""
    def axis_weights(n_in):
        if size == 1 or n_in == 1:
            src = np.zeros(size)
        else:
            src = np.arange(size) * ((n_in - 1) / (size - 1))
        lo = np.floor(src).astype(int)
        hi = np.minimum(lo + 1, n_in - 1)
        return lo, hi, src - lo

    y0, y1, wy = axis_weights(image.shape[0])
    x0, x1, wx = axis_weights(image.shape[1])
    rows = image[y0] * (1 - wy)[:, None, None] + image[y1] * wy[:, None, None]
    return rows[:, x0] * (1 - wx)[None, :, None] + rows[:, x1] * wx[None, :, None]


def photo_tensor(name):
    from PIL import Image
    with Image.open(os.path.join(PHOTOS, name)) as image:
        rgb = np.asarray(image.convert("RGB"), dtype=np.float64) / 255.0
    return resize_align_corners(rgb, SIZE).transpose(2, 0, 1).astype(np.float32)


def rows(tensors):
    return np.stack([t.reshape(-1) for t in tensors]).astype(np.float32)


def cmd_inputs(args):
    os.makedirs(args.work, exist_ok=True)
    reference = rows([photo_tensor(n) for n in REFERENCE_PHOTOS])
    np.save(os.path.join(HERE, "reference-inputs.npy"), reference)
    np.save(os.path.join(args.work, "inputs-reference.npy"), reference)
    with open(os.path.join(args.work, "inputs-reference.json"), "w") as f:
        json.dump(REFERENCE_PHOTOS, f)
    np.save(os.path.join(args.work, "inputs-photos.npy"), rows([photo_tensor(n) for n in MORE_PHOTOS]))
    random = np.random.default_rng(RANDOM_SEED).random((3, 3 * SIZE * SIZE), dtype=np.float32)
    np.save(os.path.join(args.work, "inputs-random.npy"), random)
    print(f"wrote {os.path.join(HERE, 'reference-inputs.npy')} {reference.shape} and the inputs-*.npy of {args.work}")


# ============================================================================ the tfjs layers model

BYTES = {"uint8": 1, "uint16": 2, "float16": 2, "float32": 4, "int32": 4}


def read_tfjs(work):
    """Returns the Keras layer list and {weight name: float32 array} of WORK/model.json."""
    with open(os.path.join(work, "model.json")) as f:
        model = json.load(f)
    weights = {}
    for group in model["weightsManifest"]:
        data = b"".join(open(os.path.join(work, p), "rb").read() for p in group["paths"])
        offset = 0
        for spec in group["weights"]:
            count = int(np.prod(spec["shape"], dtype=np.int64))
            quant = spec.get("quantization")
            if quant is None:
                assert spec["dtype"] == "float32", spec
                values = np.frombuffer(data, "<f4", count, offset)
                offset += 4 * count
            elif quant["dtype"] in ("uint8", "uint16"):
                q = np.frombuffer(data, "u1" if quant["dtype"] == "uint8" else "<u2", count, offset)
                offset += BYTES[quant["dtype"]] * count
                # tfjs: values[i] = v * scale + min, in JavaScript doubles, stored in a Float32Array
                values = (q.astype(np.float64) * quant["scale"] + quant["min"]).astype(np.float32)
            else:
                raise ValueError(f"unsupported quantization {quant}")
            weights[spec["name"]] = np.array(values, dtype=np.float32).reshape(spec["shape"])
        if offset != len(data):
            raise ValueError(f"weight shards hold {len(data)} bytes, the manifest describes {offset}")
    topology = model["modelTopology"]
    config = topology.get("model_config", topology)["config"]
    return config["layers"], weights, topology.get("keras_version")


# ============================================================================ ONNX

def same_pads(size, kernel, stride, dilation):
    """TensorFlow's 'same' padding (before, after) for one axis: the extra pixel goes after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + (kernel - 1) * dilation + 1 - size, 0)
    return total // 2, total - total // 2


class OnnxBuilder:
    def __init__(self, weights):
        self.weights = weights
        self.used = set()
        self.nodes = []
        self.initializers = []
        self.shapes = {}       # static (c, h, w) or (f,) per tensor, for padding and checks only

    def weight(self, name):
        self.used.add(name)
        return self.weights[name]

    def const(self, name, array):
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def node(self, op, inputs, output, name, **attrs):
        self.nodes.append(helper.make_node(op, inputs, [output], name=name, **attrs))
        return output

    def conv_pads(self, config, source, kernel):
        _, h, w = self.shapes[source]
        (sh, sw), (dh, dw) = config["strides"], config.get("dilation_rate", [1, 1])
        if config["padding"] == "valid":
            return [0, 0, 0, 0]
        if config["padding"] != "same":
            raise ValueError(f"padding {config['padding']}")
        top, bottom = same_pads(h, kernel[0], sh, dh)
        left, right = same_pads(w, kernel[1], sw, dw)
        return [top, left, bottom, right]

    def conv_out(self, source, kernel, pads, strides, dilations, channels):
        _, h, w = self.shapes[source]
        oh = (h + pads[0] + pads[2] - dilations[0] * (kernel[0] - 1) - 1) // strides[0] + 1
        ow = (w + pads[1] + pads[3] - dilations[1] * (kernel[1] - 1) - 1) // strides[1] + 1
        return channels, oh, ow

    def layer(self, layer, source):
        kind, name, c = layer["class_name"], layer["name"], layer["config"]
        if kind == "ZeroPadding2D":
            (top, bottom), (left, right) = c["padding"]
            pads = self.const(name + "/pads", np.array([0, 0, top, left, 0, 0, bottom, right], np.int64))
            self.node("Pad", [source, pads], name, name, mode="constant")
            ch, h, w = self.shapes[source]
            self.shapes[name] = (ch, h + top + bottom, w + left + right)
        elif kind in ("Conv2D", "DepthwiseConv2D"):
            if c.get("activation", "linear") != "linear":
                raise ValueError(f"{name}: activation {c['activation']} inside a convolution is not handled")
            channels = self.shapes[source][0]
            if kind == "Conv2D":
                kernel = self.weight(name + "/kernel")                    # (kh, kw, in, out)
                w = kernel.transpose(3, 2, 0, 1)                           # (out, in, kh, kw)
                group = 1
            else:
                kernel = self.weight(name + "/depthwise_kernel")          # (kh, kw, in, multiplier)
                kh, kw, cin, mult = kernel.shape
                w = kernel.transpose(2, 3, 0, 1).reshape(cin * mult, 1, kh, kw)
                group = cin
            assert w.shape[1] * group == channels, (name, w.shape, channels)
            pads = self.conv_pads(c, source, w.shape[2:])
            strides, dilations = list(c["strides"]), list(c.get("dilation_rate", [1, 1]))
            inputs = [source, self.const(name + "/kernel", w)]
            if c.get("use_bias"):
                inputs.append(self.const(name + "/bias", self.weight(name + "/bias")))
            self.node("Conv", inputs, name, name, kernel_shape=list(w.shape[2:]), strides=strides,
                      pads=pads, dilations=dilations, group=group)
            self.shapes[name] = self.conv_out(source, w.shape[2:], pads, strides, dilations, w.shape[0])
        elif kind == "BatchNormalization":
            if c["axis"] not in (-1, 3):
                raise ValueError(f"{name}: BatchNormalization over axis {c['axis']}")
            gamma = self.weight(name + "/gamma") if c.get("scale", True) else None
            beta = self.weight(name + "/beta") if c.get("center", True) else None
            mean, var = self.weight(name + "/moving_mean"), self.weight(name + "/moving_variance")
            gamma = np.ones_like(mean) if gamma is None else gamma
            beta = np.zeros_like(mean) if beta is None else beta
            inputs = [source] + [self.const(f"{name}/{p}", v) for p, v in
                                 (("gamma", gamma), ("beta", beta), ("moving_mean", mean), ("moving_variance", var))]
            self.node("BatchNormalization", inputs, name, name, epsilon=float(c["epsilon"]))
            self.shapes[name] = self.shapes[source]
        elif kind == "ReLU":
            if c.get("negative_slope", 0) != 0 or c.get("threshold", 0) != 0:
                raise ValueError(f"{name}: leaky or thresholded ReLU")
            if c.get("max_value") is None:
                self.node("Relu", [source], name, name)
            else:
                low = self.const(name + "/min", np.array(0, np.float32))
                high = self.const(name + "/max", np.array(c["max_value"], np.float32))
                self.node("Clip", [source, low, high], name, name)
            self.shapes[name] = self.shapes[source]
        elif kind == "AveragePooling2D":
            ch, h, w = self.shapes[source]
            (kh, kw), (sh, sw) = c["pool_size"], c["strides"] or c["pool_size"]
            if c["padding"] != "valid":
                raise ValueError(f"{name}: pooling padding {c['padding']}")
            self.node("AveragePool", [source], name, name, kernel_shape=[kh, kw], strides=[sh, sw])
            self.shapes[name] = (ch, (h - kh) // sh + 1, (w - kw) // sw + 1)
        elif kind == "Flatten":
            ch, h, w = self.shapes[source]
            if (h, w) != (1, 1):
                raise ValueError(f"{name}: Keras flattens NHWC; only a 1x1 map flattens alike in NCHW")
            self.node("Flatten", [source], name, name, axis=1)
            self.shapes[name] = (ch,)
        elif kind == "Dense":
            kernel, bias = self.weight(name + "/kernel"), self.weight(name + "/bias")
            assert kernel.shape[0] == self.shapes[source][0], (name, kernel.shape)
            activation = c.get("activation", "linear")
            linear = name if activation == "linear" else name + "/BiasAdd"
            self.node("Gemm", [source, self.const(name + "/kernel", kernel), self.const(name + "/bias", bias)],
                      linear, name + "/Gemm")
            if activation == "relu":
                self.node("Relu", [linear], name, name + "/Relu")
            elif activation == "softmax":
                self.node("Softmax", [linear], name, name + "/Softmax", axis=-1)
            elif activation != "linear":
                raise ValueError(f"{name}: activation {activation}")
            self.shapes[name] = (kernel.shape[1],)
            self.shapes[linear] = (kernel.shape[1],)
        elif kind == "Dropout":
            self.node("Identity", [source], name, name)
            self.shapes[name] = self.shapes[source]
        else:
            raise ValueError(f"layer {name}: {kind} is not handled")


def inbound(layer):
    nodes = layer["inbound_nodes"]
    if len(nodes) != 1:
        raise ValueError(f"{layer['name']} is called {len(nodes)} times; shared layers are not handled")
    return [entry[0] for entry in nodes[0]]


def build_onnx(layers, weights, keras_version):
    builder = OnnxBuilder(weights)
    alias = {}
    output = None
    for layer in layers:
        name = layer["name"]
        if layer["class_name"] == "InputLayer":
            shape = layer["config"]["batch_input_shape"]
            if shape[1:] != [SIZE, SIZE, 3]:
                raise ValueError(f"input shape {shape}")
            alias[name] = "pixels"
            builder.shapes["pixels"] = (3, SIZE, SIZE)
            continue
        sources = [alias.get(s, s) for s in inbound(layer)]
        if layer["class_name"] == "Add":
            total = sources[0]
            for i, other in enumerate(sources[1:]):
                out = name if i == len(sources) - 2 else f"{name}/partial{i}"
                total = builder.node("Add", [total, other], out, out)
            builder.shapes[name] = builder.shapes[sources[0]]
        else:
            if len(sources) != 1:
                raise ValueError(f"{name}: {len(sources)} inputs")
            builder.layer(layer, sources[0])
        output = name
    unused = sorted(set(weights) - builder.used)
    if unused:
        raise ValueError(f"weights not used: {unused}")
    graph = helper.make_graph(
        builder.nodes, "mobilenet_v2_nsfwjs",
        [helper.make_tensor_value_info("pixels", TensorProto.FLOAT, ["n", 3, SIZE, SIZE])],
        [helper.make_tensor_value_info(output, TensorProto.FLOAT, ["n", builder.shapes[output][0]])],
        builder.initializers)
    model = helper.make_model(graph, producer_name="facet convert_mobilenet_v2.py", producer_version="1",
                              opset_imports=[helper.make_opsetid("", OPSET)], doc_string=ATTRIBUTION)
    helper.set_model_props(model, {
        "source": "npm nsfwjs@4.3.0, dist/models/mobilenet_v2 (tfjs layers model, Keras " + str(keras_version) + ")",
        "license": "MIT, Copyright (c) 2019 Infinite Red, Inc.",
        "input": "pixels: (n, 3, 224, 224) float32 NCHW, RGB in [0, 1] (mean 0, std 1); nsfwjs divides bytes by 255 "
                 "and resizes with bilinear interpolation",
        "output": "dense_3: (n, 5) softmax probabilities; dense_3/BiasAdd holds the logits",
        "classes": ",".join(CLASSES),
        "hooks": "block_13_expand_relu (n,576,14,14), out_relu (n,1280,7,7), flatten_1 (n,1280); every Keras layer "
                 "name is a tensor name",
    })
    onnx.checker.check_model(model)
    return model


# ============================================================================ independent numpy evaluation

def _conv(x, w, b, a):
    group = a.get("group", 1)
    sh, sw = a.get("strides", [1, 1])
    dh, dw = a.get("dilations", [1, 1])
    top, left, bottom, right = a.get("pads", [0, 0, 0, 0])
    n, c, h, wd = x.shape
    m, cg, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    oh = (h + top + bottom - dh * (kh - 1) - 1) // sh + 1
    ow = (wd + left + right - dw * (kw - 1) - 1) // sw + 1
    xg = xp.reshape(n, group, cg, xp.shape[2], xp.shape[3])
    wg = w.reshape(group, m // group, cg, kh, kw)
    out = np.zeros((n, group, m // group, oh, ow))
    for i in range(kh):
        for j in range(kw):
            patch = xg[:, :, :, i * dh: i * dh + sh * (oh - 1) + 1: sh, j * dw: j * dw + sw * (ow - 1) + 1: sw]
            if cg == 1 and m == group:                # depthwise: one filter per channel
                out += patch * wg[None, :, :, 0, i, j][..., None, None]
            else:
                out += np.einsum("gmc,ngcyx->ngmyx", wg[:, :, :, i, j], patch, optimize=True)
    out = out.reshape(n, m, oh, ow)
    return out if b is None else out + b[None, :, None, None]


def _average_pool(x, a):
    kh, kw = a["kernel_shape"]
    sh, sw = a.get("strides", [1, 1])
    if any(a.get("pads", [0, 0, 0, 0])):
        raise ValueError("padded average pooling")
    oh, ow = (x.shape[2] - kh) // sh + 1, (x.shape[3] - kw) // sw + 1
    out = np.zeros(x.shape[:2] + (oh, ow))
    for i in range(kh):
        for j in range(kw):
            out += x[:, :, i: i + sh * (oh - 1) + 1: sh, j: j + sw * (ow - 1) + 1: sw]
    return out / (kh * kw)


def _gemm(x, w, b, a):
    x = x.T if a.get("transA") else x
    w = w.T if a.get("transB") else w
    return a.get("alpha", 1.0) * (x @ w) + a.get("beta", 1.0) * b


def _softmax(x, a):
    e = np.exp(x - x.max(axis=a.get("axis", -1), keepdims=True))
    return e / e.sum(axis=a.get("axis", -1), keepdims=True)


def _pad(x, pads, a):
    if a.get("mode", b"constant") not in (b"constant", "constant"):
        raise ValueError("only constant padding")
    r = len(pads) // 2
    return np.pad(x, [(int(pads[i]), int(pads[i + r])) for i in range(r)])


def _batch_norm(x, scale, bias, mean, var, a):
    shape = (1, -1) + (1,) * (x.ndim - 2)
    return (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + a.get("epsilon", 1e-5)) * scale.reshape(shape) \
        + bias.reshape(shape)


NUMPY_OPS = {
    "Conv": lambda i, a: _conv(i[0], i[1], i[2] if len(i) > 2 else None, a),
    "BatchNormalization": lambda i, a: _batch_norm(*i, a),
    "Clip": lambda i, a: np.clip(i[0], i[1], i[2]),
    "Relu": lambda i, a: np.maximum(i[0], 0),
    "Add": lambda i, a: i[0] + i[1],
    "Pad": lambda i, a: _pad(i[0], i[1], a),
    "AveragePool": lambda i, a: _average_pool(i[0], a),
    "Flatten": lambda i, a: i[0].reshape(int(np.prod(i[0].shape[:a.get("axis", 1)])), -1),
    "Gemm": lambda i, a: _gemm(i[0], i[1], i[2], a),
    "Softmax": lambda i, a: _softmax(i[0], a),
    "Identity": lambda i, a: i[0],
}


def evaluate_onnx(path, pixels, wanted):
    """Runs the ONNX file's graph node by node in float64; returns (wanted tensors, every tensor's shape)."""
    graph = onnx.load(path).graph
    env = {t.name: numpy_helper.to_array(t).astype(np.float64) if numpy_helper.to_array(t).dtype.kind == "f"
           else numpy_helper.to_array(t) for t in graph.initializer}
    env[graph.input[0].name] = pixels.astype(np.float64)
    last_use = {}
    for index, node in enumerate(graph.node):
        for name in node.input:
            last_use[name] = index
    keep = set(wanted) | {o.name for o in graph.output} | {t.name for t in graph.initializer}
    shapes, result = {}, {}
    for index, node in enumerate(graph.node):
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        value = NUMPY_OPS[node.op_type]([env[name] for name in node.input], attrs)
        env[node.output[0]] = value
        shapes[node.output[0]] = ["n"] + list(value.shape[1:])
        for name in node.input:
            if last_use.get(name) == index and name not in keep:
                del env[name]
    for name in wanted:
        result[name] = env[name]
    return result, shapes


# ============================================================================ PyTorch twin

def build_torch_twin(weights):
    import torch
    from torch import nn
    import torch.nn.functional as F

    def relu6(x):
        return torch.clamp(x, 0.0, 6.0)

    def conv(cin, cout, k, stride=1, groups=1):
        return nn.Conv2d(cin, cout, k, stride=stride, groups=groups, bias=False)

    def bn(c):
        return nn.BatchNorm2d(c, eps=1e-3)

    class InvertedResidual(nn.Module):
        def __init__(self, cin, cout, expansion, stride):
            super().__init__()
            hidden = cin * expansion
            self.expands = expansion != 1
            self.expand = conv(cin, hidden, 1) if self.expands else nn.Identity()
            self.expand_bn = bn(hidden) if self.expands else nn.Identity()
            # Keras: stride 2 pads one pixel bottom/right only (ZeroPadding2D ((0,1),(0,1))),
            # stride 1 uses 'same' padding, one pixel on every side for a 3x3 kernel.
            self.pad = nn.ZeroPad2d((0, 1, 0, 1) if stride == 2 else (1, 1, 1, 1))
            self.depthwise = conv(hidden, hidden, 3, stride, groups=hidden)
            self.depthwise_bn = bn(hidden)
            self.project = conv(hidden, cout, 1)
            self.project_bn = bn(cout)
            self.residual = stride == 1 and cin == cout

        def forward(self, x):
            expanded = relu6(self.expand_bn(self.expand(x))) if self.expands else x
            y = relu6(self.depthwise_bn(self.depthwise(self.pad(expanded))))
            y = self.project_bn(self.project(y))
            return (x + y if self.residual else y), expanded

    class MobileNetV2Twin(nn.Module):
        # (expansion, output channels, repeats, first stride) of Keras' MobileNetV2, alpha 1.0
        SETTINGS = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2),
                    (6, 320, 1, 1)]
        TAP = 13            # block_13: its expand_relu is the (n, 576, 14, 14) hook

        def __init__(self):
            super().__init__()
            self.stem_pad = nn.ZeroPad2d((0, 1, 0, 1))
            self.stem = conv(3, 32, 3, 2)
            self.stem_bn = bn(32)
            blocks, cin = [], 32
            for expansion, cout, repeats, stride in self.SETTINGS:
                for i in range(repeats):
                    blocks.append(InvertedResidual(cin, cout, expansion, stride if i == 0 else 1))
                    cin = cout
            self.blocks = nn.ModuleList(blocks)
            self.head = conv(320, 1280, 1)
            self.head_bn = bn(1280)
            self.pool = nn.AvgPool2d(7)
            self.dense_1 = nn.Linear(1280, 256)
            self.dense_2 = nn.Linear(256, 128)
            self.dense_3 = nn.Linear(128, 5)

        def forward(self, x):
            x = relu6(self.stem_bn(self.stem(self.stem_pad(x))))
            tap = x
            for index, block in enumerate(self.blocks):
                x, expanded = block(x)
                if index == self.TAP:
                    tap = expanded
            out_relu = relu6(self.head_bn(self.head(x)))
            pooled = torch.flatten(self.pool(out_relu), 1)
            hidden = F.relu(self.dense_2(F.relu(self.dense_1(pooled))))
            return self.dense_3(hidden), tap, out_relu

    model = MobileNetV2Twin()
    used = set()

    def take(name):
        used.add(name)
        return torch.from_numpy(np.ascontiguousarray(weights[name]))

    def load_conv(module, name, depthwise=False):
        kernel = take(name + ("/depthwise_kernel" if depthwise else "/kernel"))
        # Keras (kh, kw, in, out) or depthwise (kh, kw, channels, 1) -> PyTorch (out, in/groups, kh, kw)
        module.weight.data.copy_(kernel.permute(2, 3, 0, 1) if depthwise else kernel.permute(3, 2, 0, 1))

    def load_bn(module, name):
        module.weight.data.copy_(take(name + "/gamma"))
        module.bias.data.copy_(take(name + "/beta"))
        module.running_mean.copy_(take(name + "/moving_mean"))
        module.running_var.copy_(take(name + "/moving_variance"))

    def load_dense(module, name):
        module.weight.data.copy_(take(name + "/kernel").t())
        module.bias.data.copy_(take(name + "/bias"))

    load_conv(model.stem, "Conv1")
    load_bn(model.stem_bn, "bn_Conv1")
    for index, block in enumerate(model.blocks):
        prefix = "expanded_conv_" if index == 0 else f"block_{index}_"
        if block.expands:
            load_conv(block.expand, prefix + "expand")
            load_bn(block.expand_bn, prefix + "expand_BN")
        load_conv(block.depthwise, prefix + "depthwise", depthwise=True)
        load_bn(block.depthwise_bn, prefix + "depthwise_BN")
        load_conv(block.project, prefix + "project")
        load_bn(block.project_bn, prefix + "project_BN")
    load_conv(model.head, "Conv_1")
    load_bn(model.head_bn, "Conv_1_bn")
    for name in ("dense_1", "dense_2", "dense_3"):
        load_dense(getattr(model, name), name)
    if used != set(weights):
        raise ValueError(f"the twin leaves weights unused: {sorted(set(weights) - used)}")
    return model.eval()


# ============================================================================ comparisons

def difference(ours, reference):
    ours, reference = np.asarray(ours, np.float64), np.asarray(reference, np.float64)
    if ours.shape != reference.shape:
        raise ValueError(f"shape {ours.shape} != {reference.shape}")
    worst = float(np.max(np.abs(ours - reference)))
    scale = float(np.max(np.abs(reference)))
    return {"max_abs": worst, "max_rel": worst / scale if scale > 0 else worst}


def merge(into, name, diff):
    old = into.get(name)
    if old is None or diff["max_abs"] > old["max_abs"]:
        into[name] = {"max_abs": diff["max_abs"], "max_rel": max(diff["max_rel"], (old or {}).get("max_rel", 0))}
    else:
        old["max_rel"] = max(old["max_rel"], diff["max_rel"])


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def cmd_convert(args):
    import torch
    torch.set_num_threads(args.threads)
    layers, weights, keras_version = read_tfjs(args.work)
    print(f"{len(layers)} Keras layers, {len(weights)} weights, "
          f"{sum(w.size for w in weights.values()):,} parameters (Keras {keras_version})")

    onnx_path = os.path.join(args.out, "mobilenet-v2.onnx")
    model = build_onnx(layers, weights, keras_version)
    onnx.save(model, onnx_path)
    assert not model.graph.value_info, "intermediate value_info must not be written"
    print(f"wrote {onnx_path}: {len(model.graph.node)} nodes, {os.path.getsize(onnx_path):,} bytes")

    twin = build_torch_twin(weights)
    example = torch.zeros(2, 3, SIZE, SIZE)
    with torch.no_grad():
        traced = torch.jit.trace(twin, example)
    pt_path = os.path.join(args.out, "mobilenet-v2.pt")
    torch.jit.save(traced, pt_path, _extra_files={"LICENSE-nsfwjs.txt": ATTRIBUTION})
    scripted = torch.jit.load(pt_path).eval()
    print(f"wrote {pt_path}: {os.path.getsize(pt_path):,} bytes")

    sets = sorted(f[len("inputs-"):-len(".npy")] for f in os.listdir(args.work)
                  if f.startswith("inputs-") and f.endswith(".npy"))
    diffs = {"onnx_vs_tfjs": {}, "torch_vs_tfjs": {}, "torchscript_vs_onnx": {}, "torchscript_vs_eager": {}}
    shapes = None
    agree_top1 = 0
    images = 0
    for name in sets:
        pixels = np.load(os.path.join(args.work, f"inputs-{name}.npy")).reshape(-1, 3, SIZE, SIZE)
        tfjs = {hook: np.load(os.path.join(args.work, f"tfjs-{name}-{TFJS_NAMES.get(hook, hook)}.npy")) for hook in HOOKS}
        t0 = time.time()
        ours, all_shapes = evaluate_onnx(onnx_path, pixels, HOOKS)
        shapes = shapes or all_shapes
        t1 = time.time()
        with torch.no_grad():
            eager = [t.numpy() for t in twin(torch.from_numpy(pixels))]
            saved = [t.numpy() for t in scripted(torch.from_numpy(pixels))]
        t2 = time.time()
        for hook in HOOKS:
            merge(diffs["onnx_vs_tfjs"], hook, difference(ours[hook], tfjs[hook]))
        for index, hook in enumerate(["dense_3/BiasAdd", "block_13_expand_relu", "out_relu"]):
            merge(diffs["torch_vs_tfjs"], hook, difference(eager[index], tfjs[hook]))
            merge(diffs["torchscript_vs_onnx"], hook, difference(saved[index], ours[hook]))
            merge(diffs["torchscript_vs_eager"], hook, difference(saved[index], eager[index]))
        agree_top1 += int(np.sum(np.argmax(ours["dense_3"], 1) == np.argmax(tfjs["dense_3"], 1)))
        images += len(pixels)
        print(f"{name}: {len(pixels)} images, numpy ONNX {t1 - t0:.1f} s, torch {t2 - t1:.1f} s; "
              f"ONNX probabilities of image 0: {np.round(ours['dense_3'][0], 4).tolist()}")
    for kind, table in diffs.items():
        for hook, d in table.items():
            print(f"{kind:22s} {hook:22s} max abs {d['max_abs']:.3e}  rel {d['max_rel']:.3e}")

    gradient = gradient_check(pt_path)
    print(f"TorchScript input gradient: {gradient}")
    batch_shapes = {}
    with torch.no_grad():
        for n in (1, 3):
            batch_shapes[n] = [list(t.shape) for t in scripted(torch.zeros(n, 3, SIZE, SIZE))]
    print(f"TorchScript output shapes for batches of 1 and 3: {batch_shapes}")

    record = {
        "source": {"package": "nsfwjs", "version": "4.3.0", "files": "dist/models/mobilenet_v2/model.min.js, "
                   "group1-shard1of1.min.js", "license": "MIT, Copyright (c) 2019 Infinite Red, Inc.",
                   "keras_version": keras_version, "keras_layers": len(layers),
                   "parameters": int(sum(w.size for w in weights.values()))},
        "tools": {"onnx": onnx.__version__, "numpy": np.__version__, "torch": torch.__version__},
        "onnx": {"file": "mobilenet-v2.onnx", "bytes": os.path.getsize(onnx_path), "sha256": sha256(onnx_path),
                 "opset": OPSET, "nodes": len(model.graph.node), "input": "pixels", "output": "dense_3",
                 "logits": "dense_3/BiasAdd", "value_info": 0,
                 "tensor_shapes": {"pixels": ["n", 3, SIZE, SIZE], **shapes}},
        "torchscript": {"file": "mobilenet-v2.pt", "bytes": os.path.getsize(pt_path), "sha256": sha256(pt_path),
                        "outputs": ["logits (n,5), before the softmax", "block_13_expand_relu (n,576,14,14)",
                                    "out_relu (n,1280,7,7)"], "input_gradient": gradient},
        "input": {"layout": "NCHW float32 (n, 3, 224, 224)", "channels": "RGB", "range": "[0, 1]",
                  "mean": [0.0, 0.0, 0.0], "std": [1.0, 1.0, 1.0]},
        "checks": {"input_sets": {s: int(np.load(os.path.join(args.work, f'inputs-{s}.npy')).shape[0]) for s in sets},
                   "reference_photos": REFERENCE_PHOTOS, "more_photos": MORE_PHOTOS, "random_seed": RANDOM_SEED,
                   "top1_agreement_onnx_vs_tfjs": f"{agree_top1}/{images}",
                   "relative": "max_abs divided by the largest absolute value of the reference tensor",
                   "onnx_evaluation": "float64 numpy interpreter of the ONNX nodes (this script)",
                   **diffs},
    }
    with open(os.path.join(args.out, "conversion.json"), "w") as f:
        json.dump(record, f, indent=1)
        f.write("\n")
    print(f"wrote {os.path.join(args.out, 'conversion.json')}")


def gradient_check(path):
    """The saved TorchScript model's input gradient of one logit, against a central finite
    difference along the gradient's own direction computed on a float64 copy of the same model."""
    import torch
    model = torch.jit.load(path).eval()
    exact = torch.jit.load(path).eval().double()
    x = torch.rand(1, 3, SIZE, SIZE, generator=torch.Generator().manual_seed(3))
    x.requires_grad_(True)
    model(x)[0][0, 2].backward()
    grad = x.grad.detach().double()
    direction = grad / grad.norm()
    h = 1e-3
    with torch.no_grad():
        up = float(exact(x.double() + h * direction)[0][0, 2])
        down = float(exact(x.double() - h * direction)[0][0, 2])
    return {"logit": 2, "nonzero": int((grad != 0).sum()), "of": grad.numel(),
            "directional_derivative": float(grad.norm()), "finite_difference": (up - down) / (2 * h), "step": h}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_inputs = sub.add_parser("inputs", help="write the input tensors (before reference_tfjs.mjs)")
    p_inputs.add_argument("--work", required=True, help="scratch folder shared with reference_tfjs.mjs")
    p_convert = sub.add_parser("convert", help="convert and check (after reference_tfjs.mjs)")
    p_convert.add_argument("--work", required=True, help="scratch folder shared with reference_tfjs.mjs")
    p_convert.add_argument("--out", default=HERE, help="where the model files and conversion.json go")
    p_convert.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if args.command == "inputs":
        cmd_inputs(args)
    else:
        cmd_convert(args)


if __name__ == "__main__":
    main()
