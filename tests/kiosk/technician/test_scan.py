"""Issue #7: the technician's 기기 찾기 screen -- scan, pair, assign -- through the real window.

The emulated A&D UA-651BLE cuff (bond-only) and a peripheral no registry row claims are
bumble virtual controllers on the kiosk's own device loop (as in tests/kiosk/test_device_tiers.py);
the screen reaches them through drivers/discovery.py and bleak's public API with the
test-only bumble backend, injected the way the composition root allows
(``ctx.extras["ble_scanner_backend"]`` / ``["ble_client_backend"]`` / ``["ble_backend_kwargs"]``).
Nothing between the button and the emulated radio is replaced.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from bumble.pairing import PairingConfig, PairingDelegate
from PySide6.QtWidgets import QLabel

from drivers.emulators.and_ua651ble import AndUA651BLE, CuffTiming
from drivers.emulators.scripted import Fault
from kiosk import config
from kiosk.app import KioskApp, build, build_drivers
from kiosk.bridge import DeviceLoop
from kiosk.demo import DemoDriver
from kiosk.screens.technician.scan import ScanScreen
from kiosk.voice.engine import RecordingVoice
from measurements.clock import FakeClock
from tests.kiosk.staff.helpers import create_accounts, quiet, sign_in
from tests.support.bleak_bumble import BleakClientBumble, BleakScannerBumble, BumbleHub
from tests.support.bumble_peripheral import BumblePeripheralHost, UnclaimedThermometer

STATION_TOML = """\
[station]
id = "TEST-STATION-01"

# the cuff, still the simulator
[[devices]]
name = "혈압계"
kind = "blood_pressure"
model = "and-ua-651ble"
address = "sim://and-ua-651ble"
calibration_interval_days = 180

[[devices]]
name = "악력계"
kind = "grip"
model = "tindeq-progressor"
address = "sim://tindeq-progressor"
"""




@dataclass
class Rig:
    kiosk: KioskApp
    driver: DemoDriver
    cuff: AndUA651BLE
    cuff_host: BumblePeripheralHost
    loop: DeviceLoop
    config_path: Path

    @property
    def screen(self) -> ScanScreen:
        screen = self.kiosk.window.screens["tech-scan"]
        assert isinstance(screen, ScanScreen)
        return screen


def _on_loop(loop: DeviceLoop, coro: Any, timeout_s: float = 10.0) -> Any:
    return loop.submit(coro).result(timeout_s)


@pytest.fixture
def rig(qtbot: Any, tmp_path: Path) -> Iterator[Rig]:
    cuff = AndUA651BLE(fault=Fault.NEEDS_PAIRING, timing=CuffTiming(step_s=0.002))
    loop = DeviceLoop().start()
    hosts: list[BumblePeripheralHost] = []
    hub: BumbleHub | None = None
    kiosk: KioskApp | None = None

    async def bring_up() -> BumbleHub:
        hub = BumbleHub()  # bumble controllers bind to the running loop: the device loop
        await hub.start()
        for peripheral in (cuff, UnclaimedThermometer()):
            hosts.append(BumblePeripheralHost(hub, peripheral))
            await hosts[-1].start()
        return hub

    async def tear_down(hub: BumbleHub) -> None:
        for host in hosts:
            await host.close()
        await hub.close()

    config_path = tmp_path / "station.toml"
    config_path.write_text(STATION_TOML, encoding="utf-8")
    try:
        hub = _on_loop(loop, bring_up())
        cfg = config.load(config_path)
        clock = FakeClock()
        drivers, problems = build_drivers(cfg, clock)
        assert not problems
        kiosk = build(cfg, clock=clock, db_path=tmp_path / "station.db", voice=RecordingVoice(),
                      drivers=drivers, device_loop=loop)
        kiosk.ctx.extras.update(ble_scanner_backend=BleakScannerBumble,
                                ble_client_backend=BleakClientBumble,
                                ble_backend_kwargs={"bumble_hub": hub},
                                ble_connect_timeout_s=3.0, scan_seconds=0.5)
        qtbot.addWidget(kiosk.window)
        kiosk.window.resize(1920, 1080)
        kiosk.window.show()
        qtbot.waitExposed(kiosk.window)
        create_accounts(kiosk)
        yield Rig(kiosk, quiet(DemoDriver(kiosk, tmp_path)), cuff, hosts[0], loop, config_path)
    finally:
        if hub is not None:
            _on_loop(loop, tear_down(hub))
        if kiosk is not None:
            kiosk.shutdown()
        loop.stop()


def _row_texts(screen: ScanScreen, prefix: str) -> list[str]:
    return [label.text() for label in screen.findChildren(QLabel)
            if label.objectName().startswith(prefix) and label.isVisible()]


def _audit(rig: Rig, action: str) -> list[tuple[Any, ...]]:
    return rig.kiosk.ctx.db.execute("SELECT actor_role, actor_id, subject, detail FROM audit_log"
                                    " WHERE action = ?", [action]).fetchall()


def test_technician_finds_pairs_and_assigns_the_cuff(rig: Rig) -> None:
    window, driver, cuff = rig.kiosk.window, rig.driver, rig.cuff
    sign_in(rig.kiosk, driver, "2001")
    assert window.current.screen_id == "tech-devices"
    driver.click("to-scan")
    assert window.current is rig.screen

    driver.click("scan-start")
    assert rig.screen.busy and not rig.screen.scan_button.isEnabled()  # the GUI thread is free
    driver.wait_for(lambda: not rig.screen.busy, 10.0)
    found = " | ".join(_row_texts(rig.screen, "found-"))
    assert cuff.address in found and "A&D_UA-651_1B" in found and "UA-651BLE" in found
    assert "THERMO-1" in found and "지원하지 않는 기기" in found
    assert " dBm" in found
    assert window.findChild(object, "pair-D0:0D:00:00:18:09") is None  # unsupported: no pairing

    driver.click(f"pair-{cuff.address}")
    driver.wait_for(lambda: not rig.screen.busy, 10.0)
    assert rig.screen.paired is not None, rig.kiosk.ctx.extras.get("last_scan_error")
    identity_text = rig.screen.paired_label.text()
    assert "5140300123" in identity_text and "BLP008_d017" in identity_text
    assert not rig.screen.assign_buttons["grip"].isEnabled()  # a cuff cannot measure grip

    driver.click("assign-blood_pressure")
    device_id = "UA-651BLE:5140300123"
    row = rig.kiosk.ctx.db.execute("SELECT kind, model, manufacturer, firmware, address, link"
                                   " FROM devices WHERE id = ?", [device_id]).fetchone()
    assert row == ("blood_pressure", "UA-651BLE", "A&D Medical", "BLP008_d017", cuff.address, "ble")
    [(role, actor, subject, detail)] = _audit(rig, "device_paired")
    assert (role, actor, subject) == ("technician", "2001", device_id)
    assert json.loads(detail) == {"kind": "blood_pressure", "model": "and-ua-651ble",
                                  "address": cuff.address, "link": "ble"}
    snippet = rig.screen.snippet.toPlainText()
    assert rig.screen.snippet.isVisible()
    # the configured name and calibration policy are kept; model and address are the cuff's
    assert config.parse(snippet).devices == (config.DeviceConfig(
        "혈압계", "blood_pressure", "and-ua-651ble", cuff.address, calibration_interval_days=180),)
    assert "다시 시작" in rig.screen.restart_note.text() and rig.screen.restart_note.isVisible()

    driver.click("save-config")
    saved = config.load(rig.config_path)
    assert saved.device("blood_pressure") == config.DeviceConfig(
        "혈압계", "blood_pressure", "and-ua-651ble", cuff.address, calibration_interval_days=180)
    assert saved.device("grip") == rig.kiosk.ctx.config.device("grip")  # untouched
    [backup] = rig.config_path.parent.glob("station.toml.bak-*")
    assert backup.read_text(encoding="utf-8") == STATION_TOML
    assert backup.name in rig.screen.save_result.text()
    assert len(_audit(rig, "station_config_saved")) == 1
    # the running station still uses what it started with: a restart applies the file
    assert rig.kiosk.ctx.config.device("blood_pressure").address == "sim://and-ua-651ble"


class _RefuseEveryPairing(PairingDelegate):
    async def accept(self) -> bool:
        return False


def test_a_refused_pairing_is_said_plainly_and_stores_nothing(rig: Rig) -> None:
    async def refuse() -> None:  # the cuff is not in pairing mode: SMP "pairing not supported"
        rig.cuff_host.device.pairing_config_factory = (
            lambda _c: PairingConfig(delegate=_RefuseEveryPairing()))

    _on_loop(rig.loop, refuse())  # bumble objects belong to the device loop
    sign_in(rig.kiosk, rig.driver, "2001")
    rig.driver.click("to-scan")
    rig.driver.click("scan-start")
    rig.driver.wait_for(lambda: not rig.screen.busy, 10.0)
    rig.driver.click(f"pair-{rig.cuff.address}")
    rig.driver.wait_for(lambda: not rig.screen.busy, 10.0)
    assert rig.screen.paired is None
    assert "페어링을 거절" in rig.screen.status.text()
    assert not rig.screen.assign_row.isVisible()
    assert rig.kiosk.ctx.db.execute("SELECT COUNT(*) FROM devices WHERE link = 'ble'"
                                    ).fetchone() == (0,)
    assert _audit(rig, "device_paired") == []


def test_staff_and_visitors_cannot_open_the_scan_screen(station: KioskApp, driver: DemoDriver) -> None:
    station.window.go("tech-scan")  # no session at all (a visitor)
    assert station.window.current.screen_id == "staff-sign-in"
    create_accounts(station)
    sign_in(station, driver, "1001")  # staff: assessments, not devices
    assert station.window.current.screen_id == "staff-home"
    station.window.go("tech-scan")
    assert station.window.current.screen_id == "staff-sign-in"
    assert "staff_session" not in station.ctx.extras


def test_the_devices_screen_leads_to_the_scan_screen_for_an_admin(station: KioskApp,
                                                                  driver: DemoDriver) -> None:
    create_accounts(station)
    sign_in(station, driver, "3001")
    driver.click("to-technician")
    driver.click("to-scan")
    assert station.window.current.screen_id == "tech-scan"
    assert station.window.next.isEnabled()
    driver.click("next")
    assert station.window.current.screen_id == "tech-devices"


def test_an_unwritable_config_offers_no_save_button(rig: Rig) -> None:
    rig.kiosk.ctx.config = replace(rig.kiosk.ctx.config, source=None)
    sign_in(rig.kiosk, rig.driver, "2001")
    rig.driver.click("to-scan")
    rig.driver.click("scan-start")
    rig.driver.wait_for(lambda: not rig.screen.busy, 10.0)
    rig.driver.click(f"pair-{rig.cuff.address}")
    rig.driver.wait_for(lambda: not rig.screen.busy, 10.0)
    rig.driver.click("assign-blood_pressure")
    assert rig.screen.snippet.isVisible() and not rig.screen.save_button.isVisible()
