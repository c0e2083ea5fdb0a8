#!/usr/bin/env python3
"""scikit-learn's figures on the planted data of PlantedNmfAcceptanceTest (docs/algorithms.md#hals).

Dev-time only (CI has no Python; the Java test does not read anything this writes). Builds the
same kind of data as PlantedNmfData.java, with numpy's generator instead of java.util.Random:
48 unit-norm atoms of width 64, each entry |N(0, 1)| with probability 1/2 and 0 otherwise; every
row mixes 3 distinct atoms with weights uniform on [0, 1); X = |Z·D + σ·N(0, 1)| with
σ = noise·RMS(Z·D). Then it prints, per seed, scikit-learn's coordinate descent
(NMF(solver='cd'), default init, 200 iterations at most) and the Hungarian-matched mean cosine to
the planted atoms:

    /usr/bin/python3 dictionaries/src/test/python/planted_nmf.py [--rows 20000] [--seeds 1 2 3]

With --x X.npy --atoms D.npy it runs on a given matrix and planted atoms instead (for example the
Java data written out by a one-off run).
"""
import argparse
import time
import warnings

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.decomposition import NMF


def planted(rows, dim, atoms, per_row, noise, seed):
    rng = np.random.default_rng(seed)
    d = np.abs(rng.standard_normal((atoms, dim))) * (rng.random((atoms, dim)) < 0.5)
    d /= np.linalg.norm(d, axis=1, keepdims=True)
    z = np.zeros((rows, atoms))
    chosen = np.argsort(rng.random((rows, atoms)), axis=1)[:, :per_row]
    np.put_along_axis(z, chosen, rng.random((rows, per_row)), axis=1)
    x = z @ d
    sigma = noise * np.sqrt(np.mean(x ** 2))
    x = np.abs(x + sigma * rng.standard_normal(x.shape))
    return x.astype(np.float32), d


def matched_cosine(reference, found):
    a = reference / np.linalg.norm(reference, axis=1, keepdims=True)
    b = found / np.maximum(np.linalg.norm(found, axis=1, keepdims=True), 1e-30)
    cosine = a @ b.T
    rows, cols = linear_sum_assignment(-cosine)
    return cosine[rows, cols].mean()


def report(label, x, d, tol):
    start = time.time()
    model = NMF(d.shape[0], solver="cd", max_iter=200, tol=tol)
    z = model.fit_transform(x)
    h = model.components_
    error = np.linalg.norm(x - z @ h) / np.linalg.norm(x)
    print(f"{label} tol {tol:g}: relative error {error:.4f}, matched cosine {matched_cosine(d, h):.5f}, "
          f"zero atoms {int((h.max(axis=1) == 0).sum())}, iterations {model.n_iter_}, "
          f"{time.time() - start:.1f} s", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--dim", type=int, default=64)
    parser.add_argument("--atoms", type=int, default=48)
    parser.add_argument("--per-row", type=int, default=3)
    parser.add_argument("--noise", type=float, default=0.025)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--x", help="a float32 .npy matrix to factorise instead")
    parser.add_argument("--planted", help="its planted atoms (.npy), with --x")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", category=UserWarning)
    if args.x:
        report(args.x, np.load(args.x), np.load(args.planted), 1e-4)
        return
    for seed in args.seeds:
        x, d = planted(args.rows, args.dim, args.atoms, args.per_row, args.noise, seed)
        for tol in (1e-4, 0.0):
            report(f"seed {seed}", x, d, tol)


if __name__ == "__main__":
    main()
