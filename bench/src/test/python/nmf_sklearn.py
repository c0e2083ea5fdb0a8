#!/usr/bin/env python3
"""scikit-learn's coordinate descent on the matrix of `bench nmf` (docs/benchmarks.md).

Dev-time only (CI has no Python). Write the benchmark's X with
`facet bench nmf --solvers hals --save-data /tmp/x.npy`, then

    /usr/bin/python3 bench/src/test/python/nmf_sklearn.py /tmp/x.npy [--concepts 128] [--iterations 10 200]

prints, for each iteration count, the relative error ‖X − Z·D‖_F/‖X‖_F of
NMF(concepts, solver='cd', max_iter=count, tol=0) (default init, NNDSVDa here) and its seconds.
Each count is a separate fit from the same deterministic start, so the list traces one run.
"""
import argparse
import time
import warnings

import numpy as np
from sklearn.decomposition import NMF


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("x", help="float32 .npy matrix written by bench nmf --save-data")
    parser.add_argument("--concepts", type=int, default=128)
    parser.add_argument("--iterations", type=int, nargs="+", default=[200])
    args = parser.parse_args()
    warnings.filterwarnings("ignore", category=UserWarning)
    x = np.load(args.x)
    norm = np.linalg.norm(x)
    for count in args.iterations:
        start = time.time()
        model = NMF(args.concepts, solver="cd", max_iter=count, tol=0)
        z = model.fit_transform(x)
        error = np.linalg.norm(x - z @ model.components_) / norm
        print(f"{count} iterations: relative error {error:.5f}, {time.time() - start:.1f} s", flush=True)


if __name__ == "__main__":
    main()
