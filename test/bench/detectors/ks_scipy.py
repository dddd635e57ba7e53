"""scipy baseline for test/bench/detectors/ks.bench.ts.

Reads float64 values (reference then current) from stdin; argv: n m runs [method]. Times
scipy.stats.ks_2samp(reference, current, method=method) (two-sided; method "auto" by default, which is
asymptotic above 10 000 values: the finite-n kstwo distribution) over `runs` timed runs after one
warm-up.
Prints JSON: median wall time in ms, statistic, p-value.
"""
import json
import sys
import time

import numpy as np
from scipy import stats

n, m, runs = (int(a) for a in sys.argv[1:4])
method = sys.argv[4] if len(sys.argv) > 4 else "auto"
values = np.frombuffer(sys.stdin.buffer.read(), dtype=np.float64)
reference, current = values[:n], values[n:n + m]
result = stats.ks_2samp(reference, current, method=method)
times = []
for _ in range(runs):
    start = time.perf_counter()
    result = stats.ks_2samp(reference, current, method=method)
    times.append((time.perf_counter() - start) * 1000)
print(json.dumps({"ms": float(np.median(times)), "statistic": float(result.statistic), "pValue": float(result.pvalue)}))
