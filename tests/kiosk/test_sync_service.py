"""kiosk/sync_service.py: no platform URL -> nothing runs and everything stays queued; the
station's [platform] table becomes the uploader's settings; a bad key pauses uploads with a
reason instead of crashing; stopping mid-request keeps the visit's rows for the next start."""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from kiosk import config
from kiosk.bridge import DeviceLoop
from kiosk.sync_service import SyncOptions, SyncService, start_sync, sync_config
from measurements.database import open_database
from sync.policy import UploadLimits
from tests.kiosk.staff.helpers import create_accounts, quiet, sign_in
from tests.sync.visits import full_visit

ONLINE = replace(config.simulated(), station_id="ST-UNIT",
                 platform=config.PlatformConfig(url="http://127.0.0.1:9/fhir", idempotency="put",
                                                client_id="station-7", key_file="/nonexistent.pem"))


def test_without_a_platform_url_nothing_runs_and_the_screen_says_so(station, driver) -> None:
    assert station.sync is None and station.ctx.extras["sync"] is None
    visit = full_visit(station.ctx.db, station=station.ctx.config.station_id,
                       now=station.ctx.clock.now())
    create_accounts(station)
    sign_in(station, quiet(driver), "3001")  # admin
    driver.click("to-sync-status")
    screen = station.window.current
    assert screen.screen_id == "staff-sync"
    assert "설정되지 않았어요" in screen.state.text()
    assert not screen.upload.isVisible()
    assert screen.counts["queued"].text().endswith(" 6건")
    assert {r[0] for r in station.ctx.db.execute(
        "SELECT DISTINCT state FROM sync_outbox WHERE visit_id = ?", [visit])} == {"queued"}


def test_the_platform_table_becomes_the_uploader_settings() -> None:
    settings = sync_config(ONLINE, SyncOptions(limits=UploadLimits(concurrency=1)))
    assert settings.base_url == ONLINE.platform.url and settings.station_id == "ST-UNIT"
    assert settings.mapping.idempotency == "put"
    assert settings.smart is not None and settings.smart.client_id == "station-7"
    assert settings.smart.private_key_path == Path("/nonexistent.pem")
    assert settings.limits.concurrency == 1
    no_auth = sync_config(replace(ONLINE, platform=config.PlatformConfig(url="http://x/fhir")))
    assert no_auth.smart is None and no_auth.mapping.idempotency == "conditional-create"


@pytest.fixture
def device_loop():
    loop = DeviceLoop().start()
    yield loop
    loop.stop()


def _wait(condition, timeout_s: float = 5.0) -> None:
    end = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < end, "condition not met in time"
        time.sleep(0.02)


def test_a_missing_station_key_pauses_uploads_with_a_reason(tmp_path, device_loop) -> None:
    db_path = tmp_path / "station.db"
    open_database(db_path).close()
    service = start_sync(ONLINE, db_path, device_loop, SyncOptions(idle_s=0.05))
    assert service is not None
    _wait(lambda: service.problem is not None)
    assert "/nonexistent.pem" in service.problem and not service.running
    service.stop(timeout_s=2)
    assert service._finished.is_set()


def test_stop_mid_request_keeps_the_rows_leased_for_the_next_start(tmp_path,
                                                                   device_loop) -> None:
    db_path = tmp_path / "station.db"
    db = open_database(db_path)
    visit = full_visit(db, station="ST-UNIT")
    arrived = threading.Event()  # set on the device loop, read here

    async def never_answers(request: httpx.Request) -> httpx.Response:
        arrived.set()
        await asyncio.sleep(3600)
        raise AssertionError("unreachable")

    cfg = replace(ONLINE, platform=config.PlatformConfig(url="http://platform.test/fhir"))
    service = SyncService(sync_config(cfg), db_path, device_loop,
                          SyncOptions(idle_s=0.05, transport=httpx.MockTransport(never_answers)))
    service.start()
    _wait(arrived.is_set)
    assert service.running
    service.stop(timeout_s=0.3)
    assert not service.running and service._finished.is_set()
    # nothing lost: the visit's rows are leased, and come back when the lease runs out
    assert {r[0] for r in db.execute("SELECT DISTINCT state FROM sync_outbox"
                                     " WHERE visit_id = ?", [visit])} == {"in_flight"}
    db.close()


def test_the_running_service_pulls_the_calibration_schedule_into_the_lockout(
        tmp_path, device_loop, sekmet) -> None:
    """Down-sync wiring: with a platform URL the service pulls the schedule periodically
    and kiosk/lockout.py sees the platform's verdict (details: test_calibration_schedule)."""
    import json
    from datetime import UTC, datetime

    from kiosk import lockout
    from kiosk.calibration_schedule import PLATFORM_TECHNICIAN
    from measurements import calibration

    cfg = replace(ONLINE, station_id="ST-DOWN-1",
                  platform=config.PlatformConfig(url=sekmet.base_url))
    db_path = tmp_path / "station.db"
    db = open_database(db_path)
    lockout.seed_simulated_calibrations(db, cfg, now=datetime.now(UTC))
    scale = lockout.device_id(cfg.device("scale"))
    assert not calibration.status(db, scale, now=datetime.now(UTC)).locked
    metric = {"resourceType": "DeviceMetric", "id": "ST-DOWN-1-scale",
              "identifier": [{"system": "urn:lifelog:item", "value": "ST-DOWN-1/schedule/1"}],
              "type": {"text": "body mass"}, "category": "measurement",
              "source": {"identifier": {"value": f"ST-DOWN-1/device/{scale}"}},
              "calibration": [{"type": "two-point", "state": "calibration-required",
                               "time": datetime.now(UTC).isoformat()}]}
    assert httpx.put(f"{sekmet.base_url}/DeviceMetric/ST-DOWN-1-scale",
                     content=json.dumps(metric),
                     headers={"Content-Type": "application/fhir+json"}).status_code == 201
    service = start_sync(cfg, db_path, device_loop,
                         SyncOptions(idle_s=0.05, downsync_every_s=0.1))
    assert service is not None
    try:
        _wait(lambda: db.execute("SELECT 1 FROM calibrations WHERE technician_id = ?",
                                 [PLATFORM_TECHNICIAN]).fetchone() is not None)
        status = calibration.status(db, scale, now=datetime.now(UTC))
        assert status.locked and status.reason == "calibration_failed"
        _wait(lambda: service.last_downsync is not None)
        assert service.downsync_problem is None and service.running
    finally:
        service.stop(timeout_s=2)
        db.close()


def test_a_failing_down_sync_is_reported_and_retried(tmp_path, device_loop) -> None:
    db_path = tmp_path / "station.db"
    open_database(db_path).close()
    cfg = replace(ONLINE, platform=config.PlatformConfig(url="http://platform.test/fhir"))
    calls = []

    async def counting(request: httpx.Request) -> httpx.Response:  # a platform in trouble
        calls.append(request.url.path)
        return httpx.Response(500, json={"resourceType": "OperationOutcome"})

    service = SyncService(sync_config(cfg), db_path, device_loop,
                          SyncOptions(idle_s=0.05, downsync_every_s=0.05,
                                      transport=httpx.MockTransport(counting)))
    service.start()
    try:
        _wait(lambda: sum("station-config" in c for c in calls) >= 2)  # tried again
        assert service.downsync_problem is not None and "HTTP 500" in service.downsync_problem
        assert service.running  # the uploader carries on
    finally:
        service.stop(timeout_s=2)
