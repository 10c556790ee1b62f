"""A whole station on simulated devices, a fake clock and a temporary database."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.emulators.standin_cuff import StandInCuff
from drivers.readings import DeviceKind
from kiosk import config
from kiosk.app import KioskApp, build
from kiosk.demo import DemoDriver
from kiosk.voice.engine import RecordingVoice
from measurements.clock import FakeClock


@pytest.fixture
def station(qtbot, tmp_path: Path) -> Iterator[KioskApp]:
    kiosk = build(
        config.simulated(), clock=FakeClock(), db_path=tmp_path / "station.db",
        voice=RecordingVoice(),
        drivers={DeviceKind.BLOOD_PRESSURE: StandInCuff(seconds=0.2, seed=7)},
    )
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
