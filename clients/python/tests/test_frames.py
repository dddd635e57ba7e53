"""DataFrames (frames.py): a pandas frame logged through a real server arrives column by column,
with NaN, NaT and pd.NA stored as missing, timestamps as ``ts``, ``proba_<class>`` columns as
probabilities and arrays as vectors. Under /usr/bin/python3 (Debian's python3-pandas) the vitest
runner sets DRIFTBOOK_REQUIRE_PANDAS=1, so there these tests run or fail, never skip."""

from __future__ import annotations

import struct
import unittest

from driftbook import Driftbook
from server_control import ingest_token, import_or_skip, model_info, require, server_url, stored_rows, unique_model


class DataFrameTest(unittest.TestCase):
    def setUp(self):
        self.pd = import_or_skip("pandas")
        self.np = import_or_skip("numpy")

    def frame(self):
        pd, np = self.pd, self.np
        return pd.DataFrame(
            {
                "id": ["a", "b", "c"],
                "ts": pd.to_datetime(["2024-05-01T12:00:00Z", "2024-05-01T12:00:01Z", "2024-05-01T12:00:02Z"]),
                "income": [1200.5, np.nan, 800.0],
                "age": pd.array([41, pd.NA, 23], dtype="Int64"),
                "purpose": pd.Categorical(["car", "home", None]),
                "approved_at": pd.to_datetime(["2024-04-01", None, "2024-04-03"]),
                "embedding": [np.array([0.5, 1.0, -2.0], dtype=np.float32)] * 3,
                "prediction": ["yes", "no", "yes"],
                "score": np.array([0.9, 0.2, 0.7], dtype=np.float32),
                "proba_yes": [0.9, 0.2, 0.7],
            }
        )

    def test_log_dataframe_stores_each_column_in_its_role(self):
        model = unique_model("frame")
        client = Driftbook(server_url(), model, ingest_token())
        self.assertEqual(client.log_dataframe(self.frame()), ["a", "b", "c"])
        self.assertTrue(client.flush(10))
        # income NaN, age pd.NA, purpose NaN (a missing category), approved_at NaT
        self.assertEqual(client.stats().missing_values, 4)
        rows = [dict(row) for row in stored_rows(require("DRIFTBOOK_DB"), model)]
        self.assertEqual([row["id"] for row in rows], ["a", "b", "c"])
        self.assertEqual([row["ts"] for row in rows], [1714564800000, 1714564801000, 1714564802000])
        self.assertEqual([row["income"] for row in rows], [1200.5, None, 800.0])
        self.assertEqual([row["age"] for row in rows], [41, None, 23])
        self.assertEqual([row["purpose"] for row in rows], ["car", "home", None])
        self.assertEqual([row["approved_at"] for row in rows], ["2024-04-01T00:00:00", None, "2024-04-03T00:00:00"])
        self.assertEqual(struct.unpack("<3f", rows[0]["embedding"]), (0.5, 1.0, -2.0))
        self.assertEqual([row["prediction"] for row in rows], ["yes", "no", "yes"])
        self.assertAlmostEqual(rows[0]["score"], 0.9, places=6)
        self.assertEqual([row["proba_yes"] for row in rows], [0.9, 0.2, 0.7])
        client.close()

    def test_set_reference_takes_a_dataframe_with_labels(self):
        url, model = server_url(), unique_model("frameref")
        client = Driftbook(url, model, ingest_token())
        frame = self.frame().drop(columns=["id", "ts"]).assign(label=["yes", "no", "no"])
        self.assertEqual(client.set_reference(frame)["written"], 3)
        self.assertEqual(model_info(url, model)["referenceRows"], 3)
        client.close()

    def test_a_missing_prediction_column_is_logged_not_raised(self):
        client = Driftbook(server_url(), unique_model("framebad"), ingest_token())
        with self.assertLogs("driftbook") as logs:
            self.assertEqual(client.log_dataframe(self.frame(), prediction="predicted"), [])
        self.assertIn("the DataFrame has no column 'predicted'", logs.output[0])
        client.close()


if __name__ == "__main__":
    unittest.main()
