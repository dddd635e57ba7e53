"""The background thread that turns queued rows into batches and delivers them.

The model's threads only append to a deque; this thread wakes when a batch is full or the flush
interval has passed, converts the rows (convert.py), and posts them. A batch is stored whole or
not at all (server/store), so a row the server refuses (a 400 naming its row) is logged with the
server's message, taken out, and the rest sent again; a batch too large for the server (413) is
halved. Rows of one drain are sent predictions first, then labels, so a label logged after its
prediction never arrives before it (the server counts such a label as unmatched and drops it).
Every row carries an id from the start, so a batch resent after an error the sender could not
see the end of is stored once: the server skips ids it already has (its ``duplicates``).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Deque, Dict, List, Optional, Tuple

from .convert import Conversion, ValueProblem, prediction_json, scalar_value
from .transport import Backoff, Transport

logger = logging.getLogger("driftbook")

PREDICTION = "predictions"
LABEL = "labels"
#: (PREDICTION, id, ts, features, prediction, score, proba) or (LABEL, id, label)
QueuedRow = Tuple[Any, ...]


@dataclass
class ClientStats:
    """What the client did with the rows it was given, since it started (or since a fork)."""

    queued: int = 0
    """Rows and labels waiting in the queue now."""
    sent: int = 0
    """Predictions the server stored."""
    duplicates: int = 0
    """Predictions the server already had (a resent batch); not stored twice."""
    labels_matched: int = 0
    labels_unmatched: int = 0
    """Labels whose prediction id the server does not have; they change nothing."""
    dropped: int = 0
    """Rows and labels refused by ``log``/``label`` because the queue was full (or the client closed)."""
    rejected: int = 0
    """Rows and labels the server refused (4xx) or that could not be converted; each is logged."""
    abandoned: int = 0
    """Rows and labels still unsent when ``close`` (or interpreter exit) ran out of time."""
    missing_values: int = 0
    """NaN, NaT, pd.NA and infinite values sent as missing."""
    retries: int = 0
    """Requests repeated after a network error, 5xx, 408 or 429."""


class Sender:
    """Owns the queue's consumer side: one daemon thread, started on first use."""

    def __init__(
        self,
        transport: Transport,
        model: str,
        queue: Deque[QueuedRow],
        stats: ClientStats,
        batch_size: int,
        flush_interval: float,
        backoff: Backoff,
    ) -> None:
        self.queue = queue
        self.stats = stats
        self._transport = transport
        self._model = model
        self._batch_size = batch_size
        self._flush_interval = flush_interval
        self._backoff = backoff
        self._conversion = Conversion()
        self.wake = threading.Event()
        self._interrupt = threading.Event()
        self._idle = threading.Condition()
        self._busy = False
        self._flush_requested = False
        self._stopping = False
        self._deadline: Optional[float] = None
        self._thread = threading.Thread(target=self._run, name="driftbook-sender", daemon=True)
        self.started = False

    def start(self) -> None:
        if not self.started:
            self.started = True
            self._thread.start()

    def flush(self, timeout: Optional[float]) -> bool:
        """Waits until every queued row has been delivered (or refused); False on timeout."""
        self.start()
        self._flush_requested = True
        self.wake.set()
        with self._idle:
            return self._idle.wait_for(lambda: not self.queue and not self._busy, timeout)

    def stop(self, timeout: float) -> bool:
        """Delivers what is queued for up to ``timeout`` seconds, then gives up the rest (counted
        as ``abandoned``) and ends the thread. True when nothing was abandoned."""
        abandoned_before = self.stats.abandoned
        if self.started:
            self._deadline = time.monotonic() + timeout
            self._stopping = True
            self.wake.set()
            self._interrupt.set()
            self._thread.join(timeout + 1.0)
        else:
            self._abandon_queue()
        self._transport.close()
        return self.stats.abandoned == abandoned_before and not self.queue

    def _run(self) -> None:
        next_drain = time.monotonic() + self._flush_interval
        while True:
            self.wake.wait(max(0.0, next_drain - time.monotonic()))
            self.wake.clear()
            # Woken by a full batch: send full batches and let the rest fill up. At the interval,
            # on flush and on stop: send everything.
            drain_all = self._stopping or self._flush_requested or time.monotonic() >= next_drain
            self._flush_requested = False
            try:
                self._busy = True
                while len(self.queue) >= self._batch_size or (drain_all and self.queue):
                    if self._past_deadline():
                        self._abandon_queue()
                        break
                    self._send(self._take())
            except Exception:  # the thread must outlive any bug; the model's code never sees it
                logger.exception("driftbook: the sender hit an unexpected error")
            finally:
                with self._idle:
                    self._busy = False
                    self._idle.notify_all()
            if self._stopping:
                return
            if drain_all:
                next_drain = time.monotonic() + self._flush_interval

    def _take(self) -> List[QueuedRow]:
        queue, rows = self.queue, []
        for _ in range(min(self._batch_size, len(queue))):
            rows.append(queue.popleft())
        return rows

    def _send(self, rows: List[QueuedRow]) -> None:
        predictions = [self._prediction(row) for row in rows if row[0] == PREDICTION]
        labels = [self._label(row) for row in rows if row[0] == LABEL]
        self.stats.missing_values = self._conversion.missing
        self._deliver(PREDICTION, [row for row in predictions if row is not None], self._count_stored)
        self._deliver(LABEL, [row for row in labels if row is not None], self._count_labels)

    def _prediction(self, row: QueuedRow) -> Optional[Dict[str, Any]]:
        _, row_id, ts, features, prediction, score, proba = row
        try:
            return prediction_json(row_id, ts, features, prediction, score, proba, None, self._conversion)
        except (ValueProblem, AttributeError, TypeError) as error:
            return self._refuse(row_id, str(error))

    def _label(self, row: QueuedRow) -> Optional[Dict[str, Any]]:
        _, row_id, label = row
        try:
            return {"id": scalar_value(row_id, self._conversion, "id"), "label": scalar_value(label, self._conversion, "label")}
        except ValueProblem as error:
            return self._refuse(row_id, str(error))

    def _refuse(self, row_id: Any, problem: str) -> None:
        self.stats.rejected += 1
        logger.error("driftbook: not sending row id=%r of model %s: %s", row_id, self._model, problem)
        return None

    def _deliver(self, kind: str, rows: List[Dict[str, Any]], on_stored: Callable[[Dict[str, Any]], None]) -> None:
        path = f"/api/v1/models/{self._model}/{kind}"
        pending = [rows]
        while pending:
            chunk = pending.pop()
            if not chunk:
                continue
            body = json.dumps(chunk, allow_nan=False, separators=(",", ":")).encode()
            response = self._transport.send("POST", path, body, self._backoff, self._pause)
            if response is None:
                self._abandon(len(chunk) + sum(len(rest) for rest in pending))
                return
            if response.status < 300:
                on_stored(response.body)
                continue
            if response.status == 413 and len(chunk) > 1:
                half = len(chunk) // 2
                pending += [chunk[half:], chunk[:half]]
                continue
            row = response.body.get("row")
            if response.status == 400 and isinstance(row, int) and 1 <= row <= len(chunk):
                # The batch was refused whole because of this one row: drop it, send the others.
                self._refuse(chunk[row - 1]["id"], f"the server refused it: {response.error}")
                pending.append(chunk[: row - 1] + chunk[row:])
                continue
            self.stats.rejected += len(chunk)
            logger.error(
                "driftbook: the server refused %d %s of model %s (HTTP %d): %s",
                len(chunk), kind, self._model, response.status, response.error,
            )

    def _count_stored(self, body: Dict[str, Any]) -> None:
        self.stats.sent += int(body.get("written", 0))
        self.stats.duplicates += int(body.get("duplicates", 0))

    def _count_labels(self, body: Dict[str, Any]) -> None:
        self.stats.labels_matched += int(body.get("matched", 0))
        unmatched = int(body.get("unmatched", 0))
        self.stats.labels_unmatched += unmatched
        if unmatched:
            logger.info("driftbook: %d labels of model %s match no stored prediction", unmatched, self._model)

    def _pause(self, delay: float) -> bool:
        """Waits before a retry; False once ``stop``'s deadline has passed."""
        if self._deadline is not None:
            delay = min(delay, self._deadline - time.monotonic())
            if delay <= 0:
                return False
        if self._interrupt.wait(delay):
            self._interrupt.clear()
        if self._past_deadline():
            return False
        self.stats.retries += 1
        return True

    def _past_deadline(self) -> bool:
        return self._deadline is not None and time.monotonic() >= self._deadline

    def _abandon(self, count: int) -> None:
        self.stats.abandoned += count
        logger.error("driftbook: gave up %d unsent rows of model %s at close", count, self._model)

    def _abandon_queue(self) -> None:
        count = len(self.queue)
        self.queue.clear()
        if count:
            self._abandon(count)
