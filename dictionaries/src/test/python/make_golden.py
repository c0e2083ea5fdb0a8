#!/usr/bin/env python3
"""Writes the interop golden file read by SafetensorsGoldenTest.

Dev-time only (CI has no Python): run it after `pip install safetensors numpy`, from any directory:

    python3 dictionaries/src/test/python/make_golden.py

The Java test rebuilds the same values independently, so keep the two in step.
bfloat16 is absent because numpy has no bfloat16 dtype.
"""
import pathlib

import numpy as np
from safetensors.numpy import save_file

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE.parent / "resources" / "dev" / "facet" / "dictionaries" / "io" / "golden-python.safetensors"


def tensors():
    return {
        # float32 (2, 3): ordinary values, a subnormal and the largest float.
        "f32_matrix": np.array([[1.5, -2.25, 3.0], [0.1, 1e-45, 3.4028235e38]], dtype=np.float32),
        # float32 (2, 3, 4): 0, 0.25, ..., 5.75 in C order.
        "f32_cube": (np.arange(24, dtype=np.float32) * 0.25).reshape(2, 3, 4),
        # float32 (0, 4): an empty tensor takes no bytes in the buffer.
        "f32_empty": np.zeros((0, 4), dtype=np.float32),
        # float16 (12,): zeros, normals, the largest half, subnormals, the smallest normal,
        # infinities and NaN.
        "f16_special": np.array(
            [0.0, -0.0, 1.0, -2.5, 65504.0, 2.0**-24, 1023 * 2.0**-24, 2.0**-14,
             np.inf, -np.inf, np.nan, 0.333251953125],
            dtype=np.float16),
        # float16 (2, 2)
        "f16_matrix": np.array([[0.5, -1.0], [1024.0, 0.0009765625]], dtype=np.float16),
        # float64 (3,): 1/3 and 0.1 round to float; 1e300 overflows float to infinity.
        "f64_vector": np.array([1.0 / 3.0, 0.1, 1e300], dtype=np.float64),
        # float64 rank 0
        "f64_scalar": np.array(np.pi, dtype=np.float64),
    }


def main():
    save_file(tensors(), str(OUT), metadata={"producer": "make_golden.py", "format": "golden", "note": "ünïcode ✓"})
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
