"""The durable outbox: enqueue (inside the caller's transaction), claim, and settle.

Rows move ``queued -> in_flight (lease) -> sent | queued + backoff | rejected``
(sync-fhir-security.md §4.1).  The unit of upload is a visit: all its ready rows are claimed
together, sent as one transaction Bundle, and settled together.  A crash while rows are
in_flight loses nothing: their lease (stored in ``next_attempt_at``) runs out and they are
claimed again.  Nothing is ever deleted here; a rejected row waits for staff.

Times are stored as UTC ISO-8601 strings, which sort in time order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from sync.policy import REASON_MAX_CHARS


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
        [key, visit_id, kind, ref_id, iso(now)],
    )


def iso(moment: datetime) -> str:
    """The stored form of a time: UTC ISO-8601 (sorts as text)."""
    return moment.astimezone(UTC).isoformat()


@dataclass(frozen=True, slots=True)
class Claim:
    """One visit's rows, leased to this uploader until ``lease_until``."""

    visit_id: str
    row_ids: tuple[int, ...]
    attempts: int  # attempts including this one (drives the backoff schedule)


_READY = (
    "((state = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= :now))"
    " OR (state = 'in_flight' AND next_attempt_at <= :now))"
)

# The claim walk (sync.schema m003): pending rows in the order they became ready.  Every row
# in this range is ready; the scan ends at the first row whose time has not come, so a claim
# reads about as many rows as it takes, however long the backlog.  INDEXED BY: without
# statistics the planner prefers sync_outbox_ready (state=?) plus a sort of every pending row,
# the O(backlog) cost this avoids; a missing index is an error rather than a silent slowdown.
_WALK_DUE = (
    "SELECT visit_id FROM sync_outbox INDEXED BY sync_outbox_due"
    " WHERE state IN ('queued', 'in_flight') AND coalesce(next_attempt_at, created_at) <= :now"
    " ORDER BY coalesce(next_attempt_at, created_at), id"
)
# Fresh rows stamped after "now" (the station clock stepped back) are ready too.
_WALK_FRESH_LATER = (
    "SELECT visit_id FROM sync_outbox INDEXED BY sync_outbox_fresh"
    " WHERE state = 'queued' AND next_attempt_at IS NULL AND created_at > :now ORDER BY created_at, id"
)
_VISIT_READY = (
    f"SELECT max(kind = 'visit'), min(created_at) FROM sync_outbox"  # noqa: S608 - constant SQL
    f" WHERE visit_id = :visit AND {_READY}"
)
_LEASE = (
    f"UPDATE sync_outbox SET state = 'in_flight', next_attempt_at = :lease,"  # noqa: S608 - constant SQL
    f" attempts = attempts + 1 WHERE visit_id = :visit AND {_READY} RETURNING id, attempts"
)


def _ready_visits(db: Database, params: dict[str, object], limit: int,
                  skip: set[str]) -> list[str]:
    """Up to ``limit`` visits with ready rows, oldest ready row first (a read, no lock)."""
    found: list[str] = []
    seen = set(skip)
    for walk in (_WALK_DUE, _WALK_FRESH_LATER):
        cursor = db.execute(walk, params)
        try:
            for (visit_id,) in cursor:
                if visit_id in seen:
                    continue
                seen.add(visit_id)
                closed, oldest = db.execute(_VISIT_READY,
                                            {**params, "visit": visit_id}).fetchone()
                # closed (its 'visit' row is ready), or never closed and past the grace period
                if closed == 1 or (oldest is not None and oldest <= params["abandoned"]):
                    found.append(visit_id)
                    if len(found) >= limit:
                        return found
        finally:
            cursor.close()  # ends the statement (and its read snapshot) at once
    return found


def claim_ready(
    db: Database, *, now: datetime, lease_s: float, abandoned_after_s: float, limit: int,
    exclude: Sequence[str] = (),
) -> list[Claim]:
    """Lease up to ``limit`` visits that are ready to upload.

    A visit is ready when it is closed (its 'visit' row exists) or when its oldest row is
    older than ``abandoned_after_s`` (a visit never closed must not be stranded), and its
    backoff time has come or an earlier lease has run out.  Visits are taken in the order
    their rows became ready (created, or due again after a backoff or a lapsed lease), so a
    retried visit neither jumps the queue nor starves behind new ones.

    Cost is O(limit), not O(backlog): the ready rows are walked through an index and the
    walk stops once ``limit`` visits are found.  The walk only reads; each visit is then
    leased with one conditional UPDATE that re-checks readiness, so two claimers can never
    lease the same rows and the write lock is held only for the UPDATEs.

    Args:
        db: the station database (the uploader's own connection).
        now: current time.
        lease_s: how long the claim holds before another run may take the rows.
        abandoned_after_s: grace period for visits that were never closed.
        limit: most visits to claim.
        exclude: visit ids this uploader already has in flight.
    """
    params: dict[str, object] = {
        "now": iso(now), "abandoned": iso(now - timedelta(seconds=abandoned_after_s)),
        "lease": iso(now + timedelta(seconds=lease_s))}
    visits = _ready_visits(db, params, limit, set(exclude))
    claims: list[Claim] = []
    if not visits:
        return claims
    with db.atomic():
        for visit_id in visits:
            rows = db.execute(_LEASE, {**params, "visit": visit_id}).fetchall()
            if rows:  # empty: another claimer leased them since the walk
                claims.append(Claim(visit_id, tuple(sorted(int(r[0]) for r in rows)),
                                    max(int(r[1]) for r in rows)))
    return claims


def _in(ids: Sequence[int]) -> str:
    return ", ".join(str(int(i)) for i in ids)


def mark_sent(db: Database, row_ids: Sequence[int], *, at: datetime) -> None:
    """The platform acknowledged these rows (``at`` is the server's time when known)."""
    with db.atomic():
        db.execute(f"UPDATE sync_outbox SET state = 'sent', sent_at = ?, next_attempt_at = NULL,"  # noqa: S608 - ids are ints
                   f" last_error = NULL WHERE id IN ({_in(row_ids)})", [iso(at)])


def schedule_retry(db: Database, row_ids: Sequence[int], *, next_attempt_at: datetime,
                   error: str) -> None:
    """Back to the queue, not before ``next_attempt_at`` (persisted: survives restarts)."""
    with db.atomic():
        db.execute(f"UPDATE sync_outbox SET state = 'queued', next_attempt_at = ?,"  # noqa: S608 - ids are ints
                   f" last_error = ? WHERE id IN ({_in(row_ids)})",
                   [iso(next_attempt_at), error[:REASON_MAX_CHARS]])


def park_rejected(db: Database, row_ids: Sequence[int], *, reason: str) -> None:
    """Park rows the platform refused; kept, with the reason, until staff retry them."""
    with db.atomic():
        db.execute(f"UPDATE sync_outbox SET state = 'rejected', next_attempt_at = NULL,"  # noqa: S608 - ids are ints
                   f" last_error = ? WHERE id IN ({_in(row_ids)})", [reason[:REASON_MAX_CHARS]])


def retry_rejected(db: Database, row_ids: Sequence[int]) -> int:
    """Queue rejected rows again now (staff action, e.g. after the platform fixed a code).

    Every rejected row of the named rows' visits is requeued, because a visit is uploaded as
    one Bundle.  Returns how many rows were requeued.
    """
    if not row_ids:
        return 0
    with db.atomic():
        sql = (
            "UPDATE sync_outbox SET state = 'queued', attempts = 0, next_attempt_at = NULL,"  # noqa: S608 - ids are ints
            " last_error = NULL WHERE state = 'rejected' AND visit_id IN"
            f" (SELECT visit_id FROM sync_outbox WHERE id IN ({_in(row_ids)}))")
        cursor = db.execute(sql)
        return int(cursor.rowcount)


def due_now(db: Database, *, now: datetime) -> int:
    """Make every queued row in backoff due at ``now`` (staff pressed "upload now").

    The persistent backoff spares a failing platform; staff who know it is back may skip the
    wait.  Leased (in_flight) rows keep their lease, so a live request is never duplicated.
    Returns how many rows were brought forward.
    """
    with db.atomic():
        cursor = db.execute(
            "UPDATE sync_outbox SET next_attempt_at = NULL"
            " WHERE state = 'queued' AND next_attempt_at > ?", [iso(now)])
        return int(cursor.rowcount)
