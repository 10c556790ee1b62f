"""Issue 6 "member roster lookups" in the station: a member who identifies at a station with a
platform URL is looked up on the platform (sekmet-fhir on loopback) by the pseudonym only, and
what the platform knows pre-fills the profile; an unreachable or silent platform, or none at
all, leaves the normal local flow exactly as it was."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
import stamina

from drivers.emulators import ble_sims
from drivers.emulators.and_ua651ble import CuffTiming
from kiosk import config
from kiosk.app import KioskApp, build, build_drivers
from kiosk.demo import DemoDriver
from kiosk.identity import normalise_card
from kiosk.member_lookup import AUDIT_ACTION, member_tag
from kiosk.sync_service import LOOKUP_TIMEOUT_S, SyncOptions
from kiosk.voice.engine import RecordingVoice
from measurements.clock import FakeClock, SystemClock
from measurements.database import open_database
from sync.client import make_client
from sync.config import IdentifierSystems, SyncConfig
from sync.outcome import Sent
from sync.policy import RetryPolicy, UploadLimits
from sync.uploader import Uploader
from tests.kiosk.staff.helpers import quiet
from tests.support.sekmet_server import SekmetServer, free_port
from tests.sync.visits import full_visit

MEMBER = IdentifierSystems().member
QUICK = SyncOptions(limits=UploadLimits(rate_per_s=100.0, burst=10),
                    retry=RetryPolicy(backoff_base_s=0.05, backoff_cap_s=0.5), idle_s=0.05)

StationFactory = Callable[[str], KioskApp]


@pytest.fixture
def make_station(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                 ) -> Iterator[StationFactory]:
    """Builds the simulated station (as tests/kiosk/staff/test_sync_status.py does) with the
    given ``[platform] url`` ("" for none) and a station id of its own."""
    monkeypatch.setattr(ble_sims, "_CUFF_TIMING", CuffTiming(inflate_steps=6, step_s=0.01,
                                                             power_off_s=20.0))
    stamina.set_testing(True, attempts=2)
    built: list[KioskApp] = []

    def make(url: str) -> KioskApp:
        cfg = replace(config.simulated(), station_id=f"KIOSK-{uuid.uuid4().hex[:8]}",
                      platform=config.PlatformConfig(url=url))
        clock = FakeClock(SystemClock().now())
        drivers, problems = build_drivers(cfg, clock)
        assert not problems, problems
        kiosk = build(cfg, clock=clock, db_path=tmp_path / "station.db", voice=RecordingVoice(),
                      drivers=drivers, sync_options=QUICK)
        built.append(kiosk)
        qtbot.addWidget(kiosk.window)
        kiosk.window.resize(1920, 1080)
        kiosk.window.show()
        qtbot.waitExposed(kiosk.window)
        if url:  # the uploader's client is what a lookup asks with
            qtbot.waitUntil(lambda: kiosk.sync is not None and kiosk.sync.running,
                            timeout=5_000)
        return kiosk

    yield make
    for kiosk in built:
        kiosk.shutdown()
    stamina.set_testing(False)


def _card() -> str:
    """A member card number of this test only (the sekmet server is shared by the session)."""
    return str(uuid.uuid4().int)[:12]


def _identify_by_card(station: KioskApp, driver: DemoDriver, card: str) -> None:
    driver.click("start")
    driver.click("choose-card")
    driver.type_digits(card)
    driver.click("next")


def _lookups(station: KioskApp) -> list[tuple[str, dict[str, object]]]:
    rows = station.ctx.db.execute("SELECT actor_role, detail FROM audit_log WHERE action = ?",
                                  [AUDIT_ACTION]).fetchall()
    return [(role, json.loads(detail)) for role, detail in rows]


def _upload_from_another_station(sekmet: SekmetServer, tmp_path: Path, pseudonym: str) -> None:
    """A visit of the member at another station, sent by the real uploader."""
    other = f"KIOSK-OTHER-{uuid.uuid4().hex[:6]}"
    db = open_database(tmp_path / "other-station.db")
    full_visit(db, member=pseudonym, station=other, pose=False)
    sync_config = SyncConfig(base_url=sekmet.base_url, station_id=other)

    async def upload() -> None:
        async with make_client(sync_config) as client:
            outcomes = await Uploader(db, client, sync_config).run_once()
        assert outcomes and all(isinstance(o, Sent) for o in outcomes), outcomes

    asyncio.run(upload())
    db.close()


def _platform_registers(sekmet: SekmetServer, pseudonym: str, **elements: str) -> None:
    """The platform's member registry adds what the member told it (outside any station)."""
    found = httpx.get(f"{sekmet.base_url}/Patient",
                      params={"identifier": f"{MEMBER}|{pseudonym}"}).json()
    (entry,) = found["entry"]
    patient = {**entry["resource"], **elements}
    response = httpx.put(f"{sekmet.base_url}/Patient/{patient['id']}",
                         content=json.dumps(patient),
                         headers={"Content-Type": "application/fhir+json"})
    assert response.status_code == 200, response.text


def test_a_member_known_on_the_platform_finds_the_profile_filled_at_a_new_station(
        make_station, sekmet, tmp_path, qtbot, caplog) -> None:
    card = _card()
    pseudonym = normalise_card(card)
    _upload_from_another_station(sekmet, tmp_path, pseudonym)
    _platform_registers(sekmet, pseudonym, gender="female", birthDate="1950")

    caplog.set_level(logging.DEBUG)
    station = make_station(sekmet.base_url)
    driver = quiet(DemoDriver(station, tmp_path))
    _identify_by_card(station, driver, card)
    qtbot.waitUntil(lambda: station.window.current.screen_id == "profile", timeout=5_000)

    profile = station.window.current
    assert profile.female.isChecked() and not profile.male.isChecked()
    assert profile.year.text() == "1950"
    assert profile.next_text() == "다음"  # complete: nothing to type, as for a returning member
    driver.click("next")
    driver.click("consent-service")
    driver.click("consent-sensitive")
    driver.click("next")
    assert station.window.current.screen_id == "menu"
    visit = station.ctx.visit.visit_id
    stored = station.ctx.db.execute(
        "SELECT p.member_pseudonym, p.sex, p.birth_year FROM visits v"
        " JOIN visitors p ON p.id = v.visitor_id WHERE v.id = ?", [visit]).fetchone()
    assert stored == (pseudonym, "female", 1950)
    assert (station.ctx.visit.sex, station.ctx.visit.birth_year) == ("female", 1950)

    assert _lookups(station) == [("system", {"member_sha256": member_tag(pseudonym),
                                             "outcome": "found",
                                             "filled": ["sex", "birth_year"]})]
    assert pseudonym not in caplog.text and card not in caplog.text


def test_a_member_the_platform_knows_only_by_pseudonym_fills_nothing(
        make_station, sekmet, tmp_path, qtbot) -> None:
    # what a station uploads carries no sex or birth year (sync/fhir/mapping.py, §1.2)
    card = _card()
    pseudonym = normalise_card(card)
    _upload_from_another_station(sekmet, tmp_path, pseudonym)
    station = make_station(sekmet.base_url)
    driver = quiet(DemoDriver(station, tmp_path))
    _identify_by_card(station, driver, card)
    qtbot.waitUntil(lambda: station.window.current.screen_id == "profile", timeout=5_000)
    profile = station.window.current
    assert profile.group.checkedButton() is None and profile.year.text() == ""
    assert _lookups(station) == [("system", {"member_sha256": member_tag(pseudonym),
                                             "outcome": "found", "filled": []})]


def test_an_unknown_member_goes_on_locally(make_station, sekmet, tmp_path, qtbot) -> None:
    card = _card()
    station = make_station(sekmet.base_url)
    driver = quiet(DemoDriver(station, tmp_path))
    _identify_by_card(station, driver, card)
    qtbot.waitUntil(lambda: station.window.current.screen_id == "profile", timeout=5_000)
    assert _lookups(station) == [("system", {"member_sha256": member_tag(normalise_card(card)),
                                             "outcome": "not_found"})]


@pytest.fixture(params=["closed-port", "silent"])
def unreachable(request: pytest.FixtureRequest) -> Iterator[tuple[str, str, str]]:
    """(kind, platform URL, logged reason): a closed port, or a platform that accepts
    connections and never answers (a hung proxy)."""
    if request.param == "closed-port":
        yield request.param, f"http://127.0.0.1:{free_port()}/fhir", "ConnectError"
        return
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)  # the kernel completes the handshake; nobody ever reads the request
        yield (request.param, f"http://127.0.0.1:{sock.getsockname()[1]}/fhir",
               f"no answer within {LOOKUP_TIMEOUT_S:.0f} s")


def test_an_unreachable_platform_leaves_the_normal_flow(make_station, unreachable, tmp_path,
                                                        qtbot, caplog) -> None:
    platform, url, reason = unreachable
    caplog.set_level(logging.DEBUG)
    station = make_station(url)
    driver = quiet(DemoDriver(station, tmp_path))
    card = _card()
    started = time.monotonic()
    _identify_by_card(station, driver, card)
    if platform == "silent":  # a refused connection fails within the click itself
        waiting = station.window.current
        assert waiting.screen_id == "card" and not waiting.can_next()
        waiting.on_next()  # a scanner's second Enter while the visitor waits: ignored
        assert station.window.current is waiting
    qtbot.waitUntil(lambda: station.window.current.screen_id == "profile", timeout=5_000)
    assert time.monotonic() - started < LOOKUP_TIMEOUT_S + 1.0

    profile = station.window.current
    assert profile.group.checkedButton() is None and profile.year.text() == ""
    driver.click("sex-male")
    driver.type_digits("1949")
    driver.click("next")
    assert station.window.current.screen_id == "consent"
    assert station.ctx.db.execute("SELECT sex, birth_year FROM visitors WHERE id = ?",
                                  [station.ctx.visit.visitor_id]).fetchone() == ("male", 1949)
    pseudonym = normalise_card(card)
    assert _lookups(station) == [("system", {"member_sha256": member_tag(pseudonym),
                                             "outcome": "unavailable", "reason": reason})]
    assert reason in caplog.text and member_tag(pseudonym) in caplog.text
    assert pseudonym not in caplog.text and card not in caplog.text


def test_without_a_platform_url_nothing_is_asked(make_station, tmp_path) -> None:
    station = make_station("")
    assert station.sync is None and station.ctx.extras["sync"] is None
    driver = quiet(DemoDriver(station, tmp_path))
    driver.click("start")
    driver.click("choose-card")
    driver.type_digits(_card())
    screen = station.window.current
    screen.on_next()
    # straight on, in the same call: no lookup to wait for
    assert station.window.current.screen_id == "profile"
    assert _lookups(station) == []
