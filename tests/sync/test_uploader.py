"""The uploader against httpx.MockTransport: settlement, retries, poison rows, restarts."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from measurements.database import open_database
from sync import outbox
from sync.client import make_client
from sync.config import SyncConfig
from sync.outcome import Rejected, RetryLater, Sent
from sync.policy import RetryPolicy, UploadLimits
from sync.state import CLOCK_SKEW_S, get
from sync.status import sync_status
from sync.uploader import Uploader
from tests.support.fhir_fake import FakeFhirServer
from tests.sync.visits import NOW, STATION, full_visit

LATER = NOW + timedelta(minutes=30)
CONFIG = SyncConfig(base_url="https://platform.test/fhir", station_id=STATION,
                    limits=UploadLimits(rate_per_s=1000, burst=1000, concurrency=3),
                    retry=RetryPolicy(backoff_base_s=10, backoff_cap_s=600))


class Clock:
    def __init__(self, at: datetime = LATER) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def _uploader(db, server: FakeFhirServer, clock: Clock | None = None) -> Uploader:
    client = make_client(CONFIG, transport=server.transport())
    return Uploader(db, client, CONFIG, now=clock or Clock(), rng=random.Random(3))


def _states(db) -> dict[str, str]:
    return dict(db.execute("SELECT visit_id, group_concat(DISTINCT state) FROM sync_outbox"
                           " GROUP BY visit_id").fetchall())


async def test_a_backlog_is_sent_once_and_marked_with_server_time(db) -> None:
    visits = [full_visit(db, member=f"MBR-{i % 3}") for i in range(7)]
    server = FakeFhirServer()
    station_clock = Clock(LATER - timedelta(seconds=5))  # the station runs 5 s behind
    outcomes = await _uploader(db, server, station_clock).run_once()
    assert len(outcomes) == 7 and all(isinstance(o, Sent) for o in outcomes)
    assert set(_states(db).values()) == {"sent"}
    assert server.count("Encounter") == 7 and server.count("Patient") == 3
    assert max(server.created.values()) == 1
    assert sync_status(db).last_success_at == "2026-11-22T09:30:00+00:00"  # the Date header
    assert float(get(db, CLOCK_SKEW_S) or "nan") == pytest.approx(5.0)
    request = server.requests[0]
    body = json.loads(request.content)
    assert request.headers["Idempotency-Key"] == f"{STATION}/{body['identifier']['value'].split('/')[1]}"
    assert request.headers["Content-Type"] == "application/fhir+json"
    assert {v for v in visits} == set(_states(db))


async def test_503_schedules_a_persistent_retry_honouring_retry_after(db) -> None:
    full_visit(db)
    server = FakeFhirServer(lambda req, n: httpx.Response(503, headers={"retry-after": "90"}))
    (outcome,) = await _uploader(db, server).run_once()
    assert outcome == RetryLater("HTTP 503: Service Unavailable", 90.0)
    (row,) = db.execute("SELECT DISTINCT state, next_attempt_at, attempts, last_error"
                        " FROM sync_outbox").fetchall()
    assert row[0] == "queued" and row[2] == 1 and row[3].startswith("HTTP 503")
    assert datetime.fromisoformat(row[1]) >= LATER + timedelta(seconds=90)


async def test_a_rejected_visit_is_parked_with_the_reason_and_the_rest_go_on(db) -> None:
    poison, good = full_visit(db), full_visit(db)

    def refuse_poison(request: httpx.Request, n: int) -> httpx.Response | None:
        if poison in request.content.decode():
            return httpx.Response(422, json={"resourceType": "OperationOutcome", "issue": [
                {"severity": "error", "code": "invalid", "diagnostics": "unknown unit"}]})
        return None

    server = FakeFhirServer(refuse_poison)
    outcomes = await _uploader(db, server).run_once()
    assert sorted(type(o).__name__ for o in outcomes) == ["Rejected", "Sent"]
    assert _states(db) == {poison: "rejected", good: "sent"}
    (item,) = {(i.visit_id, i.reason) for i in sync_status(db).rejected_items}
    assert item == (poison, "HTTP 422: unknown unit")
    assert db.execute("SELECT count(*) FROM measurements").fetchone()[0] == 10  # nothing deleted


async def test_a_dropped_connection_is_retried_in_process(db) -> None:
    full_visit(db)

    def drop_first(request: httpx.Request, n: int) -> httpx.Response | None:
        if n == 1:
            raise httpx.RemoteProtocolError("server disconnected", request=request)
        return None

    server = FakeFhirServer(drop_first)
    (outcome,) = await _uploader(db, server).run_once()
    assert isinstance(outcome, Sent) and server.calls == 2


async def test_a_lost_response_is_replayed_without_duplicates(db) -> None:
    full_visit(db)
    server = FakeFhirServer()

    def commit_then_lose(request: httpx.Request, n: int) -> httpx.Response | None:
        if n == 1:
            server.commit(json.loads(request.content))  # the server committed...
            raise httpx.ReadError("connection reset", request=request)  # ...the answer is lost
        return None

    server.responder = commit_then_lose
    clock = Clock()
    await _uploader(db, server, clock).run_once()
    assert server.count("Encounter") == 1 and max(server.created.values()) == 1
    assert set(_states(db).values()) == {"sent"}


async def test_backoff_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "station.db"
    first_db = open_database(path)
    full_visit(first_db)
    down = FakeFhirServer(lambda req, n: httpx.Response(503, headers={"retry-after": "300"}))
    await _uploader(first_db, down).run_once()
    first_db.close()

    # a new process: a fresh connection and uploader read next_attempt_at from the database
    db = open_database(path)
    stored = db.execute("SELECT DISTINCT next_attempt_at FROM sync_outbox").fetchone()[0]
    due = datetime.fromisoformat(stored)
    assert due >= LATER + timedelta(seconds=300)
    up = FakeFhirServer()
    assert await _uploader(db, up, Clock(due - timedelta(seconds=1))).run_once() == []
    assert up.calls == 0
    outcomes = await _uploader(db, up, Clock(due)).run_once()
    assert [type(o) for o in outcomes] == [Sent]
    assert db.execute("SELECT DISTINCT attempts FROM sync_outbox").fetchone()[0] == 2


async def test_a_visit_that_fails_local_validation_is_parked_unsent(db) -> None:
    visit = full_visit(db)
    # a unit no FHIR code can carry (leading blank): the row exists, the Bundle must not leave
    db.execute("UPDATE measurement_values SET unit = ' cm' WHERE name = 'waist'")
    server = FakeFhirServer()
    (outcome,) = await _uploader(db, server).run_once()
    assert isinstance(outcome, Rejected) and "validation" in outcome.reason
    assert server.calls == 0 and _states(db) == {visit: "rejected"}


async def test_run_drains_the_queue_until_stopped(db) -> None:
    import asyncio

    for i in range(5):
        full_visit(db, member=f"MBR-{i}")
    server = FakeFhirServer()
    uploader = _uploader(db, server)
    stop = asyncio.Event()
    task = asyncio.create_task(uploader.run(stop, idle_s=0.01))
    for _ in range(200):
        if sync_status(db).sent == 30:
            break
        await asyncio.sleep(0.01)
    stop.set()
    await asyncio.wait_for(task, 2)
    assert sync_status(db).sent == 30 and server.count("Encounter") == 5


def test_claim_times_are_utc_even_from_an_aware_local_clock(db) -> None:
    full_visit(db)
    kst = datetime(2026, 11, 22, 18, 30, tzinfo=UTC).astimezone(
        __import__("datetime").timezone(timedelta(hours=9)))
    (claim,) = outbox.claim_ready(db, now=kst, lease_s=60, abandoned_after_s=7200, limit=5)
    lease = db.execute("SELECT DISTINCT next_attempt_at FROM sync_outbox").fetchone()[0]
    assert lease.endswith("+00:00") and claim.attempts == 1


async def test_a_database_error_does_not_stop_the_uploader(db, caplog) -> None:
    import asyncio

    full_visit(db)
    server = FakeFhirServer()
    uploader = _uploader(db, server)
    db.execute("ALTER TABLE sync_outbox RENAME TO sync_outbox_away")  # the table vanishes
    stop = asyncio.Event()
    task = asyncio.create_task(uploader.run(stop, idle_s=0.01))
    await asyncio.sleep(0.05)
    assert "outbox database error" in caplog.text
    db.execute("ALTER TABLE sync_outbox_away RENAME TO sync_outbox")  # ...and comes back
    for _ in range(200):
        if sync_status(db).sent == 6:
            break
        await asyncio.sleep(0.01)
    stop.set()
    await asyncio.wait_for(task, 2)
    assert sync_status(db).sent == 6 and server.count("Encounter") == 1
