"""Value conversion (convert.py), without a server: what each kind of value a model service
holds becomes on the wire, and that missing values are counted."""

from __future__ import annotations

import math
import unittest
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from driftbook.convert import Conversion, ValueProblem, feature_values, prediction_json, ts_value
from server_control import import_or_skip


class StandardLibraryTest(unittest.TestCase):
    def test_plain_values_decimal_datetime_and_nan(self):
        counts = Conversion()
        features = feature_values(
            {
                "n": 3, "f": 0.5, "t": "car", "b": True, "none": None,
                "price": Decimal("12.50"), "nan": float("nan"), "inf": -math.inf, "bad_decimal": Decimal("NaN"),
                "when": datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc), "day": date(2024, 5, 1),
                "embedding": [0.1, 2, -3.5], "tuple": (1.0, 2.0), "nan_vector": [1.0, float("nan")],
            },
            counts,
        )
        self.assertEqual(
            features,
            {
                "n": 3, "f": 0.5, "t": "car", "b": True, "none": None, "price": 12.5, "nan": None, "inf": None,
                "bad_decimal": None, "when": "2024-05-01T12:00:00+00:00", "day": "2024-05-01",
                "embedding": [0.1, 2, -3.5], "tuple": [1.0, 2.0], "nan_vector": None,
            },
        )
        self.assertEqual(counts.missing, 4)

    def test_timestamps_are_epoch_milliseconds_and_naive_means_utc(self):
        self.assertEqual(ts_value(datetime(2024, 5, 1, 12, 0)), 1714564800000)
        self.assertEqual(ts_value(datetime(2024, 5, 1, 14, 0, tzinfo=timezone(timedelta(hours=2)))), 1714564800000)
        self.assertEqual(ts_value(date(2024, 5, 1)), 1714521600000)
        self.assertEqual(ts_value(1714564800000.4), 1714564800000)
        with self.assertRaisesRegex(ValueProblem, "ts: expected a datetime or epoch milliseconds, got 'yesterday'"):
            ts_value("yesterday")

    def test_a_row_leaves_out_what_it_does_not_have_and_names_the_field_it_cannot_send(self):
        counts = Conversion()
        self.assertEqual(
            prediction_json("a", None, {"x": 1}, "yes", None, {"yes": 0.8, "no": float("nan")}, None, counts),
            {"id": "a", "features": {"x": 1}, "prediction": "yes", "probabilities": {"yes": 0.8}},
        )
        self.assertEqual(counts.missing, 1)
        with self.assertRaisesRegex(ValueProblem, "features.v: element 2 is 'x'; a vector holds numbers only"):
            feature_values({"v": [1, "x"]}, counts)
        with self.assertRaisesRegex(ValueProblem, "features.o: cannot send a value of type dict"):
            feature_values({"o": {"nested": 1}}, counts)


class NumpyTest(unittest.TestCase):
    def setUp(self):
        self.np = import_or_skip("numpy")

    def test_numpy_scalars_arrays_and_datetime64(self):
        np, counts = self.np, Conversion()
        features = feature_values(
            {
                "i": np.int64(7), "f": np.float32(0.5), "b": np.bool_(True), "nan": np.float64("nan"),
                "embedding": np.array([0.25, 0.5], dtype=np.float32), "when": np.datetime64("2024-05-01T12:00:00.123456789"),
                "never": np.datetime64("NaT"),
            },
            counts,
        )
        self.assertEqual(
            features,
            {"i": 7, "f": 0.5, "b": True, "nan": None, "embedding": [0.25, 0.5], "when": "2024-05-01T12:00:00.123000", "never": None},
        )
        self.assertEqual([type(features[name]) for name in ("i", "f", "b")], [int, float, bool])
        self.assertEqual(counts.missing, 2)
        self.assertEqual(ts_value(np.datetime64("2024-05-01T12:00:00")), 1714564800000)
        self.assertEqual(ts_value(np.int64(1714564800000)), 1714564800000)


if __name__ == "__main__":
    unittest.main()
