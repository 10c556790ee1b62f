"""sync_state: the platform's clock and down-sync checkpoints, kept across restarts."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from sync.outbox import iso

SERVER_TIME = "server_time"  # the latest Date header seen from the platform
CLOCK_SKEW_S = "clock_skew_s"  # server minus station, seconds (§4.1 "Clock skew")


def put(db: Database, key: str, value: str, *, at: datetime) -> None:
    """Set one fact (``at`` is server time when known)."""
    db.execute("INSERT INTO sync_state (key, value, updated_at) VALUES (?, ?, ?)"
               " ON CONFLICT(key) DO UPDATE SET value = excluded.value,"
               " updated_at = excluded.updated_at", [key, value, iso(at)])


def get(db: Database, key: str) -> str | None:
    """One fact, or None."""
    row = db.execute("SELECT value FROM sync_state WHERE key = ?", [key]).fetchone()
    return str(row[0]) if row else None


def record_server_time(db: Database, server_time: datetime, *, station_now: datetime) -> None:
    """Remember the platform's clock and how far the station's is off it."""
    with db.atomic():
        put(db, SERVER_TIME, iso(server_time), at=server_time)
        put(db, CLOCK_SKEW_S, f"{(server_time - station_now).total_seconds():.3f}",
            at=server_time)
