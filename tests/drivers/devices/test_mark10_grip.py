"""Mark-10 grip driver through real pyserial on a pty, against the Mark-10 emulator."""

from __future__ import annotations

from typing import Any

import pytest

from drivers.codecs import mark10
from drivers.devices.mark10_grip import Mark10GripDriver
from drivers.emulators.mark10_gauge import GripPerson, Mark10Emulator
from drivers.errors import DeviceLost, DeviceReportedError, DriverError, Reason
from drivers.readings import GripReading, LiveForce, Progress
from drivers.transport.serial import SerialLink
from tests.drivers.devices.serial_rig import serial_rig

MODEL = "mark10-series4"


def make_emulator(peak_kgf: float = 32.5, **options: Any) -> Mark10Emulator:
    person = GripPerson(peak_kgf=peak_kgf, wait_s=0.05, rise_s=0.2, hold_s=0.12, release_s=0.15)
    return Mark10Emulator(person, **options)


def make_driver(link: SerialLink, **options: float) -> Mark10GripDriver:
    settings: dict[str, Any] = {"sample_s": 0.01, "reply_timeout_s": 0.5, "wait_timeout_s": 2.0, **options}
    return Mark10GripDriver(link, **settings)


@pytest.mark.parametrize(("unit", "decimals", "tension"), [
    (mark10.ForceUnit.NEWTON, 1, False),
    (mark10.ForceUnit.POUND_FORCE, 2, True),  # tension reads negative (-18.78 lbF in §9.1.3)
    (mark10.ForceUnit.KILOGRAM_FORCE, 2, False),
])
async def test_one_squeeze_peak_and_curve(unit: mark10.ForceUnit, decimals: int, tension: bool) -> None:
    emulator = make_emulator(27.3, unit=unit, decimals=decimals, tension_negative=tension)
    async with serial_rig(emulator, MODEL) as rig:
        progress: list[Progress] = []
        reading = await make_driver(rig.link).measure(progress.append)
    assert isinstance(reading, GripReading)
    resolution_kgf = 10 ** -decimals * mark10.KGF_PER_UNIT[unit]
    assert reading.peak_force_kgf == pytest.approx(27.3, abs=resolution_kgf)
    curve = reading.force_curve_kgf
    assert max(curve) == reading.peak_force_kgf
    assert curve.index(max(curve)) not in (0, len(curve) - 1)  # rises, peaks, falls
    assert curve[-1] <= 0.3 * reading.peak_force_kgf + 2.0
    assert all(isinstance(p, LiveForce) for p in progress) and len(progress) == len(reading.frames)
    assert len(reading.frames) == emulator.polls  # one raw frame per poll
    assert reading.device.manufacturer == "Mark-10"


async def test_two_squeezes_in_a_row() -> None:
    emulator = make_emulator(40.0)
    async with serial_rig(emulator, MODEL) as rig:
        driver = make_driver(rig.link)
        first = await driver.measure()
        emulator.person.peak_kgf = 18.0
        second = await driver.measure()
    assert isinstance(first, GripReading) and isinstance(second, GripReading)
    assert first.peak_force_kgf == pytest.approx(40.0, abs=0.02)
    assert second.peak_force_kgf == pytest.approx(18.0, abs=0.02)


async def test_no_squeeze_times_out() -> None:
    emulator = make_emulator(0.5)  # a hand that barely closes
    async with serial_rig(emulator, MODEL) as rig:
        with pytest.raises(DriverError) as caught:
            await make_driver(rig.link, wait_timeout_s=0.3).measure()
    assert caught.value.reason is Reason.TIMEOUT


@pytest.mark.parametrize(("fault", "value", "reason"), [
    ("error_code", "10", Reason.MALFORMED_DATA),
    ("overload", True, Reason.MEASUREMENT_FAILED),
    ("nan", True, Reason.MALFORMED_DATA),
    ("garbage", b"\x15\x15?#\r\n", Reason.MALFORMED_DATA),
    ("silent", True, Reason.TIMEOUT),
])
async def test_faults(fault: str, value: object, reason: Reason) -> None:
    emulator = make_emulator()
    setattr(emulator.faults, fault, value)
    async with serial_rig(emulator, MODEL) as rig:
        with pytest.raises(DriverError) as caught:
            await make_driver(rig.link).measure()
    assert caught.value.reason is reason
    if fault == "error_code":
        assert isinstance(caught.value, DeviceReportedError) and caught.value.code == "*10"


async def test_unplug_mid_squeeze_then_recovers() -> None:
    emulator = make_emulator()
    emulator.faults.drop_mid_measurement = True
    emulator.faults.replug_after_s = 0.15
    async with serial_rig(emulator, MODEL) as rig:
        driver = make_driver(rig.link)
        progress: list[Progress] = []
        with pytest.raises(DeviceLost):
            await driver.measure(progress.append)
        assert any(isinstance(p, LiveForce) and p.force_kgf > 2.0 for p in progress)
        reading = await driver.measure()
    assert isinstance(reading, GripReading) and reading.peak_force_kgf == pytest.approx(32.5, abs=0.02)
