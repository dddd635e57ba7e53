"""Vectorised numpy baseline for test/bench/detectors/mmd.bench.ts.

Reads float64 rows (reference then current, row-major) from stdin; argv: n m d permutations runs.
Computes what detectors.mmd computes — Alibi Detect's median-heuristic sigma on the reference,
the Gaussian kernel matrix of the pooled rows, the unbiased MMD^2 and its permutation p-value —
with every step vectorised: distances by one matrix product, the median by np.partition, and all
permutations at once as Z^T K Z with a 0/1 membership matrix Z (one BLAS product), which is far
faster than permuting the kernel matrix per permutation as Alibi does.
Prints JSON: the wall times in ms of `runs` timed runs (after one warm-up), sigma, statistic, p-value.
"""
import json
import sys
import time

import numpy as np


def mmd(x, y, permutations, rng):
    z = np.vstack([x, y])
    n, m, total = len(x), len(y), len(x) + len(y)
    sq = np.einsum("ij,ij->i", z, z)
    d2 = np.maximum(sq[:, None] + sq[None, :] - 2.0 * (z @ z.T), 1e-30)
    k = n + (n * n - n) // 2 - 1
    sigma = np.sqrt(0.5 * np.partition(d2[:n, :n].ravel(), k)[k])
    kernel = np.exp(d2 * (-1.0 / (2.0 * sigma * sigma)))
    np.fill_diagonal(kernel, 0.0)
    row_sums = kernel.sum(1)
    total_sum = row_sums.sum()
    membership = np.zeros((total, permutations + 1))
    membership[n:, 0] = 1.0
    for p in range(permutations):
        membership[rng.permutation(total)[n:], p + 1] = 1.0
    within_y = np.einsum("ip,ip->p", membership, kernel @ membership)
    rows_y = membership.T @ row_sums
    cross = rows_y - within_y
    within_x = total_sum - 2.0 * cross - within_y
    stats = within_x / (n * (n - 1)) + within_y / (m * (m - 1)) - 2.0 * cross / (n * m)
    return float(sigma), float(stats[0]), float(np.mean(stats[0] <= stats[1:]))


def main():
    n, m, d, permutations, runs = map(int, sys.argv[1:6])
    data = np.frombuffer(sys.stdin.buffer.read(), dtype=np.float64).reshape(n + m, d)
    x, y = data[:n], data[n:]
    mmd(x, y, permutations, np.random.default_rng(0))
    times = []
    for run in range(runs):
        start = time.perf_counter()
        sigma, statistic, p_value = mmd(x, y, permutations, np.random.default_rng(run))
        times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"times": times, "sigma": sigma, "statistic": statistic, "pValue": p_value}))


main()
