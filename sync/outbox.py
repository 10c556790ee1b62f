"""Outbox writes that other packages perform inside their own transactions."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database


def item_key(station_id: str, visit_id: str, item: str) -> str:
    """The business identifier that makes every upload idempotent: station + visit + item."""
    return f"{station_id}/{visit_id}/{item}"


def enqueue(
    db: Database, *, key: str, visit_id: str, kind: str, ref_id: str, now: datetime
) -> None:
    """Queue one item for upload.  Call inside the caller's ``db.atomic()``.

    Re-queueing the same key is a no-op: the row that is already there (queued, sent or
    rejected) keeps its state, so a retry of a save never produces a second upload.
    """
    db.execute(
        "INSERT OR IGNORE INTO sync_outbox (item_key, visit_id, kind, ref_id, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        [key, visit_id, kind, ref_id, now.isoformat()],
    )
