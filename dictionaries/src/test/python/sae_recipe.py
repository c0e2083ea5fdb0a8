"""Load a Facet SAE dictionary in Python and encode activations: the recipe of
docs/formats.md#reading-a-dictionary-from-python.

Usage: python3 sae_recipe.py DICTIONARY_DIR STORE_DIR
Needs `pip install safetensors numpy`. Prints the reconstruction R² of the store's first shard
(per-feature mean, as Facet computes it) and the codes of its first row.
"""
import json
import sys

import numpy as np
from safetensors.numpy import load_file

dictionary, store = sys.argv[1], sys.argv[2]

# --- recipe (docs/formats.md#reading-a-dictionary-from-python) ---
config = json.load(open(f"{dictionary}/config.json"))
w = load_file(f"{dictionary}/weights.safetensors")
W_enc, b_enc, W_dec, b_dec = w["W_enc"], w["b_enc"], w["W_dec"], w["b_dec"]
k = config["architecture"]["k"]

def encode(x):
    pre = (x - b_dec) @ W_enc + b_enc
    codes = np.zeros_like(pre)
    top = np.argpartition(-pre, k - 1, axis=1)[:, :k]          # TopK; BatchTopK: pre * (pre >= w["threshold"])
    rows = np.arange(len(x))[:, None]
    codes[rows, top] = np.maximum(pre[rows, top], 0)
    return codes

def decode(codes):
    return codes @ W_dec + b_dec
# --- end of recipe ---

manifest = json.load(open(f"{store}/manifest.json"))
x = np.load(f"{store}/{manifest['shards'][0]['file']}").astype(np.float32)
codes = encode(x)
x_hat = decode(codes)
r2 = 1 - ((x - x_hat) ** 2).sum() / ((x - x.mean(axis=0)) ** 2).sum()
first = np.nonzero(codes[0])[0]
print(json.dumps({"rows": len(x), "r2": float(r2), "l0": float((codes > 0).sum(1).mean()),
                  "row0_indices": first.tolist(), "row0_values": codes[0, first].round(5).tolist()}))
