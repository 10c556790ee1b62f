"""Claiming and the staff status cost O(batch), not O(backlog) (sync.schema m003, issue 6).

Work is measured in SQLite virtual-machine steps (``set_progress_handler`` with N=1), which is
deterministic, rather than in seconds, which are not on a shared 2-core machine.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlite_utils import Database

from measurements.database import open_database
from measurements.schema import migrations as measurement_migrations
from sync import outbox
from sync.schema import migrations as sync_migrations
from sync.status import sync_status
from tests.sync.visits import NOW

LATER = NOW + timedelta(hours=1)
ROWS_PER_VISIT = 6  # five measurements and the visit row, as a real visit has


def _backlog(db: Database, visits: int, *, station: str = "ST-SCALE") -> None:
    """``visits`` closed visits of six outbox rows each, one second apart."""
    with db.atomic():
        for v in range(visits):
            visit = f"visit-{v:06d}"
            now = NOW + timedelta(seconds=v)
            for item in range(ROWS_PER_VISIT - 1):
                outbox.enqueue(db, key=outbox.item_key(station, visit, f"m/{item}"),
                               visit_id=visit, kind="measurement", ref_id=f"{visit}/{item}",
                               now=now)
            outbox.enqueue(db, key=outbox.item_key(station, visit, "encounter"),
                           visit_id=visit, kind="visit", ref_id=visit, now=now)


def _steps(db: Database, action: Callable[[], Any]) -> int:
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    db.conn.set_progress_handler(count, 1)
    try:
        action()
    finally:
        db.conn.set_progress_handler(None, 1)
    return steps


def _claim(db: Database, limit: int = 8, now=LATER) -> list[outbox.Claim]:
    return outbox.claim_ready(db, now=now, lease_s=60, abandoned_after_s=7200, limit=limit)


def _db_with(visits: int) -> Database:
    db = open_database(None)
    _backlog(db, visits)
    return db


def test_a_claim_costs_the_same_on_a_small_and_a_large_backlog() -> None:
    small, large = _db_with(50), _db_with(2000)
    for db in (small, large):  # settle a few first, so the walk starts mid-queue
        for claim in _claim(db, limit=4):
            outbox.mark_sent(db, claim.row_ids, at=LATER)
    small_steps = _steps(small, lambda: _claim(small))
    large_steps = _steps(large, lambda: _claim(large))
    assert small_steps > 0
    assert large_steps < 1.5 * small_steps, (small_steps, large_steps)
    # and the claim still takes the oldest ready visits, all their rows
    claims = _claim(large, limit=2)
    assert [c.visit_id for c in claims] == ["visit-000012", "visit-000013"]
    assert all(len(c.row_ids) == ROWS_PER_VISIT for c in claims)


def test_nothing_ready_costs_nothing_even_when_everything_waits() -> None:
    small, large = _db_with(50), _db_with(2000)
    for db in (small, large):  # a platform outage: every visit in backoff
        db.execute("UPDATE sync_outbox SET next_attempt_at = ?",
                   [outbox.iso(LATER + timedelta(hours=1))])
    small_steps = _steps(small, lambda: _claim(small))
    large_steps = _steps(large, lambda: _claim(large))
    assert _claim(large) == []
    assert large_steps < 1.5 * small_steps + 50, (small_steps, large_steps)


def test_the_status_costs_the_same_on_a_small_and_a_large_outbox() -> None:
    small, large = _db_with(50), _db_with(2000)
    for db in (small, large):
        claims = _claim(db, limit=3)
        outbox.mark_sent(db, claims[0].row_ids, at=LATER)
        outbox.park_rejected(db, claims[1].row_ids, reason="HTTP 422: x")
        outbox.schedule_retry(db, claims[2].row_ids, next_attempt_at=LATER + timedelta(1),
                              error="HTTP 503: y")
    small_steps = _steps(small, lambda: sync_status(small))
    large_steps = _steps(large, lambda: sync_status(large))
    assert large_steps < 1.5 * small_steps, (small_steps, large_steps)
    status = sync_status(large)
    assert (status.sent, status.rejected) == (ROWS_PER_VISIT, ROWS_PER_VISIT)
    assert status.queued == (2000 - 2) * ROWS_PER_VISIT  # the retried visit waits
    assert status.last_error == "HTTP 503: y"


def _true_counts(db: Database) -> Counter[str]:
    return Counter({s: n for s, n in db.execute(
        "SELECT state, count(*) FROM sync_outbox GROUP BY state").fetchall()})


def _kept_counts(db: Database) -> Counter[str]:
    return Counter({s: n for s, n in db.execute(
        "SELECT state, n_rows FROM sync_outbox_counts").fetchall() if n})


def test_the_kept_counts_follow_every_change() -> None:
    db = _db_with(20)
    claims = _claim(db, limit=6)
    outbox.mark_sent(db, claims[0].row_ids, at=LATER)
    outbox.park_rejected(db, claims[1].row_ids + claims[2].row_ids, reason="HTTP 400")
    outbox.schedule_retry(db, claims[3].row_ids, next_attempt_at=LATER, error="x")
    outbox.retry_rejected(db, claims[1].row_ids[:1])
    with db.atomic():  # a rolled-back change leaves the counts as they were
        db.execute("SAVEPOINT undo")
        db.execute("UPDATE sync_outbox SET state = 'sent'")
        db.execute("ROLLBACK TO undo")
    db.execute("DELETE FROM sync_outbox WHERE id = ?", [claims[0].row_ids[0]])
    assert _kept_counts(db) == _true_counts(db)
    assert _true_counts(db)["in_flight"] == 2 * ROWS_PER_VISIT


def test_the_migration_counts_the_rows_already_there(tmp_path) -> None:
    # a station that queued rows before m003 existed
    db = Database(sqlite3.connect(str(tmp_path / "old.db"), isolation_level=None))
    measurement_migrations.apply(db)
    sync_migrations.apply(db, stop_before="m003_outbox_scaling")
    _backlog(db, 3)
    db.execute("UPDATE sync_outbox SET state = 'sent' WHERE visit_id = 'visit-000000'")
    sync_migrations.apply(db)
    assert _kept_counts(db) == _true_counts(db) == Counter({"queued": 12, "sent": 6})
    assert [c.visit_id for c in _claim(db)] == ["visit-000001", "visit-000002"]


def test_retries_are_taken_in_the_order_they_fall_due() -> None:
    db = _db_with(3)
    first, second, third = _claim(db, limit=3)
    outbox.schedule_retry(db, first.row_ids, next_attempt_at=LATER + timedelta(minutes=2),
                          error="x")
    outbox.schedule_retry(db, second.row_ids, next_attempt_at=LATER + timedelta(minutes=1),
                          error="x")
    outbox.schedule_retry(db, third.row_ids, next_attempt_at=LATER + timedelta(minutes=9),
                          error="x")
    later = LATER + timedelta(minutes=5)
    assert [c.visit_id for c in _claim(db, now=later)] == [second.visit_id, first.visit_id]


def test_rows_stamped_after_now_are_still_claimed() -> None:
    # the station clock stepped back after the rows were written: they are not "in backoff"
    db = _db_with(2)
    earlier = NOW - timedelta(days=1)
    assert [c.visit_id for c in _claim(db, now=earlier)] == ["visit-000000", "visit-000001"]


def test_a_visit_leased_elsewhere_is_not_leased_again() -> None:
    db = _db_with(2)
    (first,) = _claim(db, limit=1)
    # a second uploader on the same database at the same moment gets the other visit only
    assert [c.visit_id for c in _claim(db)] == ["visit-000001"]
    assert first.visit_id == "visit-000000"
