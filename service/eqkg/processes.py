"""Worker processes: the one way a worker is stopped (query workers and validation workers alike)."""

from __future__ import annotations

from multiprocessing.connection import Connection
from typing import Any


def stop(process: Any, conn: Connection) -> None:
    """Kill a worker process, wait briefly for it, and close its pipe (errors of a dead one ignored)."""
    try:
        process.kill()
        process.join(timeout=5)
    except (OSError, ValueError, AssertionError):
        pass
    conn.close()
