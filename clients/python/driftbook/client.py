"""``Driftbook``: log predictions and labels from a model service without slowing it down.

``log`` and ``label`` only stamp the row (an id and the time) and append it to a bounded
deque, a few microseconds; the sender thread (sender.py) does conversion and HTTP. Nothing
they do raises into the model's code: problems go to the ``driftbook`` logger and ``stats()``.
At interpreter exit the queue is flushed (``atexit``). After ``fork`` (gunicorn ``--preload``,
multiprocessing) a child gets a new queue, connection, sender thread and id prefix
(``os.register_at_fork``): the parent's sender thread does not exist in the child, and two
processes counting ids from one prefix would send the same ids, which the server would then
skip as duplicates.
"""

from __future__ import annotations

import atexit
import itertools
import json
import logging
import os
import sys
import time
import uuid
import weakref
from collections import deque
from typing import Any, Deque, Iterable, List, Mapping, Optional, Tuple, Union
from urllib.parse import quote

from .convert import Conversion, now_ms, prediction_json
from .frames import dataframe_rows, dict_rows, is_dataframe
from .sender import LABEL, PREDICTION, ClientStats, QueuedRow, Sender
from .transport import Backoff, Transport

logger = logging.getLogger("driftbook")

_clients: "weakref.WeakSet[Driftbook]" = weakref.WeakSet()


class DriftbookError(Exception):
    """Raised by ``set_reference`` only: the server refused the reference set, or was unreachable."""


class Driftbook:
    """A client for one model on one Driftbook server.

    >>> monitor = Driftbook("http://127.0.0.1:3000", "credit")
    >>> row_id = monitor.log({"age": 41, "purpose": "car"}, prediction=0, score=0.21)
    >>> monitor.label(row_id, 1)   # later, when the truth is known
    """

    def __init__(
        self,
        url: str,
        model: str,
        token: Optional[str] = None,
        *,
        batch_size: int = 500,
        flush_interval: float = 1.0,
        max_queue: int = 100_000,
        timeout: float = 10.0,
        backoff: Backoff = Backoff(),
        exit_timeout: float = 5.0,
    ) -> None:
        """
        :param url: the server, such as ``http://127.0.0.1:3000`` (a path prefix is kept).
        :param model: the model's name (``[a-z][a-z0-9_]{0,62}``); its first batch creates it.
        :param token: ``DRIFTBOOK_INGEST_TOKEN`` (or ``DRIFTBOOK_TOKEN``) when the server has one.
        :param batch_size: rows per request; a full batch is sent at once.
        :param flush_interval: longest wait, in seconds, before a partial batch is sent.
        :param max_queue: rows kept while the server cannot be reached; beyond it ``log`` drops
            rows and counts them (``stats().dropped``) rather than grow without bound.
        :param timeout: seconds one HTTP request may take.
        :param backoff: waits between retries (``Backoff(base, cap)``, full jitter).
        :param exit_timeout: seconds the exit-time flush may take.
        """
        if batch_size < 1 or max_queue < 1 or flush_interval <= 0:
            raise ValueError("batch_size and max_queue must be at least 1, flush_interval above 0")
        self.url, self.model, self._token = url, model, token
        self._settings = (batch_size, flush_interval, timeout, backoff)
        self._max_queue = max_queue
        self._exit_timeout = exit_timeout
        Transport(url, token, timeout)  # checks the URL now, where a mistake is the caller's to see
        self._closed = False
        self._start_process()
        _clients.add(self)
        atexit.register(_close_at_exit, weakref.ref(self))

    def log(
        self,
        features: Mapping[str, Any],
        prediction: Any,
        score: Any = None,
        proba: Optional[Mapping[Any, Any]] = None,
        id: Any = None,
        ts: Any = None,
    ) -> Optional[str]:
        """Queues one prediction and returns its id (generated when not given; use it to
        ``label`` the row later), or None when the row was dropped because the queue is full.

        :param features: feature name → value: numbers, text, booleans, None, datetimes,
            numpy/Decimal scalars, or an embedding (a list or 1-d numpy array of numbers).
        :param prediction: the model's output (a class or a number).
        :param score: the model's score for the positive class, if any.
        :param proba: class → probability, stored as ``proba_<class>`` columns.
        :param ts: when the prediction was made: a datetime (naive means UTC) or epoch
            milliseconds; defaults to now.
        """
        queue = self._queue
        if len(queue) >= self._max_queue or self._closed:
            self._drop(1)
            return None
        row_id = f"{self._id_prefix}{next(self._id_counter)}" if id is None else id
        try:
            queue.append((PREDICTION, row_id, now_ms() if ts is None else ts, dict(features), prediction, score, proba))
        except (TypeError, ValueError) as error:  # features that are not a mapping
            self._refuse_now(f"features: {error}")
            return None
        self._wake_sender(queue)
        return row_id

    def log_batch(self, rows: Iterable[Mapping[str, Any]]) -> List[Optional[str]]:
        """Queues rows given as dicts with the keys of ``log`` (``features``, ``prediction``,
        ``score``, ``proba``, ``id``, ``ts``); returns each row's id, None where dropped."""
        try:
            checked = list(dict_rows(rows))  # all rows checked before any is queued
        except (TypeError, ValueError, AttributeError) as error:
            self._refuse_now(str(error))
            return []
        return [self.log(row.features, row.prediction, row.score, row.proba, row.id, row.ts) for row in checked]

    def log_dataframe(
        self,
        df: Any,
        prediction: str = "prediction",
        score: str = "score",
        id: str = "id",
        ts: str = "ts",
    ) -> List[Optional[str]]:
        """Queues one prediction per DataFrame row. ``prediction`` names the prediction column;
        ``score``, ``id`` and ``ts`` name theirs when the frame has them; ``proba_<class>``
        columns are class probabilities and every other column is a feature."""
        try:
            rows = dataframe_rows(df, prediction, score, id, ts)
        except (TypeError, ValueError, AttributeError, KeyError) as error:
            self._refuse_now(f"log_dataframe: {error}")
            return []
        return [self.log(row.features, row.prediction, row.score, row.proba, row.id, row.ts) for row in rows]

    def label(self, id: Any, label: Any) -> bool:
        """Queues the true label of the prediction ``id``; False when dropped (queue full)."""
        queue = self._queue
        if len(queue) >= self._max_queue or self._closed:
            self._drop(1)
            return False
        queue.append((LABEL, id, label))
        self._wake_sender(queue)
        return True

    def label_batch(self, labels: Union[Mapping[Any, Any], Iterable[Tuple[Any, Any]]]) -> int:
        """Queues labels given as ``{id: label}`` or ``(id, label)`` pairs; returns how many were queued."""
        try:
            pairs = labels.items() if isinstance(labels, Mapping) else labels
            return sum(self.label(row_id, label) for row_id, label in pairs)
        except (TypeError, ValueError) as error:
            self._refuse_now(f"label_batch: expected {{id: label}} or (id, label) pairs ({error})")
            return 0

    def set_reference(self, df_or_rows: Any, name: str = "training", timeout: float = 60.0) -> dict:
        """Replaces the model's reference set ``name`` with these rows (a DataFrame, shaped as
        for ``log_dataframe`` plus an optional ``label`` column, or dicts as for ``log_batch``),
        synchronously, in one transaction. Unlike logging, this is a setup step whose caller
        needs to know it worked: it raises ``DriftbookError`` with the server's message, which
        names the bad row and field, and returns the server's answer."""
        try:
            rows = dataframe_rows(df_or_rows, "prediction", "score", "id", "ts", "label") if is_dataframe(df_or_rows) else list(dict_rows(df_or_rows))
            counts = Conversion()
            payload = [prediction_json(None, r.ts, r.features, r.prediction, r.score, r.proba, r.label, counts) for r in rows]
        except (ValueError, TypeError) as error:
            raise DriftbookError(f"set_reference: {error}") from error
        transport = Transport(self.url, self._token, timeout)
        deadline = _Deadline(timeout)
        try:
            response = transport.send(
                "PUT",
                f"/api/v1/models/{self.model}/reference?name={quote(name)}",
                json.dumps(payload, allow_nan=False).encode(),
                self._settings[3],
                deadline.pause,
            )
        finally:
            transport.close()
        if response is None:
            raise DriftbookError(f"set_reference: the server at {self.url} did not accept the set within {timeout} s")
        if response.status >= 300:
            raise DriftbookError(f"set_reference: HTTP {response.status}: {response.error}")
        return response.body

    def flush(self, timeout: Optional[float] = None) -> bool:
        """Waits until everything queued so far has been delivered (or refused by the server);
        returns False if ``timeout`` seconds passed first."""
        return self._sender.flush(timeout)

    def close(self, timeout: float = 5.0) -> bool:
        """Delivers what is queued for up to ``timeout`` seconds, then stops the sender; later
        ``log`` calls are dropped. True when nothing was left unsent."""
        if self._closed:
            return True
        self._closed = True
        return self._sender.stop(timeout)

    def stats(self) -> ClientStats:
        """A snapshot of what happened to the rows given to this client (see ``ClientStats``)."""
        snapshot = ClientStats(**vars(self._sender.stats))
        snapshot.queued = len(self._queue)
        return snapshot

    def __enter__(self) -> "Driftbook":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _start_process(self) -> None:
        """A new queue, sender and id prefix: at construction and in a forked child."""
        batch_size, flush_interval, timeout, backoff = self._settings
        self._queue: Deque[QueuedRow] = deque()
        self._id_prefix = uuid.uuid4().hex[:16] + "-"
        self._id_counter = itertools.count()
        self._batch_size = batch_size
        self._sender = Sender(
            Transport(self.url, self._token, timeout), self.model, self._queue, ClientStats(), batch_size, flush_interval, backoff
        )

    def _after_fork_in_child(self) -> None:
        self._start_process()
        if "multiprocessing" in sys.modules:
            # multiprocessing's children leave through os._exit, which skips atexit; its exit
            # hook runs Finalize callbacks instead, but a child's bootstrap first clears those
            # and then runs its after-fork hooks (multiprocessing/process.py _bootstrap), so the
            # Finalize is registered from one of those.
            from multiprocessing import util

            util.register_after_fork(self, _finalize_at_process_exit)

    def _wake_sender(self, queue: Deque[QueuedRow]) -> None:
        sender = self._sender
        if not sender.started:
            sender.start()
        if len(queue) >= self._batch_size and not sender.wake.is_set():
            sender.wake.set()

    def _drop(self, count: int) -> None:
        stats = self._sender.stats
        if not stats.dropped:
            logger.warning(
                "driftbook: %s; dropping rows of model %s (counted in stats().dropped)",
                "the client is closed" if self._closed else f"the queue is full ({self._max_queue} rows)",
                self.model,
            )
        stats.dropped += count

    def _refuse_now(self, problem: str) -> None:
        self._sender.stats.rejected += 1
        logger.error("driftbook: not logging to model %s: %s", self.model, problem)


class _Deadline:
    """A ``pause`` for Transport.send that gives up once ``seconds`` have passed."""

    def __init__(self, seconds: float) -> None:
        self._end = time.monotonic() + seconds

    def pause(self, delay: float) -> bool:
        remaining = self._end - time.monotonic()
        if remaining <= 0:
            return False
        time.sleep(min(delay, remaining))
        return True


def _close_at_exit(client_ref: "weakref.ref[Driftbook]") -> None:
    client = client_ref()
    if client is not None and not client._closed and client._sender.started:
        client.close(client._exit_timeout)


def _finalize_at_process_exit(client: Driftbook) -> None:
    from multiprocessing.util import Finalize

    Finalize(client, _close_at_exit, args=(weakref.ref(client),), exitpriority=10)


def _after_fork_in_child() -> None:
    for client in list(_clients):
        client._after_fork_in_child()


if hasattr(os, "register_at_fork"):  # POSIX only; Windows has no fork
    os.register_at_fork(after_in_child=_after_fork_in_child)
