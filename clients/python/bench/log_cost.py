"""Benchmark: what ``Driftbook.log`` costs the caller while the sender thread is busy, and how
many rows a second one Python process pushes through the client into a local server.

    python3 clients/python/bench/log_cost.py http://127.0.0.1:3000 [rows] [batch_size]

Each ``log`` call is timed with ``perf_counter_ns`` while rows are logged as fast as one thread
can, so the sender is converting and posting the whole time (the sender and the caller share
the GIL; a ``deque.append`` of the same tuple, timed the same way, is the floor). Rows have the
ingest bench's shape: 10 numeric and 10 text features, a prediction and a score. Throughput is
from the first ``log`` to the end of ``flush``: every row stored by the server. Its baseline, run
beside it: the same rows, encoded beforehand, posted in the same batches over one kept-alive
connection, which is the most one sequential sender could get from the server.
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import random
import sys
import time
import uuid
from collections import deque

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from driftbook import Driftbook  # noqa: E402
from driftbook.convert import Conversion, prediction_json  # noqa: E402


def make_rows(count: int) -> list:
    rng = random.Random(1)
    words = ["car", "home", "travel", "education", "business", "medical"]
    return [
        (
            {**{f"n{j}": rng.gauss(0, 1) for j in range(10)}, **{f"t{j}": rng.choice(words) for j in range(10)}},
            rng.randint(0, 1),
            rng.random(),
        )
        for _ in range(count)
    ]


def percentiles(samples_ns: list) -> dict:
    ordered = sorted(samples_ns)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] / 1000  # noqa: E731
    return {
        "p50_us": round(pick(0.5), 2),
        "p99_us": round(pick(0.99), 2),
        "p999_us": round(pick(0.999), 1),
        "max_us": round(ordered[-1] / 1000),
    }


def raw_post_rate(url: str, rows: list, batch_size: int) -> int:
    """Rows/s of the same rows posted pre-encoded, one batch after another, by plain http.client."""
    counts, model = Conversion(), f"bench_raw_{uuid.uuid4().hex[:8]}"
    encoded = [prediction_json(uuid.uuid4().hex, 1, f, p, s, None, None, counts) for f, p, s in rows]
    bodies = [json.dumps(encoded[i : i + batch_size]).encode() for i in range(0, len(encoded), batch_size)]
    connection = http.client.HTTPConnection(url.split("//", 1)[1])
    began = time.perf_counter()
    for body in bodies:
        connection.request("POST", f"/api/v1/models/{model}/predictions", body, {"Content-Type": "application/json"})
        answer = connection.getresponse()
        assert answer.status == 201, answer.read()
        answer.read()
    return round(len(rows) / (time.perf_counter() - began))


def main() -> None:
    url = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 200_000
    batch_size = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    rows = make_rows(count)
    clock = time.perf_counter_ns

    floor, queue = [], deque()
    for features, prediction, score in rows[:50_000]:
        start = clock()
        queue.append(("predictions", "id", 0, dict(features), prediction, score, None))
        floor.append(clock() - start)

    client = Driftbook(url, f"bench_{uuid.uuid4().hex[:8]}", batch_size=batch_size, max_queue=count)
    costs = []
    began = time.perf_counter()
    for features, prediction, score in rows:
        start = clock()
        client.log(features, prediction, score)
        costs.append(clock() - start)
    logged = time.perf_counter() - began
    assert client.flush(600), "flush timed out"
    stored = time.perf_counter() - began
    stats = client.stats()
    client.close()
    assert stats.sent == count and stats.dropped == 0, stats
    print(
        json.dumps(
            {
                "python": platform.python_version(),
                "rows": count,
                "batch_size": batch_size,
                "log": percentiles(costs),
                "deque_append_floor": percentiles(floor),
                "log_calls_per_s": round(count / logged),
                "rows_per_s_stored": round(count / stored),
                "baseline_raw_http_rows_per_s": raw_post_rate(url, rows, batch_size),
                "load_average": os.getloadavg(),
            }
        )
    )


if __name__ == "__main__":
    main()
