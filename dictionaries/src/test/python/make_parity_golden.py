#!/usr/bin/env python3
"""Writes the golden parity fixtures read by the *GoldenTest classes of the dictionaries module.

Dev-time only (CI has no Python; the Java tests read the committed files). Run with Debian's
Python, which has numpy, SciPy and scikit-learn, from any directory:

    /usr/bin/python3 dictionaries/src/test/python/make_parity_golden.py

Each fixture is a small fixed input and the output of scikit-learn, SciPy or NumPy on it, written
to src/test/resources/dev/facet/dictionaries/golden/ as .npy files named <fixture>_<array>.npy
plus one golden.json holding the scalar expectations and the library versions. Inputs the Java
side reads as FloatMatrix are float32, and the references are computed on exactly those values
(cast to float64); expected outputs are float64, labels and assignments int64. Every random draw
is seeded and BLAS runs one thread, so rerunning with the same library versions rewrites identical
files.
See docs/development.md#golden-parity-files for what each fixture covers.
"""
import json
import os
import pathlib
import platform

# one BLAS thread: threaded reductions round differently from run to run
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"

import numpy as np  # noqa: E402 (after the thread settings)
import scipy
import scipy.linalg
import scipy.optimize
import scipy.stats
import sklearn
from sklearn.cluster import KMeans
from sklearn.decomposition import NMF, PCA, FastICA, SparsePCA
from sklearn.decomposition._nmf import _initialize_nmf
from sklearn.metrics import r2_score

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE.parent / "resources" / "dev" / "facet" / "dictionaries" / "golden"

scalars = {}


def save(fixture, name, array):
    np.save(OUT / f"{fixture}_{name}.npy", np.ascontiguousarray(array))


def f32(array):
    return np.asarray(array, dtype=np.float32)


# ---------------------------------------------------------------- NMF, multiplicative updates

def facet_nndsvda(x, c):
    """Facet's NNDSVDa (docs/algorithms.md#nndsvda-initialisation): scikit-learn's NNDSVD on an
    exact SVD, with the zeros (entries below 1e-6) filled by sqrt(mean(X)/c) instead of mean(X)."""
    u, s, vt = np.linalg.svd(x, full_matrices=False)
    w = np.zeros((x.shape[0], c))
    h = np.zeros((c, x.shape[1]))
    w[:, 0] = np.sqrt(s[0]) * np.abs(u[:, 0])
    h[0, :] = np.sqrt(s[0]) * np.abs(vt[0, :])
    for j in range(1, c):
        a, b = u[:, j], vt[j, :]
        ap, an = np.maximum(a, 0), np.maximum(-a, 0)
        bp, bn = np.maximum(b, 0), np.maximum(-b, 0)
        mp = np.linalg.norm(ap) * np.linalg.norm(bp)
        mn = np.linalg.norm(an) * np.linalg.norm(bn)
        uu, vv, sigma = (ap, bp, mp) if mp > mn else (an, bn, mn)
        lbd = np.sqrt(s[j] * sigma)
        w[:, j] = lbd * uu / np.linalg.norm(uu)
        h[j, :] = lbd * vv / np.linalg.norm(vv)
    fill = np.sqrt(x.mean() / c)
    w[w < 1e-6] = fill
    h[h < 1e-6] = fill
    return w, h


def nmf_mu():
    rng = np.random.default_rng(1)
    n, d, c = 60, 20, 5
    x = f32(rng.uniform(0, 1, (n, c)) @ rng.uniform(0, 1, (c, d)) + 0.01 * rng.uniform(0, 1, (n, d)))
    x64 = x.astype(np.float64)
    w0, h0 = facet_nndsvda(x64, c)
    # the same as scikit-learn's NNDSVD (on its randomized SVD) apart from the fill
    w_sk, h_sk = _initialize_nmf(x64, c, init="nndsvd", random_state=0)
    fill = np.sqrt(x64.mean() / c)
    assert np.allclose(np.where(w_sk == 0, fill, w_sk), w0, atol=1e-10)
    assert np.allclose(np.where(h_sk == 0, fill, h_sk), h0, atol=1e-10)
    save("nmf_mu", "x", x)
    save("nmf_mu", "w0", w0)
    save("nmf_mu", "h0", h0)
    entry = {"concepts": c, "iterations": [1, 100]}
    for iterations in entry["iterations"]:
        model = NMF(c, init="custom", solver="mu", beta_loss="frobenius", tol=0, max_iter=iterations)
        w = model.fit_transform(x64, W=w0.copy(), H=h0.copy())
        h = model.components_
        save("nmf_mu", f"w{iterations}", w)
        save("nmf_mu", f"h{iterations}", h)
        entry[f"relative_error_{iterations}"] = float(np.linalg.norm(x64 - w @ h) / np.linalg.norm(x64))
    scalars["nmf_mu"] = entry


# ---------------------------------------------------------------- NMF, HALS against coordinate descent

def nmf_planted():
    """Planted non-negative data as in docs/algorithms.md#hals (64 dimensions, 48 non-negative unit atoms,
    3 codes a row), 2,000 rows instead of 20,000. Coordinate descent runs from scikit-learn's own
    NNDSVDa (zeros filled with mean(X)) and from Facet's (filled with sqrt(mean(X)/c))."""
    rng = np.random.default_rng(2)
    n, d, c, active = 2000, 64, 48, 3
    atoms = np.abs(rng.normal(size=(c, d)))
    atoms /= np.linalg.norm(atoms, axis=1, keepdims=True)
    codes = np.zeros((n, c))
    for i in range(n):
        codes[i, rng.choice(c, active, replace=False)] = rng.uniform(0.5, 1.5, active)
    x = f32(codes @ atoms)
    x64 = x.astype(np.float64)
    save("nmf_planted", "x", x)
    iterations = 200
    entry = {"concepts": c, "iterations": iterations}
    for key, init in (("cd", None), ("cd_facet_init", facet_nndsvda(x64, c))):
        model = NMF(c, init="nndsvda" if init is None else "custom", solver="cd", beta_loss="frobenius", tol=0,
                    max_iter=iterations, random_state=0)
        w = model.fit_transform(x64) if init is None else model.fit_transform(x64, W=init[0].copy(), H=init[1].copy())
        h = model.components_
        entry[f"{key}_relative_error"] = float(np.linalg.norm(x64 - w @ h) / np.linalg.norm(x64))
        entry[f"{key}_zero_atoms"] = int(np.sum(np.linalg.norm(h, axis=1) == 0))
    scalars["nmf_planted"] = entry


# ---------------------------------------------------------------- NNLS

def nnls():
    rng = np.random.default_rng(3)
    systems = {}
    # a random system with some constraints active
    systems["random"] = (rng.normal(size=(12, 6)), rng.normal(size=12))
    # ill-conditioned (singular values 1 .. 1e-5): with a positive solution every coordinate stays
    # passive, so the whole system is solved; with a noisy target of mixed signs, some are active
    q1, _ = np.linalg.qr(rng.normal(size=(15, 6)))
    q2, _ = np.linalg.qr(rng.normal(size=(6, 6)))
    a = q1 @ np.diag(np.logspace(0, -5, 6)) @ q2
    systems["ill"] = (a, a @ np.array([1.0, 0.5, 2.0, 0.3, 1.5, 0.7]))
    systems["ill_active"] = (a, a @ np.array([1.0, -0.5, 2.0, 0.3, -1.0, 0.7]) + 1e-3 * rng.normal(size=15))
    # b in the interior of the cone: every coordinate positive, zero residual
    a = rng.uniform(0, 1, (10, 4))
    systems["interior"] = (a, a @ np.array([0.5, 1.0, 2.0, 0.25]))
    # underdetermined (wide): the residual is unique, the solution need not be
    systems["wide"] = (rng.normal(size=(5, 8)), rng.normal(size=5))
    entry = {}
    for name, (a, b) in systems.items():
        x, rnorm = scipy.optimize.nnls(a, b)
        save("nnls", f"{name}_a", a)
        save("nnls", f"{name}_b", b)
        save("nnls", f"{name}_x", x)
        entry[name] = {"residual_norm": float(rnorm), "condition": float(np.linalg.cond(a))}
    scalars["nnls"] = entry


# ---------------------------------------------------------------- PCA

def pca():
    rng = np.random.default_rng(4)
    n, d, c = 200, 10, 4
    rotation, _ = np.linalg.qr(rng.normal(size=(d, d)))
    scales = np.array([5, 4, 3, 2, 1.5, 1, 0.8, 0.6, 0.4, 0.2])
    x = f32(rng.normal(size=(n, d)) * scales @ rotation + rng.normal(size=d) * 3)
    x64 = x.astype(np.float64)
    model = PCA(c, svd_solver="full").fit(x64)
    save("pca", "x", x)
    save("pca", "components", model.components_)
    save("pca", "explained_variance", model.explained_variance_)
    save("pca", "explained_variance_ratio", model.explained_variance_ratio_)
    save("pca", "mean", model.mean_)
    save("pca", "transform", model.transform(x64))
    scalars["pca"] = {"concepts": c}


# ---------------------------------------------------------------- k-means

def lloyd_margin(x, centres, iterations):
    """Smallest gap between a row's two nearest squared distances along numpy Lloyd iterations, so
    that float32 rounding on the Java side cannot flip an assignment."""
    margin = np.inf
    for _ in range(iterations):
        dist = ((x[:, None, :] - centres[None, :, :]) ** 2).sum(-1)
        two = np.sort(dist, axis=1)[:, :2]
        margin = min(margin, float(np.min(two[:, 1] - two[:, 0])))
        labels = dist.argmin(1)
        centres = np.array([x[labels == k].mean(0) for k in range(len(centres))])
    return margin


def kmeans():
    rng = np.random.default_rng(5)
    k, d = 5, 4
    # overlapping blobs and a poor start (all five starting rows from two blobs): several iterations
    centres = rng.normal(size=(k, d)) * 3
    blob = np.repeat(np.arange(k), 60)
    x = f32(centres[blob] + rng.normal(size=(len(blob), d)))
    x64 = x.astype(np.float64)
    start = x[np.concatenate([rng.choice(np.flatnonzero(blob == 0), 3, replace=False),
                              rng.choice(np.flatnonzero(blob == 1), 2, replace=False)])]
    model = KMeans(k, init=start.astype(np.float64), n_init=1, algorithm="lloyd", tol=0, max_iter=300).fit(x64)
    margin = lloyd_margin(x64, start.astype(np.float64), model.n_iter_)
    assert margin > 1e-3, margin
    save("kmeans", "x", x)
    save("kmeans", "init", start)
    save("kmeans", "centres", model.cluster_centers_)
    save("kmeans", "labels", model.labels_.astype(np.int64))
    entry = {"concepts": k, "inertia": float(model.inertia_), "iterations": int(model.n_iter_),
             "min_assignment_margin": margin}
    # well separated: k-means++ with restarts finds the global optimum, which any good seeding reaches
    far = rng.normal(size=(4, d)) * 10
    blob = np.repeat(np.arange(4), 50)
    xs = f32(far[blob] + 0.3 * rng.normal(size=(len(blob), d)))
    separated = KMeans(4, n_init=10, random_state=0).fit(xs.astype(np.float64))
    save("kmeans", "separated_x", xs)
    save("kmeans", "separated_centres", separated.cluster_centers_)
    entry["separated_concepts"] = 4
    entry["separated_inertia"] = float(separated.inertia_)
    scalars["kmeans"] = entry


# ---------------------------------------------------------------- FastICA

def fastica():
    rng = np.random.default_rng(6)
    n = 1000
    t = np.linspace(0, 8 * np.pi, n)
    sources = np.c_[np.sign(np.sin(3 * t)), rng.uniform(-np.sqrt(3), np.sqrt(3), n), rng.laplace(size=n)]
    mixing = np.array([[1.0, 0.5, 0.2], [0.4, 1.0, 0.6], [0.3, 0.2, 1.0]])
    x = f32(sources @ mixing + np.array([2.0, -1.0, 0.5]))
    model = FastICA(3, algorithm="parallel", whiten="unit-variance", fun="logcosh", max_iter=1000, tol=1e-6,
                    random_state=0)
    estimated = model.fit_transform(x.astype(np.float64))
    save("fastica", "x", x)
    save("fastica", "sources", estimated)
    save("fastica", "unmixing", model.components_)
    save("fastica", "mixing", model.mixing_.T)
    scalars["fastica"] = {"concepts": 3, "iterations": int(model.n_iter_), "tol": 1e-6, "max_iter": 1000}


# ---------------------------------------------------------------- sparse PCA

def sparse_pca():
    rng = np.random.default_rng(7)
    n, d, c, alpha, ridge = 40, 12, 3, 0.5, 0.01
    components = np.zeros((c, d))
    for k in range(c):
        components[k, 4 * k:4 * k + 4] = rng.uniform(0.5, 1.0, 4) * rng.choice([-1, 1], 4)
    x = f32(rng.normal(size=(n, c)) * np.array([3.0, 2.0, 1.5]) @ components
            + 0.05 * rng.normal(size=(n, d)) + rng.normal(size=d))
    x64 = x.astype(np.float64)
    # Facet's deterministic start (SparsePcaLearner): unit-norm PCA scores U, V = Uᵀ·X̃
    centred = x64 - x64.mean(0)
    _, vectors = np.linalg.eigh(np.cov(x64, rowvar=False))
    u0 = centred @ vectors[:, ::-1][:, :c]
    u0 /= np.linalg.norm(u0, axis=0)
    v0 = u0.T @ centred
    model = SparsePCA(c, alpha=alpha, ridge_alpha=ridge, max_iter=1000, tol=1e-12, method="cd",
                      U_init=u0, V_init=v0).fit(x64)
    codes = model.transform(x64)
    reconstructed = codes @ model.components_ + model.mean_
    save("sparse_pca", "x", x)
    save("sparse_pca", "components", model.components_)
    save("sparse_pca", "transform", codes)
    scalars["sparse_pca"] = {
        "concepts": c, "alpha": alpha, "ridge_alpha": ridge, "iterations": int(model.n_iter_),
        "objective": float(model.error_[-1]),
        "relative_error": float(np.linalg.norm(x64 - reconstructed) / np.linalg.norm(centred)),
        "zero_entries": int(np.sum(model.components_ == 0)),
    }


# ---------------------------------------------------------------- metrics

def metrics():
    rng = np.random.default_rng(8)
    entry = {}
    # reconstruction: per-feature means far apart, so the scalar-mean R² differs
    x = f32(rng.normal(size=(50, 8)) + np.arange(8) * 2.0)
    x_hat = f32(x + 0.3 * rng.normal(size=x.shape))
    xd, hd = x.astype(np.float64), x_hat.astype(np.float64)
    save("metrics", "x", x)
    save("metrics", "x_hat", x_hat)
    err = xd - hd
    r2 = 1 - np.sum(err ** 2) / np.sum((xd - xd.mean(0)) ** 2)
    assert abs(r2 - r2_score(xd, hd, multioutput="variance_weighted")) < 1e-12
    entry["r2"] = float(r2)
    entry["r2_scalar_mean"] = float(1 - np.sum(err ** 2) / np.sum((xd - xd.mean()) ** 2))
    entry["squared_error"] = float(np.sum(err ** 2))
    entry["total_squares"] = float(np.sum((xd - xd.mean(0)) ** 2))
    entry["avg_l2_loss"] = float(np.mean(np.linalg.norm(err, axis=1)))
    entry["avg_l1_loss"] = float(np.mean(np.abs(err).sum(1)))
    entry["relative_avg_l2_loss"] = float(np.mean(np.linalg.norm(err, axis=1) / (np.linalg.norm(xd, axis=1) + 1e-6)))
    entry["relative_avg_l1_loss"] = float(np.mean(np.abs(err).sum(1) / (np.abs(xd).sum(1) + 1e-6)))

    # codes: exact zeros, tiny values around the 1e-6 threshold, an all-zero row, a dead concept
    z = rng.normal(size=(40, 12)) * (rng.uniform(size=(40, 12)) < 0.4)
    z[3, :] = 0
    z[:, 7] = 0
    z[0, 1], z[5, 2], z[9, 4] = 5e-7, 2e-6, -3e-6
    z = f32(z)
    zd = z.astype(np.float64)
    save("metrics", "codes", z)
    l1 = np.abs(zd).sum(1)
    l2 = np.linalg.norm(zd, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        # means over rows that skip the all-zero row (NaN)
        entry["l1_l2_ratio"] = float(np.nanmean(l1 / l2))
        entry["hoyer"] = float(np.nanmean((np.sqrt(12) - l1 / l2) / (np.sqrt(12) - 1)))
        entry["kappa4"] = float(np.nanmean(np.sum(zd ** 4, 1) / np.sum(zd ** 2, 1) ** 2))
    entry["row0_l1"] = float(l1[0])
    entry["row0_l2"] = float(l2[0])
    entry["row0_lp_half"] = float(np.sum(np.abs(zd[0]) ** 0.5) ** 2)
    entry["l0"] = float(np.mean(zd != 0))
    entry["l0_eps"] = float(np.mean(np.abs(zd) >= 1e-6))
    entry["mean_l0"] = float(np.mean(np.sum(zd != 0, 1)))
    save("metrics", "firing_density", np.mean(zd != 0, 0))
    varying = zd.std(0) > 0
    corr = np.corrcoef(zd[:, varying], rowvar=False)
    entry["max_code_correlation"] = float(np.max(np.abs(corr - np.eye(len(corr)))))
    atoms = f32(rng.normal(size=(12, 6)))
    save("metrics", "energy_atoms", atoms)
    save("metrics", "energy", np.abs(zd.mean(0)) * np.linalg.norm(atoms.astype(np.float64), axis=1))

    # collinearity: one zero atom, left out
    geometry = rng.normal(size=(10, 6))
    geometry[4] = 0
    geometry[8] = 0.9 * geometry[2] + 0.1 * rng.normal(size=6)
    geometry = f32(geometry)
    save("metrics", "collinearity_atoms", geometry)
    g = geometry.astype(np.float64)[np.linalg.norm(geometry, axis=1) > 0]
    g /= np.linalg.norm(g, axis=1, keepdims=True)
    entry["collinearity"] = float(np.max(np.abs(g @ g.T - np.eye(len(g)))))

    # assignment: a rectangular cost matrix, and two dictionaries matched on 1 − cos
    cost = rng.uniform(size=(7, 9))
    rows, cols = scipy.optimize.linear_sum_assignment(cost)
    assert np.array_equal(rows, np.arange(7))
    save("metrics", "cost", cost)
    save("metrics", "assignment", cols.astype(np.int64))
    entry["assignment_cost"] = float(cost[rows, cols].sum())
    reference = f32(rng.normal(size=(6, 10)))
    candidate = f32(np.r_[reference[rng.permutation(6)] + 0.3 * rng.normal(size=(6, 10)), rng.normal(size=(2, 10))])
    rd, cd = reference.astype(np.float64), candidate.astype(np.float64)
    cosine = (rd @ cd.T) / np.outer(np.linalg.norm(rd, axis=1), np.linalg.norm(cd, axis=1))
    _, matched = scipy.optimize.linear_sum_assignment(1 - cosine)
    save("metrics", "match_reference", reference)
    save("metrics", "match_candidate", candidate)
    save("metrics", "match_assignment", matched.astype(np.int64))
    save("metrics", "match_cosines", cosine[np.arange(6), matched])

    # distribution distances
    a = f32(rng.normal(size=(40, 5)))
    b = f32(rng.standard_t(3, size=(40, 5)) * 1.5 + 0.4)
    save("metrics", "wasserstein_a", a)
    save("metrics", "wasserstein_b", b)
    save("metrics", "wasserstein", np.array([scipy.stats.wasserstein_distance(a[:, j].astype(np.float64),
                                                                              b[:, j].astype(np.float64))
                                             for j in range(5)]))
    mix = rng.normal(size=(5, 5))
    p = f32(rng.normal(size=(60, 5)) @ mix)
    q = f32(rng.normal(size=(80, 5)) @ (mix + 0.5 * rng.normal(size=(5, 5))) + 1.0)
    pd, qd = p.astype(np.float64), q.astype(np.float64)
    s1, s2 = np.cov(pd, rowvar=False), np.cov(qd, rowvar=False)
    root = scipy.linalg.sqrtm(s1 @ s2).real
    save("metrics", "frechet_a", p)
    save("metrics", "frechet_b", q)
    entry["frechet"] = float(np.sum((pd.mean(0) - qd.mean(0)) ** 2) + np.trace(s1 + s2 - 2 * root))
    scalars["metrics"] = entry


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for stale in OUT.glob("*.npy"):
        stale.unlink()
    nmf_mu()
    nmf_planted()
    nnls()
    pca()
    kmeans()
    fastica()
    sparse_pca()
    metrics()
    scalars["versions"] = {"python": platform.python_version(), "numpy": np.__version__,
                           "scipy": scipy.__version__, "scikit-learn": sklearn.__version__}
    with open(OUT / "golden.json", "w", encoding="utf-8") as out:
        json.dump(scalars, out, indent=2, sort_keys=True)
        out.write("\n")


if __name__ == "__main__":
    main()
