"""numpy/scipy baseline for test/bench/detectors/tabularDrift.bench.ts.

argv: rows numeric categorical runs. Builds the bench's tables from the same Weyl formulas (see
tabularDrift.bench.ts) and runs, per column, what Evidently's data-drift preset runs for a reference
of more than 1000 rows: numeric columns (more than 5 distinct values) the normed Wasserstein distance
(scipy.stats.wasserstein_distance / max(np.std(ref), 0.001)); categorical columns Evidently's
get_binned_data bins (hash counts over the union, as pandas value_counts) and scipy.spatial.distance.jensenshannon.
Cleaning (+-inf -> NaN, dropna) is vectorised; the tests are the scipy calls Evidently makes.
Prints JSON: median wall time in ms over `runs` timed runs (after one warm-up) and the statistics.
"""
import json
import sys
from collections import Counter
import time

import numpy as np
from scipy import stats
from scipy.spatial import distance


def weyl(start, count):
    i = np.arange(start, start + count, dtype=np.int64)
    return ((i * 2654435761) % 2**32) / 2**32


def tables(n, numeric, categorical):
    ref, cur = [], []
    for j in range(numeric):
        scale = 1.0 + j
        ref.append(weyl(1 + 2 * j * n, n) * scale)
        cur.append(weyl(1 + 2 * j * n + n, n) * scale + (0.05 * scale if j % 3 == 0 else 0.0))
    for k in range(categorical):
        labels = np.array([f"v{i}" for i in range(2 + k % 6)], dtype=object)
        skewed = np.concatenate([labels[:1], np.tile(labels, 1 if k % 4 == 0 else 10)])
        s = 1 + 2 * (numeric + k) * n
        ref.append(labels[np.floor(weyl(s, n) * len(labels)).astype(np.int64)])
        cur.append(skewed[np.floor(weyl(s + n, n) * len(skewed)).astype(np.int64)])
    return ref, cur


def column_drift(ref, cur):
    if ref.dtype != object:
        ref, cur = ref[np.isfinite(ref)], cur[np.isfinite(cur)]
        return stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)
    ref_counts, cur_counts = Counter(ref.tolist()), Counter(cur.tolist())
    keys = list(set(ref_counts) | set(cur_counts))
    r = np.array([ref_counts[k] / len(ref) for k in keys])
    c = np.array([cur_counts[k] / len(cur) for k in keys])
    return distance.jensenshannon(r, c)


def main():
    n, numeric, categorical, runs = (int(a) for a in sys.argv[1:5])
    ref, cur = tables(n, numeric, categorical)
    results = [column_drift(r, c) for r, c in zip(ref, cur)]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        results = [column_drift(r, c) for r, c in zip(ref, cur)]
        times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"ms": sorted(times)[len(times) // 2], "statistics": [float(v) for v in results]}))


main()
