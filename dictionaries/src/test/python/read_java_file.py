#!/usr/bin/env python3
"""Loads a safetensors file (e.g. one written by Facet's Java code) with the reference library
and prints its metadata and tensors as JSON: name, dtype, shape and values.

    python3 dictionaries/src/test/python/read_java_file.py FILE

Dev-time only; needs `pip install safetensors numpy`.
"""
import json
import math
import sys

from safetensors import safe_open
from safetensors.numpy import load_file


def plain(value):
    """JSON has no inf/nan: spell them as strings."""
    if isinstance(value, list):
        return [plain(v) for v in value]
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def main(path):
    tensors = load_file(path)
    with safe_open(path, framework="numpy") as f:
        metadata = f.metadata()
    # One JSON document, one tensor per line.
    lines = [f'  "metadata": {json.dumps(metadata, ensure_ascii=False, sort_keys=True)},', '  "tensors": {']
    names = sorted(tensors)
    for i, name in enumerate(names):
        array = tensors[name]
        entry = {"dtype": str(array.dtype), "shape": list(array.shape), "values": plain(array.tolist())}
        comma = "," if i + 1 < len(names) else ""
        lines.append(f"    {json.dumps(name, ensure_ascii=False)}: {json.dumps(entry, ensure_ascii=False)}{comma}")
    lines.append("  }")
    print("{\n" + "\n".join(lines) + "\n}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: read_java_file.py FILE")
    main(sys.argv[1])
