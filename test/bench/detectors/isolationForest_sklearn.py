"""scikit-learn baseline for test/bench/detectors/isolationForest.bench.ts.

Reads float64 rows (reference then current, row-major) from stdin, then the current rows' planted-outlier
labels as float64; argv: n m d runs. Times IsolationForest(n_estimators=100, max_samples=256,
random_state=0).fit(reference) and -score_samples(current) (one thread, scikit-learn's default) over
`runs` timed runs after one warm-up.
Prints JSON: median fit and score wall times in ms, and the ROC AUC of the scores on the labels.
"""
import json
import sys
import time

import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score

n, m, d, runs = (int(a) for a in sys.argv[1:5])
values = np.frombuffer(sys.stdin.buffer.read(), dtype=np.float64)
reference = values[: n * d].reshape(n, d)
current = values[n * d : (n + m) * d].reshape(m, d)
labels = values[(n + m) * d :]


def once():
    start = time.perf_counter()
    forest = IsolationForest(n_estimators=100, max_samples=256, random_state=0).fit(reference)
    fitted = time.perf_counter()
    scores = -forest.score_samples(current)
    return (fitted - start) * 1000, (time.perf_counter() - fitted) * 1000, scores


once()
fits, scores_ms = [], []
for _ in range(runs):
    fit_ms, score_ms, scores = once()
    fits.append(fit_ms)
    scores_ms.append(score_ms)
print(json.dumps({"fitMs": float(np.median(fits)), "scoreMs": float(np.median(scores_ms)), "auc": roc_auc_score(labels, scores)}))
