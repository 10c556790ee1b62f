"""Outbox operations: what is ready, leases, settlement, staff retry, status."""

from __future__ import annotations

from datetime import timedelta

from measurements import store
from sync import outbox
from sync.status import sync_status
from tests.sync.visits import NOW, STATION, full_visit

LATER = NOW + timedelta(minutes=30)


def _claim(db, now=LATER, **kw):
    args = {"lease_s": 60.0, "abandoned_after_s": 7200.0, "limit": 10} | kw
    return outbox.claim_ready(db, now=now, **args)


def test_only_closed_visits_are_claimed_with_all_their_rows(db) -> None:
    closed = full_visit(db)
    full_visit(db, member="MBR-OPEN", close=False)
    (claim,) = _claim(db)
    assert claim.visit_id == closed and claim.attempts == 1
    rows = db.execute("SELECT count(*) FROM sync_outbox WHERE visit_id = ?", [closed]).fetchone()
    assert len(claim.row_ids) == rows[0] == 6  # five measurements + the encounter row
    states = {r[0] for r in db.execute("SELECT DISTINCT state FROM sync_outbox"
                                       " WHERE visit_id = ?", [closed]).fetchall()}
    assert states == {"in_flight"}


def test_a_visit_never_closed_is_uploaded_after_the_grace_period(db) -> None:
    visit = full_visit(db, close=False)
    assert _claim(db, now=NOW + timedelta(hours=1)) == []
    (claim,) = _claim(db, now=NOW + timedelta(hours=2, seconds=1))
    assert claim.visit_id == visit


def test_a_lease_that_ran_out_is_claimed_again(db) -> None:
    full_visit(db)
    (first,) = _claim(db)
    assert _claim(db, now=LATER + timedelta(seconds=59)) == []  # still leased
    (again,) = _claim(db, now=LATER + timedelta(seconds=61))  # the claimer died
    assert again.row_ids == first.row_ids and again.attempts == 2


def test_backoff_holds_a_visit_until_its_time(db) -> None:
    full_visit(db)
    (claim,) = _claim(db)
    outbox.schedule_retry(db, claim.row_ids, next_attempt_at=LATER + timedelta(seconds=300),
                          error="HTTP 503: maintenance")
    assert _claim(db, now=LATER + timedelta(seconds=299)) == []
    assert _claim(db, now=LATER + timedelta(seconds=300))[0].attempts == 2


def test_settlement_and_status_for_the_staff_view(db) -> None:
    good, bad, waiting = full_visit(db), full_visit(db), full_visit(db)
    claims = {c.visit_id: c for c in _claim(db)}
    outbox.mark_sent(db, claims[good].row_ids, at=LATER)
    outbox.park_rejected(db, claims[bad].row_ids, reason="HTTP 422: bad unit")
    outbox.schedule_retry(db, claims[waiting].row_ids, next_attempt_at=LATER + timedelta(1),
                          error="ConnectError: refused")
    status = sync_status(db)
    assert (status.queued, status.sent, status.rejected) == (6, 6, 6)
    assert status.last_success_at == LATER.isoformat()
    assert status.last_error == "ConnectError: refused"
    assert {i.visit_id for i in status.rejected_items} == {bad}
    assert {i.reason for i in status.rejected_items} == {"HTTP 422: bad unit"}


def test_retry_rejected_requeues_the_whole_visit_now(db) -> None:
    bad = full_visit(db)
    (claim,) = _claim(db)
    outbox.park_rejected(db, claim.row_ids, reason="HTTP 400: x")
    assert _claim(db) == []  # parked rows are never retried on their own
    one_id = sync_status(db).rejected_items[0].id
    assert outbox.retry_rejected(db, [one_id]) == 6
    (again,) = _claim(db)
    assert again.visit_id == bad and again.attempts == 1


def test_a_poison_visit_does_not_hide_the_next(db) -> None:
    first, second = full_visit(db), full_visit(db, now=NOW + timedelta(minutes=1))
    (claim,) = _claim(db, limit=1)  # oldest first
    assert claim.visit_id == first
    outbox.park_rejected(db, claim.row_ids, reason="HTTP 400: x")
    assert [c.visit_id for c in _claim(db, limit=1)] == [second]


def test_enqueue_is_idempotent_per_business_key(db) -> None:
    visit = full_visit(db)
    key = outbox.item_key(STATION, visit, "encounter")
    with db.atomic():
        outbox.enqueue(db, key=key, visit_id=visit, kind="visit", ref_id=visit, now=LATER)
    store.close_visit(db, visit, now=LATER)
    assert db.execute("SELECT count(*) FROM sync_outbox WHERE item_key = ?",
                      [key]).fetchone()[0] == 1


def test_due_now_skips_the_backoff_but_not_a_lease(db) -> None:
    waiting, leased = full_visit(db), full_visit(db, now=NOW + timedelta(minutes=1))
    claims = {c.visit_id: c for c in _claim(db)}
    outbox.schedule_retry(db, claims[waiting].row_ids,
                          next_attempt_at=LATER + timedelta(hours=1), error="HTTP 503: x")
    assert outbox.due_now(db, now=LATER) == len(claims[waiting].row_ids)
    # the waiting visit is ready at once; the leased one stays with its claimer
    assert [c.visit_id for c in _claim(db)] == [waiting]
    assert leased not in {c.visit_id for c in _claim(db)}
    assert outbox.due_now(db, now=LATER) == 0
