"""scikit-learn baseline for test/bench/detectors/isolationForest.bench.ts: IsolationForest (Liu et al. 2008).

Reads float64 rows (reference then current, row-major) from stdin; argv: n_reference n_current d runs.
Fits IsolationForest(n_estimators=100, max_samples=256, random_state=seed) on the reference and scores
every current row (score_samples, negated so that higher is more outlying, as detectors.outliers
scores), which is what one detectors.outliers.isolationForest call does. One thread (n_jobs=None).
Prints JSON: the wall times in ms of `runs` timed runs (after one warm-up) and the last run's scores.
Needs scikit-learn: run with Debian's /usr/bin/python3 (apt-get install python3-sklearn).
"""
import json
import sys
import time

import numpy as np
from sklearn.ensemble import IsolationForest


def main():
    n_ref, n_cur, d, runs = (int(a) for a in sys.argv[1:5])
    data = np.frombuffer(sys.stdin.buffer.read(), dtype=np.float64).reshape(n_ref + n_cur, d)
    reference, current = data[:n_ref], data[n_ref:]

    def fit_and_score(seed):
        forest = IsolationForest(n_estimators=100, max_samples=256, random_state=seed).fit(reference)
        return -forest.score_samples(current)

    scores = fit_and_score(0)
    times = []
    for run in range(runs):
        start = time.perf_counter()
        scores = fit_and_score(run)
        times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"times": times, "scores": scores.tolist()}))


main()
