"""Rows from a pandas DataFrame or from plain dicts, in the client's one row shape.

A DataFrame is read column by column (``Series.tolist()`` gives Python scalars, and NaN, NaT
and ``pd.NA`` as they are, for convert.py), never row by row through ``iterrows``, which builds
a Series per row. Columns play the roles of the server's table (README, "Logging predictions"):
the ``prediction``, ``score``, ``id``, ``ts`` and ``label`` columns as named, ``proba_<class>``
columns the class probabilities, and every other column a feature. pandas is never imported:
anything with ``columns`` and ``__getitem__`` returning ``tolist()``-able columns will do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional

PROBABILITY_PREFIX = "proba_"


@dataclass
class Row:
    features: Dict[str, Any]
    prediction: Any
    score: Any = None
    proba: Optional[Dict[str, Any]] = None
    id: Any = None
    ts: Any = None
    label: Any = None


def is_dataframe(value: Any) -> bool:
    return hasattr(value, "columns") and hasattr(value, "__getitem__") and not isinstance(value, Mapping)


def dataframe_rows(
    df: Any,
    prediction: str,
    score: Optional[str] = None,
    id: Optional[str] = None,
    ts: Optional[str] = None,
    label: Optional[str] = None,
) -> List[Row]:
    """One Row per DataFrame row. ``prediction`` must name a column; the other role columns are
    used when present. Raises ValueError naming a missing prediction column."""
    names = [str(name) for name in df.columns]
    if prediction not in names:
        raise ValueError(f"prediction: the DataFrame has no column {prediction!r} (its columns: {', '.join(names)})")
    roles = {role: name for role, name in (("score", score), ("id", id), ("ts", ts), ("label", label)) if name in names}
    role_names = set(roles.values()) | {prediction}
    classes = [name for name in names if name.startswith(PROBABILITY_PREFIX) and name not in role_names]
    features = [name for name in names if name not in role_names and name not in classes]
    columns = {str(name): df[name].tolist() for name in df.columns}
    absent = [None] * len(columns[prediction])

    def column(role: str) -> List[Any]:
        return columns[roles[role]] if role in roles else absent

    rows = []
    for index, (value, score_value, id_value, ts_value, label_value) in enumerate(
        zip(columns[prediction], column("score"), column("id"), column("ts"), column("label"))
    ):
        rows.append(
            Row(
                features={name: columns[name][index] for name in features},
                prediction=value,
                score=score_value,
                proba={name[len(PROBABILITY_PREFIX):]: columns[name][index] for name in classes} if classes else None,
                id=id_value,
                ts=ts_value,
                label=label_value,
            )
        )
    return rows


def dict_rows(rows: Iterable[Mapping[str, Any]]) -> Iterator[Row]:
    """Rows given as dicts with the keys of ``Driftbook.log`` (``features``, ``prediction``,
    ``score``, ``proba``, ``id``, ``ts``) and, for reference sets, ``label``."""
    for index, row in enumerate(rows):
        unknown = set(row) - _ROW_KEYS
        if unknown or "features" not in row or "prediction" not in row:
            raise ValueError(
                f"row {index + 1}: expected the keys features, prediction and optionally score, proba, id, ts, label"
                + (f"; unknown: {', '.join(sorted(unknown))}" if unknown else "")
            )
        yield Row(**row)


_ROW_KEYS = {"features", "prediction", "score", "proba", "id", "ts", "label"}
