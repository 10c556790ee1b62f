"""Issue 6 in the station: the uploader runs on the device loop when a platform URL is set, a
kiosk visit reaches a real FHIR server (sekmet-fhir on loopback) exactly once, a visit the
server refuses shows on the staff sync screen with the server's reason and the retry button
queues it again (audited); visitors never reach the screen; no URL, nothing is sent."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import stamina

from drivers.emulators import ble_sims
from drivers.emulators.and_ua651ble import CuffTiming
from kiosk import config
from kiosk.app import KioskApp, build, build_drivers
from kiosk.demo import DemoDriver
from kiosk.sync_service import SyncOptions
from kiosk.voice.engine import RecordingVoice
from measurements import store
from measurements.clock import FakeClock, SystemClock
from sync.export import export_bundles
from sync.policy import RetryPolicy, UploadLimits
from tests.kiosk.staff.helpers import create_accounts, quiet, sign_in
from tests.support.sekmet_server import SekmetServer
from tests.sync.visits import full_visit

ITEM = "urn:lifelog:item"
QUICK = SyncOptions(limits=UploadLimits(rate_per_s=100.0, burst=10),
                    retry=RetryPolicy(backoff_base_s=0.05, backoff_cap_s=0.5), idle_s=0.05)


class RefusingTransport(httpx.AsyncBaseTransport):
    """The real network, except that Bundles of the visits in ``refuse`` get an invalid date
    in the Patient's identifier after the station validated them -- as a platform-side rule
    would -- so the real server answers with its own 4xx and OperationOutcome.  Counts the
    POSTs per visit."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.refuse: set[str] = set()
        self.posts: Counter[str] = Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            bundle = json.loads(request.content)
            visit = bundle["identifier"]["value"].rsplit("/", 2)[1]
            self.posts[visit] += 1
            if visit in self.refuse:
                bundle["entry"][0]["resource"]["identifier"][0]["period"] = {"start": "not a date"}
                headers = [(k, v) for k, v in request.headers.raw if k.lower() != b"content-length"]
                request = httpx.Request("POST", request.url, headers=headers,
                                        content=json.dumps(bundle).encode())
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.fixture
def transport() -> RefusingTransport:
    return RefusingTransport()


@pytest.fixture
def station(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sekmet: SekmetServer,
            transport: RefusingTransport) -> Iterator[KioskApp]:
    """The simulated station (as tests/kiosk/conftest.py builds it) whose [platform] url is
    the loopback sekmet, with a station id of its own."""
    monkeypatch.setattr(ble_sims, "_CUFF_TIMING", CuffTiming(inflate_steps=6, step_s=0.01,
                                                             power_off_s=20.0))
    stamina.set_testing(True, attempts=2)  # in-process retries without sleeping
    cfg = replace(config.simulated(), station_id=f"KIOSK-{uuid.uuid4().hex[:8]}",
                  platform=config.PlatformConfig(url=sekmet.base_url))
    # the station's clock starts at the real time: the uploader runs on the wall clock
    clock = FakeClock(SystemClock().now())
    drivers, problems = build_drivers(cfg, clock)
    assert not problems, problems
    kiosk = build(cfg, clock=clock, db_path=tmp_path / "station.db", voice=RecordingVoice(),
                  drivers=drivers, sync_options=replace(QUICK, transport=transport))
    qtbot.addWidget(kiosk.window)
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    qtbot.waitExposed(kiosk.window)
    yield kiosk
    service = kiosk.sync
    kiosk.shutdown()
    stamina.set_testing(False)
    assert service is not None and not service.running  # stopped cleanly at shutdown


@pytest.fixture
def driver(station: KioskApp, tmp_path: Path) -> DemoDriver:
    return quiet(DemoDriver(station, tmp_path))


def _states(station: KioskApp, visit: str) -> set[str]:
    return {r[0] for r in station.ctx.db.execute(
        "SELECT DISTINCT state FROM sync_outbox WHERE visit_id = ?", [visit])}


def _open_sync_screen(station: KioskApp, driver: DemoDriver, staff_id: str = "1001"):
    create_accounts(station)
    sign_in(station, driver, staff_id)
    driver.click("to-sync-status")
    assert station.window.current.screen_id == "staff-sync"
    return station.window.current


def test_a_kiosk_visit_reaches_the_server_exactly_once(station, driver, sekmet, transport,
                                                       qtbot) -> None:
    assert station.sync is not None and station.ctx.extras["sync"] is station.sync
    driver.sign_in_as_visitor()
    driver.measure("blood_pressure", "bp")
    visit = station.ctx.visit.visit_id
    for _ in range(3):  # result -> menu -> goodbye -> idle: the visit is closed
        driver.click("next")
    assert station.window.current.screen_id == "idle"

    qtbot.waitUntil(lambda: _states(station, visit) == {"sent"}, timeout=10_000)
    # every resource of the visit's Bundle is on the server once, from one POST
    (bundle,) = export_bundles(station.ctx.db, visit)
    observations = [e["resource"]["identifier"][0]["value"] for e in bundle["entry"]
                    if e["resource"]["resourceType"] == "Observation"]
    assert len(observations) >= 3  # two BP readings and their result at least
    for value in observations:
        assert sekmet.count("Observation", identifier=f"{ITEM}|{value}") == 1, value
    station_id = station.ctx.config.station_id
    assert sekmet.count("Encounter", identifier=f"{ITEM}|{station_id}/{visit}/encounter") == 1
    assert transport.posts[visit] == 1

    # "upload now" afterwards finds nothing to send and sends nothing twice
    screen = _open_sync_screen(station, driver)
    assert screen.counts["sent"].text().endswith(
        f" {station.ctx.db.execute('SELECT count(*) FROM sync_outbox').fetchone()[0]}건")
    assert screen.last_success.text() and "아직 없음" not in screen.last_success.text()
    driver.click("upload-now")
    qtbot.waitUntil(lambda: not screen.uploading, timeout=5_000)
    assert "보낼 방문이 없어요" in screen.message.text()
    assert transport.posts[visit] == 1
    actions = [r[0] for r in station.ctx.db.execute("SELECT action FROM audit_log")]
    assert "sync_upload_now" in actions


def test_a_refused_visit_shows_its_reason_and_retry_requeues_it(station, driver, sekmet,
                                                                transport, qtbot) -> None:
    db, clock = station.ctx.db, station.ctx.clock
    station_id = station.ctx.config.station_id
    bad = full_visit(db, member="MBR-REFUSED", station=station_id, now=clock.now(),
                     close=False, pose=False)
    transport.refuse.add(bad)
    store.close_visit(db, bad, now=clock.now())
    good = full_visit(db, member="MBR-FINE", station=station_id,
                      now=clock.now() + timedelta(seconds=1), pose=False)
    qtbot.waitUntil(lambda: _states(station, bad) == {"rejected"}
                    and _states(station, good) == {"sent"}, timeout=10_000)

    screen = _open_sync_screen(station, driver)
    rows = db.execute("SELECT id FROM sync_outbox WHERE visit_id = ? ORDER BY id",
                      [bad]).fetchall()
    first = rows[0][0]
    reason = screen.findChild(type(screen.message), f"rejected-{first}-reason")
    assert reason is not None and reason.text().startswith("HTTP 4")
    assert reason.text() == db.execute("SELECT last_error FROM sync_outbox WHERE id = ?",
                                       [first]).fetchone()[0]
    assert screen.counts["rejected"].text().endswith(f" {len(rows)}건")
    assert not screen.rejected_empty.isVisible()

    transport.refuse.clear()  # the platform side was fixed
    driver.click(f"retry-{first}")
    assert "다시 보낼 목록에 넣었어요" in screen.message.text()
    assert "rejected" not in _states(station, bad)  # requeued (and maybe already sent)
    audit = db.execute("SELECT actor_id, subject, detail FROM audit_log"
                       " WHERE action = 'sync_retry'").fetchall()
    assert audit == [("1001", bad, json.dumps({"rows": len(rows)}))]
    qtbot.waitUntil(lambda: _states(station, bad) == {"sent"}, timeout=10_000)
    assert transport.posts[bad] == 2  # refused once, accepted once
    assert sekmet.count("Encounter", identifier=f"{ITEM}|{station_id}/{bad}/encounter") == 1
    screen.refresh()
    assert screen.rejected_empty.isVisible()
    assert screen.findChild(type(screen.message), f"rejected-{first}-reason") is None


def test_a_visitor_cannot_reach_the_sync_screen(station, driver) -> None:
    driver.sign_in_as_visitor()
    station.window.go("staff-sync")
    assert station.window.current.screen_id == "staff-sign-in"
    station.window.screens["staff-sync"].enter({})
    assert station.window.current.screen_id == "staff-sign-in"


def test_a_technician_reaches_it_and_goes_back_to_the_devices(station, driver) -> None:
    create_accounts(station)
    sign_in(station, driver, "2001")
    assert station.window.current.screen_id == "tech-devices"
    driver.click("to-sync-status")
    screen = station.window.current
    assert screen.screen_id == "staff-sync" and screen.back_target == "tech-devices"
    assert "자동으로 보내는 중" in screen.state.text()
    station.window.back.click()
    assert station.window.current.screen_id == "tech-devices"


def test_a_failing_down_sync_is_shown_beside_the_upload_state(station, driver) -> None:
    screen = _open_sync_screen(station, driver)
    assert "교정 일정" not in screen.state.text()
    # what SyncService records when the calibration-schedule pull fails (kiosk/sync_service.py)
    station.sync.downsync_problem = "HTTPStatusError: 503 Service Unavailable"
    screen.refresh()
    text = screen.state.text()
    assert "자동으로 보내는 중" in text  # uploads are not stopped by it
    assert "교정 일정·설정을 받지 못했어요: HTTPStatusError: 503" in text
