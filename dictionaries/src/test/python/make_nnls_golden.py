#!/usr/bin/env python3
"""Writes the NNLS golden file read by NnlsBatchGoldenTest: small problems solved by scipy.optimize.nnls.

Dev-time only (CI has no Python): run it with numpy, scipy and safetensors installed, from any
directory:

    python3 dictionaries/src/test/python/make_nnls_golden.py

The file is safetensors, which the dictionaries module reads itself (its .npy reader lives in the
extractors module, which dictionaries may not use). For each problem P in {signed, nonneg}:

    P_atoms      float32 (12, 40)  dictionary D, one atom a row
    P_x          float32 (30, 40)  rows to code
    P_codes      float64 (30, 12)  scipy's argmin_{z >= 0} ||x - z D||_2 for every row
    P_objective  float64 (30,)     1/2 ||x - z D||^2 at those codes

scipy solves in float64 on the float32 values cast exactly, so both sides solve the same problem.
The atoms are ill-conditioned on purpose: norms from 0.01 to 100 times each other's, and two
nearly parallel atoms (cosine about 0.98).
"""
import pathlib

import numpy as np
from safetensors.numpy import save_file
from scipy.optimize import nnls

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE.parent / "resources" / "dev" / "facet" / "dictionaries" / "linalg" / "nnls-golden.safetensors"

ROWS, CONCEPTS, DIM = 30, 12, 40


def ill_conditioned(base, rng):
    """Atom 1 nearly parallel to atom 0, then atom norms spread over four decades."""
    atoms = base.copy()
    atoms[1] = atoms[0] + 0.2 * np.abs(rng.standard_normal(DIM)) * np.sign(atoms[0] + 1e-12)
    atoms /= np.linalg.norm(atoms, axis=1, keepdims=True)
    atoms *= 10.0 ** rng.permutation(np.linspace(-2, 2, CONCEPTS))[:, None]
    return atoms.astype(np.float32)


def signed(rng):
    atoms = ill_conditioned(rng.standard_normal((CONCEPTS, DIM)), rng)
    x = (rng.standard_normal((ROWS, DIM)) * 3).astype(np.float32)
    return atoms, x


def nonneg(rng):
    atoms = ill_conditioned(rng.random((CONCEPTS, DIM)) * (rng.random((CONCEPTS, DIM)) < 0.5), rng)
    norms = np.linalg.norm(atoms.astype(np.float64), axis=1)
    # planted sparse codes in unit-atom terms, plus non-negative noise
    unit_codes = rng.random((ROWS, CONCEPTS)) * (rng.random((ROWS, CONCEPTS)) < 0.4)
    x = (unit_codes / norms) @ atoms.astype(np.float64) + 0.05 * rng.random((ROWS, DIM))
    return atoms, x.astype(np.float32)


def solve(atoms, x):
    a = atoms.astype(np.float64).T
    codes = np.zeros((x.shape[0], atoms.shape[0]))
    objective = np.zeros(x.shape[0])
    for i, row in enumerate(x.astype(np.float64)):
        codes[i], residual = nnls(a, row, maxiter=100 * CONCEPTS)
        objective[i] = 0.5 * residual ** 2
    return codes, objective


def kkt(atoms, x, codes):
    """max |min(z_j ||d_j||, grad_j / ||d_j||)| / max |b_j| / ||d_j||, as NnlsRow measures it."""
    d = atoms.astype(np.float64)
    norms = np.linalg.norm(d, axis=1)
    b = x.astype(np.float64) @ d.T
    gradient = codes @ (d @ d.T) - b
    violation = np.abs(np.minimum(codes * norms, gradient / norms)).max(axis=1)
    return (violation / (np.abs(b) / norms).max(axis=1)).max()


def main():
    rng = np.random.default_rng(20240611)
    tensors = {}
    for name, make in (("signed", signed), ("nonneg", nonneg)):
        atoms, x = make(rng)
        codes, objective = solve(atoms, x)
        print(f"{name}: atom norms {np.linalg.norm(atoms, axis=1).min():.3g}..{np.linalg.norm(atoms, axis=1).max():.3g}, "
              f"cond(G) {np.linalg.cond(atoms.astype(np.float64) @ atoms.T.astype(np.float64)):.3g}, "
              f"support {np.count_nonzero(codes) / ROWS:.1f} of {CONCEPTS}, scipy KKT residual {kkt(atoms, x, codes):.2e}")
        tensors[f"{name}_atoms"] = atoms
        tensors[f"{name}_x"] = x
        tensors[f"{name}_codes"] = codes
        tensors[f"{name}_objective"] = objective
    save_file(tensors, str(OUT), metadata={"producer": "make_nnls_golden.py", "solver": "scipy.optimize.nnls"})
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
