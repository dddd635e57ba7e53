"""Driftbook's Python client: log a model's predictions, labels and reference sets to a
Driftbook server from the process that serves the model, without slowing it down.

    from driftbook import Driftbook
    monitor = Driftbook("http://127.0.0.1:3000", "credit")
    row_id = monitor.log({"age": 41, "purpose": "car"}, prediction=0, score=0.21)
"""

from .client import Driftbook, DriftbookError
from .sender import ClientStats
from .transport import Backoff

__all__ = ["Backoff", "ClientStats", "Driftbook", "DriftbookError"]
__version__ = "0.1.0"
