"""What the client tests need of a real Driftbook server, given by test/clients/python.test.ts:

- ``DRIFTBOOK_URL``: a running server, ``DRIFTBOOK_INGEST_TOKEN``, the token its ingest routes
  require, and ``DRIFTBOOK_DB``, its SQLite file, which the tests read (read-only) to check what
  was stored, id by id;
- ``DRIFTBOOK_SERVE``: the command (a JSON list) that starts ``driftbook serve``, for tests
  that stop a server and start it again on the same port and database.

Each test logs to a model of its own, so tests share the server without seeing each other.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time
import unittest
import urllib.request
import uuid
from typing import List, Optional


def require(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise unittest.SkipTest(f"{name} is not set: run these tests through test/clients/python.test.ts")
    return value


def server_url() -> str:
    return require("DRIFTBOOK_URL")


def ingest_token() -> Optional[str]:
    """The shared server's ``DRIFTBOOK_INGEST_TOKEN``, which its ingest routes require."""
    return os.environ.get("DRIFTBOOK_INGEST_TOKEN")


def unique_model(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


def stored_ids(db_path: str, model: str) -> List[str]:
    """Every id in the model's table, repeats included (the test asserts there are none)."""
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        return [row[0] for row in db.execute(f'select id from "{model}"')]


def stored_rows(db_path: str, model: str) -> List[sqlite3.Row]:
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        db.row_factory = sqlite3.Row
        return db.execute(f'select * from "{model}" order by ts, id').fetchall()


def model_info(url: str, model: str) -> dict:
    with urllib.request.urlopen(f"{url}/api/v1/models/{model}", timeout=10) as answer:
        return json.load(answer)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServerProcess:
    """A ``driftbook serve`` child on a fixed port and database, which can be killed and started again."""

    def __init__(self) -> None:
        self.command = json.loads(require("DRIFTBOOK_SERVE"))
        self.folder = tempfile.TemporaryDirectory(prefix="driftbook-py-")
        self.db = os.path.join(self.folder.name, "driftbook.db")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: Optional[subprocess.Popen] = None

    def start(self) -> None:
        args = [*self.command, "--port", str(self.port), "--db", self.db, "--workbooks", self.folder.name]
        log_path = os.path.join(self.folder.name, "serve.log")
        with open(log_path, "w") as log:  # a file, not a pipe, which nobody would drain
            # Without the shared server's tokens, which this process would otherwise inherit.
            env = {name: value for name, value in os.environ.items() if name not in ("DRIFTBOOK_TOKEN", "DRIFTBOOK_INGEST_TOKEN")}
            self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env)

        def output() -> str:
            with open(log_path) as log:
                return log.read()

        # "Driftbook is serving … at http://…" once it listens
        if not wait_until(lambda: " at http://" in output() or self.process.poll() is not None, 60):
            raise RuntimeError(f"driftbook serve did not start within 60 s: {output()}")
        if self.process.poll() is not None:
            raise RuntimeError(f"driftbook serve exited with {self.process.returncode}: {output()}")

    def kill(self) -> None:
        """``kill -9``: no graceful close, as when a server crashes."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.folder.cleanup()


def wait_until(condition, timeout: float = 10.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def import_or_skip(name: str):
    """numpy or pandas, or a skip where they are not installed, except under
    ``DRIFTBOOK_REQUIRE_PANDAS=1`` (CI's /usr/bin/python3 run), where a missing one fails."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        if os.environ.get("DRIFTBOOK_REQUIRE_PANDAS") == "1":
            raise
        raise unittest.SkipTest(f"{name} is not installed for {os.sys.executable}")
