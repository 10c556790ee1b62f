"""End-to-end latency: the cuff's final indication -> the committed store row, as JSON.

The whole station runs as in tests/kiosk/test_device_tiers.py: ``kiosk.app.build`` with the
driver from ``drivers.registry.open_driver``, the A&D UA-651BLE emulator served by a bumble
virtual controller and reached through bleak's public API with the test-only bumble backend,
the device loop, the bridge, the measure screen (offscreen) and the store.  A visitor walks
``--workflows`` blood-pressure measurements (two readings each); rest timers run on a
FakeClock and the GUI thread waits in a real Qt event loop (as under ``app.exec()``), so
nothing in the measured path is polled.

Time points (``time.perf_counter``, one process):

* ``indication``: the emulator hands this session's Blood Pressure Measurement (0x2A35) to
  its stack -- the last frame of the upload, after which the cuff drops the link (§3.1);
* ``driver_return``: ``driver.measure()`` returns on the device loop (the indication was
  confirmed, the drop noticed, the link closed);
* ``committed``: ``store.save_measurement`` returned for that role='reading' row, i.e. the
  measurement, its values, its raw frames and its outbox row are committed (WAL,
  synchronous=FULL, on the GUI thread).

    .venv/bin/python bench/e2e_latency.py [--workflows 10]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from drivers import registry
from drivers.base import MeasuringDriver, ProgressCallback
from drivers.emulators.and_ua651ble import AndUA651BLE, BloodPressurePerson, CuffTiming
from drivers.readings import DeviceIdentity, DeviceKind, Reading
from kiosk import config, lockout
from kiosk.app import build
from kiosk.bridge import DeviceLoop
from kiosk.demo import DemoDriver
from kiosk.voice.engine import RecordingVoice
from measurements import calibration, store
from measurements.clock import FakeClock
from tests.support.bleak_bumble import BleakClientBumble, BumbleHub
from tests.support.bumble_peripheral import BumblePeripheralHost


class StampedCuff(AndUA651BLE):
    """The emulated cuff, noting when it sends this session's reading (the final indication)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indications: list[float] = []

    def _new_reading(self, now: datetime) -> bytes:
        frame = super()._new_reading(now)
        self.indications.append(time.perf_counter())  # the very next call is host.notify()
        return frame


class StampedDriver:
    """The production driver, noting when ``measure()`` returns on the device loop."""

    def __init__(self, inner: MeasuringDriver) -> None:
        self.inner = inner
        self.kind = inner.kind
        self.returns: list[float] = []

    @property
    def identity(self) -> DeviceIdentity:
        return self.inner.identity

    async def measure(self, on_progress: ProgressCallback | None = None) -> Reading:
        reading = await self.inner.measure(on_progress)
        self.returns.append(time.perf_counter())
        return reading

    async def close(self) -> None:
        await self.inner.close()


class Visitor(DemoDriver):
    """The demo's button presser, waiting in a real event loop and taking no screenshots."""

    def pump(self, ms: int = 30) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def shot(self, name: str) -> Path:
        return self.out / name


def summary(samples_s: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000.0 for s in samples_s)
    return {"median": round(statistics.median(ms), 2),
            "p95": round(statistics.quantiles(ms, n=100, method="inclusive")[94], 2),
            "min": round(ms[0], 2), "max": round(ms[-1], 2)}


def run(workflows: int, out: Path) -> dict[str, Any]:
    app = QApplication.instance() or QApplication([])
    cuff = StampedCuff(BloodPressurePerson(134, 84, 68), timing=CuffTiming(step_s=0.002))
    loop = DeviceLoop().start()

    async def bring_up() -> tuple[BumbleHub, BumblePeripheralHost]:
        hub = BumbleHub()  # bumble controllers bind to the loop they are created on
        await hub.start()
        host = BumblePeripheralHost(hub, cuff)
        await host.start()
        return hub, host

    hub, host = loop.submit(bring_up()).result(10)
    clock = FakeClock()
    device = config.DeviceConfig("혈압계", "blood_pressure", "and-ua-651ble", cuff.address)
    cfg = replace(config.simulated(), devices=(device,))
    driver = StampedDriver(registry.open_driver(
        "and-ua-651ble", cuff.address, pair=True, clock=clock.now,
        ble_client_backend=BleakClientBumble,
        link_kwargs={"bumble_hub": hub, "connect_timeout_s": 3.0},
        driver_kwargs={"measurement_timeout_s": 10.0, "settle_s": 0.2}))
    kiosk = build(cfg, clock=clock, db_path=out / "station.db", voice=RecordingVoice(),
                  drivers={DeviceKind.BLOOD_PRESSURE: driver}, device_loop=loop)
    db, now = kiosk.ctx.db, clock.now()
    with db.atomic():
        store.record_device(db, lockout.configured_identity(device), device.kind, now=now)
    calibration.record(db, device_id=lockout.device_id(device), technician_id="bench",
                       result=calibration.evaluate([calibration.CheckPoint(150.0, 150.0)],
                                                   calibration.DEFAULT_TOLERANCES[device.kind]),
                       reference_serials=["REF"], now=now, interval_days=365)

    # Time the real store function where it returns (after COMMIT); it is wrapped, not replaced.
    commits: list[tuple[float, str]] = []
    save = store.save_measurement

    def timed_save(*args: Any, **kwargs: Any) -> str:
        measurement_id = save(*args, **kwargs)
        commits.append((time.perf_counter(), kwargs["record"].role))
        return measurement_id

    store.save_measurement = timed_save
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    visitor = Visitor(kiosk, out)
    try:
        visitor.sign_in_as_visitor()
        for _ in range(workflows):
            visitor.measure("blood_pressure", "bp", timeout_s=60.0)
            visitor.click("next")  # result -> menu
    finally:
        store.save_measurement = save
        kiosk.ctx.devices.close_all()

        async def tear_down() -> None:
            await host.close()
            await hub.close()

        loop.submit(tear_down()).result(10)
        kiosk.shutdown()
        app.processEvents()

    reading_commits = [at for at, role in commits if role == "reading"]
    if not len(cuff.indications) == len(driver.returns) == len(reading_commits):
        raise RuntimeError(f"unpaired time points: {len(cuff.indications)} indications, "
                           f"{len(driver.returns)} driver returns, {len(reading_commits)} commits")
    triples = list(zip(cuff.indications, driver.returns, reading_commits, strict=True))
    if any(not sent < returned < committed for sent, returned, committed in triples):
        raise RuntimeError("time points out of order: the pairing is wrong")
    return {
        "readings": len(triples),
        "unit": "ms",
        "indication_to_commit": summary([c - s for s, _, c in triples]),
        "indication_to_driver_return": summary([r - s for s, r, _ in triples]),
        "driver_return_to_commit": summary([c - r for _, r, c in triples]),
        "path": "AndUA651BLE on bumble -> bleak BleakClient (bumble backend) -> BleakGattLink"
                " -> BloodPressureCuffDriver -> device loop -> Bridge -> BloodPressureWorkflow"
                " -> store.save_measurement (WAL, synchronous=FULL)",
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "cpu_count": os.cpu_count(),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workflows", type=int, default=10,
                        help="blood-pressure workflows to walk (two readings each)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="e2e-latency-") as tmp:
        result = run(args.workflows, Path(tmp))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
