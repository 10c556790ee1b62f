"""A whole station on simulated devices, a fake clock and a temporary database."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.emulators import ble_sims
from drivers.emulators.and_ua651ble import CuffTiming
from kiosk import config
from kiosk.app import KioskApp, build, build_drivers
from kiosk.demo import DemoDriver
from kiosk.voice.engine import RecordingVoice
from measurements.clock import FakeClock


@pytest.fixture
def station(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[KioskApp]:
    # the sim:// cuff inflates at a visitor's pace (~3 s a reading); tests keep its protocol
    # and faults but not the wait
    monkeypatch.setattr(ble_sims, "_CUFF_TIMING", CuffTiming(inflate_steps=6, step_s=0.01,
                                                             power_off_s=20.0))
    # the built-in simulated setup: the real drivers over the sim:// emulators (registry)
    cfg = config.simulated()
    clock = FakeClock()
    drivers, problems = build_drivers(cfg, clock)
    assert not problems, problems
    kiosk = build(cfg, clock=clock, db_path=tmp_path / "station.db", voice=RecordingVoice(),
                  drivers=drivers)
    kiosk.ctx.extras.update(receipt_to_pdf=True, receipt_dir=tmp_path)
    qtbot.addWidget(kiosk.window)
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    qtbot.waitExposed(kiosk.window)
    yield kiosk
    kiosk.shutdown()


@pytest.fixture
def driver(station: KioskApp, tmp_path: Path) -> DemoDriver:
    return DemoDriver(station, tmp_path)
