"""Delivery through a server that dies and comes back (sender.py, transport.py): every row that
``log`` acknowledged is stored exactly once, because retries resend the same ids."""

from __future__ import annotations

import logging
import time
import unittest
from collections import Counter

from driftbook import Backoff, Driftbook
from server_control import ServerProcess, stored_ids, unique_model, wait_until


class RetryTest(unittest.TestCase):
    def setUp(self):
        self.server = ServerProcess()
        self.server.start()

    def tearDown(self):
        self.server.stop()

    def test_rows_logged_while_the_server_was_down_arrive_once_it_is_back(self):
        model = unique_model("retry")
        client = Driftbook(self.server.url, model, batch_size=100, flush_interval=0.05, backoff=Backoff(0.05, 0.3))
        acknowledged = []

        def log(count):
            for _ in range(count):
                row_id = client.log({"x": 1.5, "city": "Oslo"}, prediction=1, score=0.7)
                self.assertIsNotNone(row_id)
                acknowledged.append(row_id)
                time.sleep(0.0005)  # a stream, so the kill lands between and inside requests

        log(1000)
        with self.assertLogs("driftbook", logging.WARNING) as logs:
            self.server.kill()
            log(1000)
            self.assertTrue(wait_until(lambda: client.stats().retries >= 3, 10))
        # RemoteDisconnected, BrokenPipeError or ConnectionResetError when the kill cut a
        # request, ConnectionRefusedError after it.
        self.assertRegex("\n".join(logs.output), r"predictions failed \((RemoteDisconnected|\w+Error)")
        self.server.start()  # same port, same database
        self.assertTrue(client.flush(30))
        ids = stored_ids(self.server.db, model)
        self.assertEqual(Counter(ids), Counter(acknowledged), "each acknowledged row stored exactly once")
        stats = client.stats()
        # A batch stored before its answer was lost comes back as duplicates when resent.
        self.assertEqual(stats.sent + stats.duplicates, len(acknowledged))
        self.assertEqual((stats.dropped, stats.rejected, stats.abandoned), (0, 0, 0))
        client.close()

    def test_a_batch_sent_twice_is_stored_once(self):
        # What a retry after a lost acknowledgement does: the same ids again.
        model = unique_model("idempotent")
        rows = [{"features": {"x": float(i)}, "prediction": 0, "id": f"row-{i}"} for i in range(300)]
        for expected_duplicates in (0, 300):
            client = Driftbook(self.server.url, model)
            client.log_batch(rows)
            self.assertTrue(client.flush(10))
            self.assertEqual(client.stats().duplicates, expected_duplicates)
            client.close()
        self.assertEqual(sorted(stored_ids(self.server.db, model)), sorted(row["id"] for row in rows))


class ServerErrorTest(unittest.TestCase):
    def test_a_too_large_batch_is_halved_until_it_fits(self):
        # 413 from the shared server's body limit (64 MB) would take too long to reach; this
        # server's limit is 1 MB, so a 500-row batch of ~4 KB rows is split.
        server = ServerProcess()
        server.command = [*server.command, "--max-body", "1"]
        server.start()
        try:
            model = unique_model("halved")
            client = Driftbook(server.url, model, batch_size=500, flush_interval=60)
            ids = [client.log({"text": "x" * 4000}, prediction=0) for _ in range(500)]
            self.assertTrue(client.flush(30))
            self.assertEqual(sorted(stored_ids(server.db, model)), sorted(ids))
            self.assertEqual(client.stats().rejected, 0)
            client.close()
        finally:
            server.stop()


if __name__ == "__main__":
    unittest.main()
