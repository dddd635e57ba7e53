"""Turns the values a model service has at hand into what Driftbook's ingest API accepts.

Runs on the sender thread, never in ``log``: numpy and pandas scalars, ``Decimal``, ``datetime``
and embeddings (lists or numpy arrays) become JSON numbers, text and arrays. NaN (and NaT,
``pd.NA``, infinities) is sent as missing, since the server refuses non-finite numbers
(server/ingest/batchReader.ts), and every such value is counted so nothing disappears silently.
numpy and pandas are recognised by duck typing (``.item()``, ``.tolist()``, ``.dtype``), so
neither is ever imported.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Dict, Mapping, Optional

JsonScalar = Any  # str | int | float | bool | None
_PLAIN = (str, bool, int, type(None))
_EPOCH = datetime(1970, 1, 1)


class ValueProblem(ValueError):
    """A value the client cannot send; the message names the field."""


@dataclass
class Conversion:
    """Counts what conversion had to turn into missing values, for ``Driftbook.stats()``."""

    missing: int = 0


def now_ms() -> int:
    """The current time in epoch milliseconds, the server's unit for ``ts``."""
    return time.time_ns() // 1_000_000


def ts_value(value: Any, field: str = "ts") -> int:
    """Epoch milliseconds from a ``datetime`` (naive ones are UTC, as the server reads ISO times
    without an offset), a ``date``, numpy ``datetime64``, or a number of epoch milliseconds."""
    value = _unwrap(value, field)
    if isinstance(value, datetime):
        if value != value:  # pandas NaT is a datetime that is not equal to itself
            raise ValueProblem(f"{field}: NaT is not a time")
        aware = value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
        return int(round(aware.timestamp() * 1000))
    if isinstance(value, date):
        return ts_value(datetime(value.year, value.month, value.day), field)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return int(round(value))
    raise ValueProblem(f"{field}: expected a datetime or epoch milliseconds, got {value!r}")


def prediction_json(
    row_id: Any, ts: Any, features: Mapping[str, Any], prediction: Any, score: Any, proba: Any, label: Any, counts: Conversion
) -> Dict[str, Any]:
    """One row of the ingest API's JSON (server/ingest/jsonRows.ts); None fields are left out,
    except ``prediction``, which the server requires and will name when it is missing."""
    row: Dict[str, Any] = {}
    if row_id is not None:
        row["id"] = scalar_value(row_id, counts, "id")
    if ts is not None:
        row["ts"] = ts if type(ts) is int else ts_value(ts)
    row["features"] = feature_values(features, counts)
    row["prediction"] = scalar_value(prediction, counts, "prediction")
    if score is not None:
        row["score"] = scalar_value(score, counts, "score")
    if proba is not None:
        row["probabilities"] = probability_values(proba, counts)
    if label is not None:
        row["label"] = scalar_value(label, counts, "label")
    return row


def feature_values(features: Mapping[str, Any], counts: Conversion) -> Dict[str, Any]:
    """A row's features as JSON values: scalars, text, or a vector (list of floats)."""
    out: Dict[str, Any] = {}
    for name, value in features.items():
        kind = type(value)
        if kind in _PLAIN or (kind is float and math.isfinite(value)):  # the common cases, first
            out[name] = value
        elif _is_vector(value):
            out[name] = vector_value(value, counts, f"features.{name}")
        else:
            out[name] = scalar_value(value, counts, f"features.{name}")
    return out


def scalar_value(value: Any, counts: Conversion, field: str) -> JsonScalar:
    """A feature, prediction, score or label value; NaN and its kin become None and are counted."""
    if type(value) in _PLAIN:
        return value
    value = _unwrap(value, field)
    if value is None:  # NaT or pd.NA before unwrapping
        counts.missing += 1
        return None
    if isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        counts.missing += 1
        return None
    if isinstance(value, Decimal):
        return scalar_value(float(value), counts, field)
    if isinstance(value, datetime):
        if value != value:
            counts.missing += 1
            return None
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise ValueProblem(f"{field}: cannot send a value of type {type(value).__name__}: {value!r:.80}")


def vector_value(value: Any, counts: Conversion, field: str) -> Optional[list]:
    """An embedding as a list of floats; one that holds a NaN is missing as a whole (counted),
    since the server stores a vector whole or not at all."""
    items = value.tolist() if hasattr(value, "tolist") else list(value)
    out = []
    for index, item in enumerate(items):
        number = scalar_value(item, Conversion(), f"{field}[{index}]")
        if number is None:
            counts.missing += 1
            return None
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            raise ValueProblem(f"{field}: element {index + 1} is {item!r:.40}; a vector holds numbers only")
        out.append(number)
    return out


def probability_values(proba: Mapping[Any, Any], counts: Conversion) -> Dict[str, float]:
    """Class → probability; a missing probability is left out (the server needs a number)."""
    out: Dict[str, float] = {}
    for name, value in proba.items():
        number = scalar_value(value, counts, f"probabilities.{name}")
        if number is not None:
            out[str(name)] = number
    return out


def _unwrap(value: Any, field: str) -> Any:
    """numpy/pandas scalars as Python values; ``pd.NA`` (whose truth value raises) as None."""
    if type(value).__name__ in ("NAType", "NaTType"):
        return None if type(value).__name__ == "NAType" else value
    dtype = getattr(value, "dtype", None)
    if dtype is not None and getattr(dtype, "kind", "") == "M":  # numpy datetime64
        if value != value:
            return None
        return _EPOCH + timedelta(milliseconds=int(value.astype("datetime64[ms]").astype("int64")))
    if dtype is not None and hasattr(value, "item") and getattr(value, "ndim", 0) == 0:
        return value.item()
    return value


def _is_vector(value: Any) -> bool:
    return isinstance(value, (list, tuple)) or (hasattr(value, "tolist") and getattr(value, "ndim", 0) == 1)

