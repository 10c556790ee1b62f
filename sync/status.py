"""What the kiosk's staff view shows about the upload queue: a pure query, no side effects."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database


@dataclass(frozen=True, slots=True)
class RejectedItem:
    """One parked row: what it is and why the platform refused it (no personal data)."""

    id: int
    visit_id: str
    kind: str
    item_key: str
    reason: str
    attempts: int
    created_at: str


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """Counts by state, the last acknowledged upload, and the rejected rows.

    Attributes:
        queued: rows waiting or in flight.
        sent: rows the platform acknowledged.
        rejected: rows parked for staff.
        last_success_at: the newest ``sent_at`` (server time when the platform sent a Date).
        next_attempt_at: when the next waiting row is due, if any is in backoff.
        last_error: the latest transient error (e.g. "503 Service Unavailable"), if any.
        rejected_items: the parked rows with the platform's reasons.
    """

    queued: int
    sent: int
    rejected: int
    last_success_at: str | None
    next_attempt_at: str | None
    last_error: str | None
    rejected_items: tuple[RejectedItem, ...]


def sync_status(db: Database, *, max_items: int = 200) -> SyncStatus:
    """Read the outbox's state for the staff view.

    Args:
        db: the station database.
        max_items: most rejected rows listed (oldest first); counts are always complete.
    """
    # every query here is an index lookup or an index range (sync.schema m003): the staff
    # view stays instant on an outbox of tens of thousands of rows
    counts = dict(db.execute("SELECT state, n_rows FROM sync_outbox_counts").fetchall())
    (last_success,) = db.execute("SELECT max(sent_at) FROM sync_outbox").fetchone()
    (next_attempt,) = db.execute(
        "SELECT min(next_attempt_at) FROM sync_outbox"
        " WHERE state = 'queued' AND next_attempt_at IS NOT NULL").fetchone()
    # INDEXED BY: without statistics the planner would scan by state and sort
    error = db.execute(
        "SELECT last_error FROM sync_outbox INDEXED BY sync_outbox_errors"
        " WHERE last_error IS NOT NULL AND state IN ('queued', 'in_flight')"
        " ORDER BY next_attempt_at DESC LIMIT 1").fetchone()
    items = tuple(RejectedItem(*row) for row in db.execute(
        "SELECT id, visit_id, kind, item_key, coalesce(last_error, ''), attempts, created_at"
        " FROM sync_outbox INDEXED BY sync_outbox_rejected WHERE state = 'rejected'"
        " ORDER BY created_at, id LIMIT ?",
        [max_items]).fetchall())
    return SyncStatus(
        queued=int(counts.get("queued", 0)) + int(counts.get("in_flight", 0)),
        sent=int(counts.get("sent", 0)),
        rejected=int(counts.get("rejected", 0)), last_success_at=last_success,
        next_attempt_at=next_attempt, last_error=error[0] if error else None,
        rejected_items=items)
