"""HTTP to one Driftbook server, with retries for what a retry can fix.

One kept-alive ``http.client`` connection per sender (a new TCP connection per batch would
cost more than the batch), reopened after any error. Network errors, 5xx, 408 and 429 are
transient: they are retried with capped exponential backoff and full jitter (AWS Architecture
Blog, "Exponential Backoff And Jitter", 2015), so many clients that lost one server do not
return to it in step, and a ``Retry-After`` (the server's answer to a busy database,
server/http/app.ts) is honoured. Any other answer is returned to the caller to judge.
"""

from __future__ import annotations

import http.client
import json
import logging
import random
from dataclasses import dataclass
from typing import Any, Callable, Dict, Optional
from urllib.parse import urlsplit

logger = logging.getLogger("driftbook")

TRANSIENT_STATUSES = frozenset({408, 429})


@dataclass(frozen=True)
class Response:
    status: int
    body: Dict[str, Any]
    retry_after: Optional[float]

    @property
    def error(self) -> str:
        """The server's message (which names the row and field of a bad value)."""
        return str(self.body.get("error", f"HTTP {self.status}"))


@dataclass(frozen=True)
class Backoff:
    """Waits between attempts: full jitter over ``min(cap, base * 2**attempt)`` seconds."""

    base: float = 0.1
    cap: float = 10.0

    def delay(self, attempt: int, retry_after: Optional[float]) -> float:
        jittered = random.uniform(0, min(self.cap, self.base * 2**attempt))
        return max(jittered, min(retry_after or 0.0, self.cap))


class Transport:
    """Requests to the server at ``url``; not thread-safe (each sender owns one)."""

    def __init__(self, url: str, token: Optional[str], timeout: float) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"url: expected http://host:port or https://host, got {url!r}")
        self._https = parts.scheme == "https"
        self._netloc = parts.netloc
        self._base_path = parts.path.rstrip("/")
        self._headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._timeout = timeout
        self._connection: Optional[http.client.HTTPConnection] = None

    def request(self, method: str, path: str, body: bytes) -> Response:
        """One attempt; raises ``OSError`` or ``http.client.HTTPException`` when the network fails."""
        if self._connection is None:
            connection_class = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
            self._connection = connection_class(self._netloc, timeout=self._timeout)
        headers = {"Content-Type": "application/json", **self._headers}
        try:
            self._connection.request(method, self._base_path + path, body, headers)
            answer = self._connection.getresponse()
            data = answer.read()
        except BaseException:
            self.close()
            raise
        return Response(answer.status, _json_object(data), _seconds(answer.getheader("Retry-After")))

    def send(
        self,
        method: str,
        path: str,
        body: bytes,
        backoff: Backoff,
        pause: Callable[[float], bool],
    ) -> Optional[Response]:
        """Sends until the server gives a non-transient answer and returns it. Between attempts
        ``pause(delay)`` waits; it returns False to give up (the client is closing), and then
        this returns None."""
        attempt = 0
        while True:
            try:
                response = self.request(method, path, body)
                if response.status < 500 and response.status not in TRANSIENT_STATUSES:
                    if attempt:
                        logger.info("driftbook: %s %s went through after %d retries", method, path, attempt)
                    return response
                problem, retry_after = f"HTTP {response.status}: {response.error}", response.retry_after
            except (OSError, http.client.HTTPException) as error:
                problem, retry_after = f"{type(error).__name__}: {error}", None
            delay = backoff.delay(attempt, retry_after)
            # The first failure in a row is worth a warning; the rest would flood the log.
            (logger.warning if attempt == 0 else logger.debug)(
                "driftbook: %s %s failed (%s); retrying in %.2f s", method, path, problem, delay
            )
            if not pause(delay):
                return None
            attempt += 1

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _json_object(data: bytes) -> Dict[str, Any]:
    try:
        value = json.loads(data) if data else {}
    except ValueError:
        return {"error": data[:200].decode("utf-8", "replace")}
    return value if isinstance(value, dict) else {"value": value}


def _seconds(header: Optional[str]) -> Optional[float]:
    try:
        return float(header) if header else None
    except ValueError:
        return None
