"""Vectorised numpy baseline for test/bench/detectors/lsdd.bench.ts: Alibi Detect 0.12's LSDDDrift.

Reads float64 rows (reference then current, row-major) from stdin; argv: n m d permutations runs, then the
indices of the reference rows used as kernel centres (drawn by the bench as detectors.lsdd draws them).
Computes what detectors.lsdd computes, as Alibi does it (cd/tensorflow/lsdd.py, utils/pytorch/distance.py
permed_lsdds): standardise with the reference's mean and std (ddof 0, + 1e-12), sigma by the median
heuristic on the reference, H = k_{sqrt2 sigma}(c, c), k(x, c) for the pooled rows, every permutation's h at
once as one product with a 0/1 membership matrix, the inverses of H + lambda I for all ten lambdas, the
first lambda whose mean relative difference is below 0.2, and the permuted and observed LSDDs.
Prints JSON: the wall times in ms of `runs` timed runs (after one warm-up), sigma, and the observed
statistic for each lambda 4^-i (so the bench can check its own at the lambda it chose).
"""
import json
import sys
import time

import numpy as np

LAMBDAS = [4.0**-i for i in range(10)]


def sqdist(a, b):
    return np.maximum((a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2.0 * (a @ b.T), 1e-30)


def lsdd(x_ref, x, centre_idx, permutations, rng):
    n = len(x_ref)
    mean, std = x_ref.mean(0), x_ref.std(0) + 1e-12
    xr, xc = (x_ref - mean) / std, (x - mean) / std
    d2 = sqdist(xr, xr)
    k = n + (n * n - n) // 2 - 1
    sigma = np.sqrt(0.5 * np.partition(d2.ravel(), k)[k])
    is_centre = np.zeros(n, dtype=bool)
    is_centre[centre_idx] = True
    centres, x_eff = xr[is_centre], xr[~is_centre]
    H = np.exp(-sqdist(centres, centres) / (4.0 * sigma * sigma))
    k_all = np.exp(-sqdist(np.vstack([x_eff, xc]), centres) / (2.0 * sigma * sigma))
    n_x, total = len(x_eff), len(k_all)
    n_y = total - n_x
    membership = np.zeros((permutations, total))
    for p in range(permutations):
        membership[p, rng.permutation(total)[:n_x]] = 1.0
    h_perms = membership @ k_all / n_x - (1.0 - membership) @ k_all / n_y
    h = k_all[:n_x].mean(0) - k_all[n_x:].mean(0)
    eye = np.eye(len(H))
    invs = [np.linalg.inv(H + lam * eye) for lam in LAMBDAS]
    rds = []
    for inv in invs:
        omegas = h_perms @ inv.T
        rds.append(np.mean(1.0 - ((omegas @ H) * omegas).sum(1) / (h_perms * omegas).sum(1)))
    inv = invs[next(i for i, rd in enumerate(rds) if rd < 0.2)]
    h_lam_inv = 2.0 * inv - inv.T @ H @ inv
    permuted = ((h_perms @ h_lam_inv) * h_perms).sum(1)
    observed = float(h @ h_lam_inv @ h)
    p_value = float(np.mean(observed <= permuted))
    return float(sigma), p_value, (h, H, invs)


def statistic_by_lambda(h, H, invs):
    """The observed LSDD at every lambda, outside the timed runs, for the bench's agreement check."""
    return [float(h @ (2.0 * inv - inv.T @ H @ inv) @ h) for inv in invs]


def main():
    n, m, d, permutations, runs = map(int, sys.argv[1:6])
    centre_idx = np.array([int(i) for i in sys.argv[6:]], dtype=np.int64)
    data = np.frombuffer(sys.stdin.buffer.read(), dtype=np.float64).reshape(n + m, d)
    x_ref, x = data[:n], data[n:]
    lsdd(x_ref, x, centre_idx, permutations, np.random.default_rng(0))
    times = []
    for run in range(runs):
        start = time.perf_counter()
        sigma, _, parts = lsdd(x_ref, x, centre_idx, permutations, np.random.default_rng(run))
        times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"times": times, "sigma": sigma, "statisticByLambda": statistic_by_lambda(*parts)}))


main()
