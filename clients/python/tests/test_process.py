"""The client across process boundaries (client.py): the queue is flushed at interpreter exit,
and a forked child (multiprocessing, gunicorn --preload) logs through its own sender with its
own ids."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import unittest

from driftbook import Driftbook
from server_control import ingest_token, require, server_url, stored_ids, unique_model

PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_with_client(model: str, body: str) -> subprocess.CompletedProcess:
    """Runs ``body`` in a new interpreter after ``client = Driftbook(…)`` for ``model`` with a
    60 s flush interval, so only what ``body`` (or the exit) does sends the rows."""
    preamble = f"""import json, os, sys
from driftbook import Driftbook
client = Driftbook({server_url()!r}, {model!r}, {ingest_token()!r}, flush_interval=60)
"""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [PACKAGE_DIR, os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-c", preamble + body], env=env, capture_output=True, text=True, timeout=60)


class ExitTest(unittest.TestCase):
    def test_rows_still_queued_at_exit_are_sent(self):
        model = unique_model("atexit")
        # No flush or close: only the exit hook can send these rows.
        result = run_with_client(model, 'print(json.dumps([client.log({"x": float(i)}, prediction=0) for i in range(300)]))')
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(sorted(stored_ids(require("DRIFTBOOK_DB"), model)), sorted(json.loads(result.stdout)))


class ForkTest(unittest.TestCase):
    def test_a_forked_child_logs_through_its_own_sender(self):
        model = unique_model("fork")
        # gunicorn --preload: the client is made before the fork, used after it in both.
        result = run_with_client(
            model,
            """
parent_ids = [client.log({"x": 1.0}, prediction=0) for i in range(100)]
client.flush(10)
read, write = os.pipe()
pid = os.fork()
ids = [client.log({"x": 2.0}, prediction=1) for i in range(100)]
if pid == 0:
    os.write(write, json.dumps(ids).encode())
    sys.exit(0)  # a worker's normal exit: atexit flushes the child's queue
os.waitpid(pid, 0)
print(json.dumps({"parent": parent_ids + ids, "child": json.loads(os.read(read, 1 << 20))}))
""",
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        ids = json.loads(result.stdout)
        self.assertTrue(set(ids["parent"]).isdisjoint(ids["child"]), "the child counts ids from a new prefix")
        self.assertEqual(sorted(stored_ids(require("DRIFTBOOK_DB"), model)), sorted(ids["parent"] + ids["child"]))

    def test_multiprocessing_children_flush_on_their_way_out(self):
        model = unique_model("pool")
        client = Driftbook(server_url(), model, ingest_token(), flush_interval=60)
        context = multiprocessing.get_context("fork")
        queue = context.Queue()
        children = [context.Process(target=_log_in_child, args=(client, queue)) for _ in range(3)]
        for child in children:
            child.start()
        ids = [row_id for _ in children for row_id in queue.get(timeout=30)]
        for child in children:
            child.join(30)
            self.assertEqual(child.exitcode, 0)
        self.assertEqual(len(set(ids)), 150)
        self.assertEqual(sorted(stored_ids(require("DRIFTBOOK_DB"), model)), sorted(ids))
        self.assertEqual(client.stats().sent, 0, "the parent sent nothing of its children's")
        client.close()


def _log_in_child(client: Driftbook, queue) -> None:
    # No flush, no close: multiprocessing leaves through os._exit, past atexit.
    queue.put([client.log({"x": 3.0}, prediction=1) for _ in range(50)])


if __name__ == "__main__":
    unittest.main()
