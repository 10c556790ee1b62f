"""TindeqGripDriver against the emulated Progressor over SimulatedGattLink.

Protocol facts: tindeq.com/progressor_api and PyTindeq (reference devices-and-protocols.md §3.4).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from drivers.base import MeasuringDriver
from drivers.codecs.tindeq import Command
from drivers.devices.tindeq_grip import TindeqGripDriver
from drivers.emulators.scripted import Fault
from drivers.emulators.sim_link import SimulatedGattLink
from drivers.emulators.tindeq_progressor import GripPerson, TindeqProgressor
from drivers.errors import DeviceLost, DriverError, ProtocolViolation, Reason
from drivers.readings import DeviceIdentity, LinkKind, LiveForce, Progress


@pytest.fixture
async def gauges() -> AsyncIterator[list[TindeqProgressor]]:
    made: list[TindeqProgressor] = []
    yield made
    for gauge in made:
        await gauge.aclose()


def _driver(gauge: TindeqProgressor, **kwargs: object) -> tuple[TindeqGripDriver, SimulatedGattLink]:
    link = SimulatedGattLink(gauge, address="sim://tindeq-progressor")
    identity = DeviceIdentity("Progressor", "Tindeq", "sim://tindeq-progressor", LinkKind.SIMULATED)
    return TindeqGripDriver(link, identity, **kwargs), link  # type: ignore[arg-type]


async def test_peak_and_curve_of_one_squeeze(gauges: list[TindeqProgressor]) -> None:
    person = GripPerson(peak_kgf=27.25)
    gauge = TindeqProgressor(person)
    gauges.append(gauge)
    driver, link = _driver(gauge)
    assert isinstance(driver, MeasuringDriver)
    progress: list[Progress] = []

    reading = await driver.measure(progress.append)

    assert reading.peak_force_kgf == pytest.approx(27.25, abs=0.001)
    assert max(reading.force_curve_kgf) == reading.peak_force_kgf
    assert len(reading.force_curve_kgf) > person.idle_samples + person.rise_samples + person.hold_samples
    assert reading.force_curve_kgf[0] == pytest.approx(0.05), "tared: no 0.35 kgf offset"
    assert any(isinstance(p, LiveForce) and p.force_kgf > 20 for p in progress)
    assert reading.device.firmware == "1.2.8"
    assert reading.frames
    assert gauge.commands[:2] == [Command.GET_APP_VERSION, Command.GET_BATTERY_VOLTAGE]
    assert gauge.commands.index(Command.TARE_SCALE) < gauge.commands.index(Command.START_WEIGHT_MEASUREMENT)
    assert gauge.commands[-1] is Command.STOP_WEIGHT_MEASUREMENT
    assert not link.is_connected
    assert driver.warnings == frozenset()


async def test_without_tare_the_offset_shows(gauges: list[TindeqProgressor]) -> None:
    gauge = TindeqProgressor(GripPerson(peak_kgf=20.0))
    gauges.append(gauge)
    driver, _ = _driver(gauge, tare=False)
    reading = await driver.measure()
    assert reading.peak_force_kgf == pytest.approx(20.35, abs=0.001)
    assert Command.TARE_SCALE not in gauge.commands


async def test_drop_mid_squeeze_is_device_lost(gauges: list[TindeqProgressor]) -> None:
    gauge = TindeqProgressor(fault=Fault.DROP_MID_MEASUREMENT)
    gauges.append(gauge)
    driver, _ = _driver(gauge)
    with pytest.raises(DeviceLost):
        await driver.measure()


async def test_garbage_is_protocol_violation(gauges: list[TindeqProgressor]) -> None:
    gauge = TindeqProgressor(fault=Fault.GARBAGE)
    gauges.append(gauge)
    driver, _ = _driver(gauge)
    with pytest.raises(ProtocolViolation):
        await driver.measure()


async def test_nan_force_is_measurement_failed(gauges: list[TindeqProgressor]) -> None:
    gauge = TindeqProgressor(fault=Fault.NAN_READING)
    gauges.append(gauge)
    driver, _ = _driver(gauge)
    with pytest.raises(DriverError) as caught:
        await driver.measure()
    assert caught.value.reason is Reason.MEASUREMENT_FAILED


async def test_no_squeeze_times_out(gauges: list[TindeqProgressor]) -> None:
    gauge = TindeqProgressor(fault=Fault.SLOW)
    gauges.append(gauge)
    driver, link = _driver(gauge, trial_timeout_s=0.1)
    with pytest.raises(DriverError) as caught:
        await driver.measure()
    assert caught.value.reason is Reason.TIMEOUT
    assert not link.is_connected


async def test_low_battery_warns_and_refusal_fails(gauges: list[TindeqProgressor]) -> None:
    gauge = TindeqProgressor(fault=Fault.LOW_BATTERY)
    gauges.append(gauge)
    driver, _ = _driver(gauge)
    await driver.measure()
    assert driver.battery_mv == 3350
    assert driver.warnings == frozenset({Reason.BATTERY_LOW})

    refusing = TindeqProgressor(fault=Fault.BATTERY_REFUSED)
    gauges.append(refusing)
    driver, _ = _driver(refusing)
    with pytest.raises(DriverError) as caught:
        await driver.measure()
    assert caught.value.reason is Reason.BATTERY_LOW


async def test_needs_pairing_then_pair(gauges: list[TindeqProgressor]) -> None:
    gauge = TindeqProgressor(fault=Fault.NEEDS_PAIRING)
    gauges.append(gauge)
    driver, _ = _driver(gauge)
    with pytest.raises(DriverError) as caught:
        await driver.measure()
    assert caught.value.reason is Reason.NEEDS_PAIRING
    driver.pair = True
    assert (await driver.measure()).peak_force_kgf == pytest.approx(31.5, abs=0.001)
