"""numpy + scikit-learn baseline for test/bench/detectors/cbpe.bench.ts: NannyML 0.13's CBPE, binary.

Reads float64 columns from stdin: the reference's score, label, prediction and day, then the analysis'
score, label (NaN: not labelled yet), prediction and day; argv: n_reference n_analysis runs. Does what
one detectors.cbpe call does, as NannyML does it (detectors.md §5.2, §5.4): decide calibration
(needs_calibration: 10 StratifiedShuffleSplits, test 10%, seed 42, expected calibration error over
10 equal-count bins, before vs after isotonic regression), calibrate on the whole reference; per
reference day the realized metrics, and their mean ± 3 std as thresholds; per analysis day the
expected confusion matrix, the estimated precision, recall, specificity, accuracy, F1 and ROC AUC
(estimate_roc_auc: rows by uncalibrated score, descending, cumulative calibrated probabilities
rounded to 5 places), and the realized metrics where every row is labelled.
Prints JSON: the wall times in ms of `runs` timed runs (after one warm-up), whether it calibrated,
and the estimated accuracy and ROC AUC per analysis day. Needs scikit-learn: /usr/bin/python3.
"""
import json
import sys
import time

import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import auc, roc_auc_score
from sklearn.model_selection import StratifiedShuffleSplit


def ece(y, p, bins=10):
    order = np.argsort(p, kind="stable")
    edges = np.linspace(0, len(p), bins + 1).astype(int)
    total = 0.0
    for a, b in zip(edges[:-1], edges[1:]):
        if b > a:
            idx = order[a:b]
            total += abs(y[idx].mean() - p[idx].mean()) * (b - a)
    return total / len(p)


def needs_calibration(y, p):
    if len(np.unique(y)) <= 1 or roc_auc_score(y, p) > 0.999:
        return False
    before, after = [], []
    for train, test in StratifiedShuffleSplit(n_splits=10, test_size=0.1, random_state=42).split(p, y):
        calibrator = IsotonicRegression(out_of_bounds="clip").fit(p[train], y[train])
        before.append(ece(y[test], p[test]))
        after.append(ece(y[test], calibrator.predict(p[test])))
    return np.mean(before) - np.mean(after) > 0


def realized(y, pred, p):
    tp = np.sum((pred == 1) & (y == 1))
    fp = np.sum((pred == 1) & (y == 0))
    fn = np.sum((pred == 0) & (y == 1))
    tn = np.sum((pred == 0) & (y == 0))
    return confusion_metrics(tp, fp, fn, tn) + [roc_auc_score(y, p)]


def confusion_metrics(tp, fp, fn, tn):
    precision = tp / (tp + fp) if tp + fp else np.nan
    recall = tp / (tp + fn) if tp + fn else np.nan
    specificity = tn / (tn + fp) if tn + fp else np.nan
    f1 = tp / (tp + 0.5 * (fp + fn)) if tp + 0.5 * (fp + fn) else 0.0
    return [precision, recall, specificity, (tp + tn) / (tp + fp + fn + tn), f1]


def estimated(score, calibrated, pred):
    positive = pred == 1
    tp, fp = calibrated[positive].sum(), (1 - calibrated[positive]).sum()
    fn, tn = calibrated[~positive].sum(), (1 - calibrated[~positive]).sum()
    order = np.argsort(-score, kind="stable")
    tps = np.round(np.cumsum(calibrated[order]), 5)
    fps = 1 + np.arange(len(order)) - tps
    return confusion_metrics(tp, fp, fn, tn) + [auc(fps / fps[-1], tps / tps[-1])]


def by_day(day):
    order = np.argsort(day, kind="stable")
    cuts = np.flatnonzero(np.diff(day[order])) + 1
    return np.split(order, cuts)


def cbpe(ref, ana):
    calibrate = needs_calibration(ref["label"], ref["score"])
    calibrator = IsotonicRegression(out_of_bounds="clip").fit(ref["score"], ref["label"]) if calibrate else None
    cal = (lambda s: calibrator.predict(s)) if calibrate else (lambda s: s)
    reference_values = np.array([realized(ref["label"][i], ref["prediction"][i], ref["score"][i]) for i in by_day(ref["day"])])
    thresholds = (reference_values.mean(0) - 3 * reference_values.std(0), reference_values.mean(0) + 3 * reference_values.std(0))
    calibrated = cal(ana["score"])
    chunks = []
    for rows in by_day(ana["day"]):
        estimate = estimated(ana["score"][rows], calibrated[rows], ana["prediction"][rows])
        labels = ana["label"][rows]
        known = realized(labels, ana["prediction"][rows], ana["score"][rows]) if not np.isnan(labels).any() else None
        chunks.append((estimate, known))
    return calibrate, thresholds, chunks


def main():
    n_ref, n_ana, runs = (int(a) for a in sys.argv[1:4])
    data = np.frombuffer(sys.stdin.buffer.read(), dtype=np.float64)
    names = ["score", "label", "prediction", "day"]
    ref = {name: data[k * n_ref:(k + 1) * n_ref] for k, name in enumerate(names)}
    rest = data[4 * n_ref:]
    ana = {name: rest[k * n_ana:(k + 1) * n_ana] for k, name in enumerate(names)}
    ref["label"] = ref["label"].astype(int)
    result = cbpe(ref, ana)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = cbpe(ref, ana)
        times.append((time.perf_counter() - start) * 1000)
    calibrated, _, chunks = result
    print(json.dumps({
        "times": times,
        "calibrated": bool(calibrated),
        "accuracy": [estimate[3] for estimate, _ in chunks],
        "rocAuc": [estimate[5] for estimate, _ in chunks],
    }))


main()
