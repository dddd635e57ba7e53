"""numpy/scipy baseline for test/bench/cli/wideDrift.bench.ts.

argv: database model. Reads `select *` of the model's reference and current tables with Python's
sqlite3 module, turns each feature column (every column but id, ts, prediction, score, label,
proba_* and the store's ingested_at and label_ingested_at) into a float64 array (NULL becomes NaN),
then runs per column what Evidently's data-drift preset runs for a continuous column and a
reference of more than 1000 rows: the non-finite values dropped, scipy.stats.wasserstein_distance
normed by max(np.std(reference), 0.001).
Prints JSON: the milliseconds spent loading and computing, and the statistic per feature.
"""
import json
import sqlite3
import sys
import time

import numpy as np
from scipy import stats

RESERVED = {"id", "ts", "prediction", "score", "label", "ingested_at", "label_ingested_at"}


def load(connection, table):
    cursor = connection.execute(f'select * from "{table}"')
    names = [column[0] for column in cursor.description]
    columns = list(zip(*cursor.fetchall()))
    return {
        name: np.array(values, dtype=np.float64)
        for name, values in zip(names, columns)
        if name not in RESERVED and not name.startswith("proba_")
    }


def normed_wasserstein(reference, current):
    reference = reference[np.isfinite(reference)]
    current = current[np.isfinite(current)]
    return stats.wasserstein_distance(reference, current) / max(np.std(reference), 0.001)


def main():
    path, model = sys.argv[1:3]
    start = time.perf_counter()
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    reference = load(connection, f"{model}_reference")
    current = load(connection, model)
    loaded = time.perf_counter()
    statistics = {name: float(normed_wasserstein(reference[name], current[name])) for name in current}
    done = time.perf_counter()
    print(json.dumps({"loadMs": (loaded - start) * 1000, "computeMs": (done - loaded) * 1000, "statistics": statistics}))


main()
