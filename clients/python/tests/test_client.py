"""The client against a real server: batching, labels, a bad row among good ones, the bounded
queue when no server answers, and a reference set (client.py, sender.py)."""

from __future__ import annotations

import logging
import time
import unittest

from driftbook import Backoff, Driftbook, DriftbookError
from server_control import ingest_token, free_port, model_info, require, server_url, stored_ids, unique_model, wait_until


class BatchingTest(unittest.TestCase):
    def test_full_batches_go_at_once_and_the_rest_waits_for_the_interval_or_flush(self):
        url, model = server_url(), unique_model("batching")
        client = Driftbook(url, model, ingest_token(), batch_size=100, flush_interval=60)
        ids = [client.log({"x": float(i), "kind": "a" if i % 2 else "b"}, prediction=i % 2, score=0.5) for i in range(250)]
        self.assertEqual(len(set(ids)), 250)
        # Two full batches are sent without waiting for the 60 s interval; the last 50 wait.
        self.assertTrue(wait_until(lambda: client.stats().sent == 200))
        time.sleep(0.3)
        self.assertEqual(client.stats().sent, 200)
        self.assertEqual(client.stats().queued, 50)
        self.assertTrue(client.flush(10))
        self.assertEqual(sorted(stored_ids(require("DRIFTBOOK_DB"), model)), sorted(ids))
        self.assertEqual(model_info(url, model)["rows"], 250)
        client.close()

    def test_the_interval_sends_a_partial_batch(self):
        client = Driftbook(server_url(), unique_model("interval"), ingest_token(), batch_size=1000, flush_interval=0.1)
        client.log({"x": 1.0}, prediction=1)
        self.assertTrue(wait_until(lambda: client.stats().sent == 1, 5))
        client.close()

    def test_labels_follow_their_predictions(self):
        url, model = server_url(), unique_model("labels")
        client = Driftbook(url, model, ingest_token(), flush_interval=60)
        ids = [client.log({"x": float(i)}, prediction=i % 2) for i in range(10)]
        for row_id in ids[:5]:
            client.label(row_id, 1)  # queued right behind the predictions, in the same drain
        self.assertEqual(client.label_batch({row_id: 0 for row_id in ids[5:]}), 5)
        client.label_batch([("no-such-id", 1)])
        self.assertTrue(client.flush(10))
        stats = client.stats()
        self.assertEqual((stats.labels_matched, stats.labels_unmatched), (10, 1))
        self.assertEqual(model_info(url, model)["labelCoverage"], 1)
        client.close()


class BadRowTest(unittest.TestCase):
    def test_a_refused_row_is_logged_with_the_servers_message_and_the_others_are_stored(self):
        model = unique_model("badrow")
        client = Driftbook(server_url(), model, ingest_token(), flush_interval=60)
        good = [client.log({"age": 30.0 + i}, prediction=0) for i in range(5)]
        bad = client.log({"age": "forty"}, prediction=0)
        good += [client.log({"age": 50.0 + i}, prediction=1) for i in range(5)]
        unconvertible = client.log({"age": object()}, prediction=1)
        with self.assertLogs("driftbook", logging.ERROR) as logs:
            self.assertTrue(client.flush(10))
        self.assertEqual(sorted(stored_ids(require("DRIFTBOOK_DB"), model)), sorted(good))
        stats = client.stats()
        self.assertEqual((stats.sent, stats.rejected), (10, 2))
        text = "\n".join(logs.output)
        # The server's message names the row (within its batch) and the field.
        self.assertIn(f"row id='{bad}'", text)
        self.assertRegex(text, r'row \d+: field "age" expects a number')
        self.assertIn(f"row id='{unconvertible}'", text)
        self.assertIn("features.age: cannot send a value of type object", text)
        client.close()

    def test_log_never_raises_into_the_caller(self):
        client = Driftbook(server_url(), unique_model("noraise"), ingest_token())
        with self.assertLogs("driftbook", logging.ERROR):
            self.assertIsNone(client.log(None, prediction=1))
            self.assertEqual(client.log_batch([{"feature": {}}]), [])
            self.assertEqual(client.log_dataframe(object()), [])
            self.assertEqual(client.label_batch(5), 0)
        self.assertEqual(client.stats().rejected, 4)
        client.close()


class TokenTest(unittest.TestCase):
    def test_a_wrong_token_is_reported_and_its_rows_refused(self):
        if not ingest_token():
            self.skipTest("the shared server has no ingest token")
        client = Driftbook(server_url(), unique_model("token"), "not-the-token-at-all", flush_interval=60)
        client.log({"x": 1.0}, prediction=0)
        with self.assertLogs("driftbook", logging.ERROR) as logs:
            self.assertTrue(client.flush(10))
        self.assertIn("HTTP 401", logs.output[0])
        self.assertEqual((client.stats().rejected, client.stats().sent), (1, 0))
        client.close()


class BoundedQueueTest(unittest.TestCase):
    def test_with_no_server_the_queue_stays_bounded_and_counts_what_it_dropped(self):
        # Nothing listens on this port: every send is a refused connection, retried.
        client = Driftbook(f"http://127.0.0.1:{free_port()}", "nowhere", batch_size=50, max_queue=200,
                           flush_interval=0.05, backoff=Backoff(0.01, 0.05))
        logging.getLogger("driftbook").disabled = True
        try:
            started = time.perf_counter()
            accepted = [client.log({"x": float(i)}, prediction=0) for i in range(5000)]
            elapsed = time.perf_counter() - started
            acknowledged = sum(row_id is not None for row_id in accepted)
            stats = client.stats()
            self.assertLessEqual(stats.queued, 200)
            # At most one batch in flight besides the queue.
            self.assertLessEqual(acknowledged, 250)
            self.assertEqual(stats.dropped, 5000 - acknowledged)
            self.assertLess(elapsed, 2.0, "log must not wait for the network")
            self.assertTrue(wait_until(lambda: client.stats().retries > 0, 5))
            self.assertFalse(client.close(0.2))
            stats = client.stats()
            self.assertEqual(stats.abandoned, acknowledged)
            self.assertEqual((stats.queued, stats.sent), (0, 0))
            self.assertIsNone(client.log({"x": 1.0}, prediction=0), "a closed client drops")
        finally:
            logging.getLogger("driftbook").disabled = False


class ReferenceTest(unittest.TestCase):
    def test_set_reference_replaces_the_set_and_raises_on_a_bad_row(self):
        url, model = server_url(), unique_model("reference")
        client = Driftbook(url, model, ingest_token())
        answer = client.set_reference([{"features": {"x": float(i)}, "prediction": i % 2, "label": i % 2} for i in range(20)])
        self.assertEqual(answer["written"], 20)
        self.assertEqual(model_info(url, model)["referenceRows"], 20)
        with self.assertRaisesRegex(DriftbookError, r'row 2: field "x" expects a number'):
            client.set_reference([{"features": {"x": 1.0}, "prediction": 0}, {"features": {"x": "one"}, "prediction": 0}])
        self.assertEqual(model_info(url, model)["referenceRows"], 20, "a refused set changes nothing")
        client.close()


if __name__ == "__main__":
    unittest.main()
