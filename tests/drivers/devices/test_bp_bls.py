"""BloodPressureCuffDriver against the emulated A&D UA-651BLE over SimulatedGattLink.

The flow being checked is A&D's data mode (andengineering/AndroidSampleCode
BleReceivedService.java, reference devices-and-protocols.md §3.1): clock write, then the
indication subscription, then a burst of stored readings and the new one, then disconnect.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from drivers.base import MeasuringDriver
from drivers.devices.bp_bls import BloodPressureCuffDriver
from drivers.emulators.and_ua651ble import AndUA651BLE, BloodPressurePerson, CuffTiming, StoredReading
from drivers.emulators.scripted import Fault
from drivers.emulators.sim_link import SimulatedGattLink
from drivers.errors import DeviceLost, DriverError, ProtocolViolation, Reason
from drivers.readings import CuffPressure, DeviceIdentity, LinkKind, Progress

FAST = CuffTiming(step_s=0.001, power_off_s=0.5, slow_s=5.0)


def _identity() -> DeviceIdentity:
    return DeviceIdentity("UA-651BLE", "A&D", "sim://and-ua-651ble", LinkKind.SIMULATED)


@pytest.fixture
async def cuffs() -> AsyncIterator[list[AndUA651BLE]]:
    made: list[AndUA651BLE] = []
    yield made
    for cuff in made:
        await cuff.aclose()


def _driver(cuff: AndUA651BLE, **kwargs: object) -> tuple[BloodPressureCuffDriver, SimulatedGattLink]:
    link = SimulatedGattLink(cuff, address="sim://and-ua-651ble")
    return BloodPressureCuffDriver(link, _identity(), **kwargs), link  # type: ignore[arg-type]


async def test_happy_path_reading_with_identity_frames_and_progress(cuffs: list[AndUA651BLE]) -> None:
    cuff = AndUA651BLE(BloodPressurePerson(134, 86, 66, irregular_pulse=True), timing=FAST)
    cuffs.append(cuff)
    driver, link = _driver(cuff)
    assert isinstance(driver, MeasuringDriver)
    progress: list[Progress] = []

    reading = await driver.measure(progress.append)

    assert (reading.systolic_mmhg, reading.diastolic_mmhg, reading.pulse_bpm) == (134, 86, 66)
    assert reading.mean_arterial_mmhg == cuff.person.mean_arterial_mmhg
    assert reading.irregular_pulse and not reading.cuff_too_loose
    assert reading.device.serial_number == "5140300123"
    assert reading.device.firmware == "BLP008_d017"
    assert reading.device.model == "UA-651BLE"
    assert reading.device.address == "sim://and-ua-651ble"
    assert reading.device_time is not None
    assert any(f.source == "2a35" for f in reading.frames)
    assert [p for p in progress if isinstance(p, CuffPressure)], "0x2A36 became CuffPressure progress"
    assert max(p.pressure_mmhg for p in progress if isinstance(p, CuffPressure)) >= 134
    assert not link.is_connected
    assert driver.warnings == frozenset()


async def test_clock_is_written_before_indications_are_enabled(cuffs: list[AndUA651BLE]) -> None:
    cuff = AndUA651BLE(timing=FAST)
    cuffs.append(cuff)
    driver, _ = _driver(cuff)
    await driver.measure()
    events = cuff.events
    assert events.index("write 2a08") < events.index("subscribe 2a35")
    assert events.index("write 2a08") < events.index("subscribe 2a36")
    assert cuff.clock_set is not None


async def test_two_visitors_in_a_row_on_one_link(cuffs: list[AndUA651BLE]) -> None:
    cuff = AndUA651BLE(BloodPressurePerson(118, 76, 70), timing=FAST)
    cuffs.append(cuff)
    driver, _ = _driver(cuff)
    first = await driver.measure()
    cuff.person = BloodPressurePerson(139, 88, 81)
    second = await driver.measure()
    assert (first.systolic_mmhg, second.systolic_mmhg) == (118, 139)
    assert cuff.events.count("write 2a08") == 2


async def test_cts_cuff_gets_current_time_instead(cuffs: list[AndUA651BLE]) -> None:
    cuff = AndUA651BLE(timing=FAST, clock="cts")
    cuffs.append(cuff)
    driver, _ = _driver(cuff)
    reading = await driver.measure()
    assert reading.systolic_mmhg == 128
    assert cuff.events.index("write 2a2b") < cuff.events.index("subscribe 2a35")


async def test_burst_of_stored_readings_yields_only_this_sessions_reading(cuffs: list[AndUA651BLE]) -> None:
    old = (StoredReading(timedelta(days=2), BloodPressurePerson(150, 95, 80)),
           StoredReading(timedelta(hours=3), BloodPressurePerson(111, 70, 58)))
    cuff = AndUA651BLE(BloodPressurePerson(121, 79, 61), stored=old, timing=FAST)
    cuffs.append(cuff)
    driver, _ = _driver(cuff)
    reading = await driver.measure()
    assert (reading.systolic_mmhg, reading.diastolic_mmhg) == (121, 79)
    assert sum(f.source == "2a35" for f in reading.frames) == 3, "all frames kept for audit"


async def test_readings_outside_the_session_are_rejected(cuffs: list[AndUA651BLE]) -> None:
    # A cuff that ignores the clock write stamps the new reading with its own (unset) clock:
    # nothing in the burst belongs to this session, so nobody else's reading is returned.
    old = (StoredReading(timedelta(days=1)),)
    cuff = AndUA651BLE(stored=old, timing=FAST, keeps_own_clock=True)
    cuffs.append(cuff)
    driver, _ = _driver(cuff)
    with pytest.raises(DriverError) as caught:
        await driver.measure()
    assert caught.value.reason is Reason.MEASUREMENT_FAILED


async def test_nan_reading_is_measurement_failed(cuffs: list[AndUA651BLE]) -> None:
    cuff = AndUA651BLE(timing=FAST, fault=Fault.NAN_READING)
    cuffs.append(cuff)
    driver, _ = _driver(cuff)
    with pytest.raises(DriverError) as caught:
        await driver.measure()
    assert caught.value.reason is Reason.MEASUREMENT_FAILED


async def test_cuff_error_status_is_cuff_error(cuffs: list[AndUA651BLE]) -> None:
    cuff = AndUA651BLE(timing=FAST, fault=Fault.DEVICE_ERROR)
    cuffs.append(cuff)
    driver, _ = _driver(cuff)
    with pytest.raises(DriverError) as caught:
        await driver.measure()
    assert caught.value.reason is Reason.CUFF_ERROR


async def test_garbage_frame_is_a_protocol_violation(cuffs: list[AndUA651BLE]) -> None:
    cuff = AndUA651BLE(timing=FAST, fault=Fault.GARBAGE)
    cuffs.append(cuff)
    driver, link = _driver(cuff)
    with pytest.raises(ProtocolViolation):
        await driver.measure()
    assert not link.is_connected


async def test_drop_mid_measurement_is_device_lost_and_no_reading(cuffs: list[AndUA651BLE]) -> None:
    cuff = AndUA651BLE(timing=FAST, fault=Fault.DROP_MID_MEASUREMENT)
    cuffs.append(cuff)
    driver, _ = _driver(cuff)
    progress: list[Progress] = []
    with pytest.raises(DeviceLost):
        await driver.measure(progress.append)
    assert progress, "the drop happened while inflating"
    assert cuff.measurements_sent == 0


async def test_slow_cuff_times_out(cuffs: list[AndUA651BLE]) -> None:
    cuff = AndUA651BLE(timing=FAST, fault=Fault.SLOW)
    cuffs.append(cuff)
    driver, link = _driver(cuff, measurement_timeout_s=0.2)
    with pytest.raises(DriverError) as caught:
        await driver.measure()
    assert caught.value.reason is Reason.TIMEOUT
    assert not link.is_connected


async def test_needs_pairing_then_succeeds_with_pair(cuffs: list[AndUA651BLE]) -> None:
    cuff = AndUA651BLE(timing=FAST, fault=Fault.NEEDS_PAIRING)
    cuffs.append(cuff)
    driver, _ = _driver(cuff)
    with pytest.raises(DriverError) as caught:
        await driver.measure()
    assert caught.value.reason is Reason.NEEDS_PAIRING
    assert "subscribe 2a35" not in cuff.events
    driver.pair = True
    reading = await driver.measure()
    assert reading.systolic_mmhg == 128


async def test_low_battery_is_a_warning_not_a_failure(cuffs: list[AndUA651BLE]) -> None:
    cuff = AndUA651BLE(timing=FAST, fault=Fault.LOW_BATTERY)
    cuffs.append(cuff)
    driver, _ = _driver(cuff)
    reading = await driver.measure()
    assert reading.systolic_mmhg == 128
    assert driver.battery_pct == 5
    assert driver.warnings == frozenset({Reason.BATTERY_LOW})


async def test_slow_service_discovery_powers_the_cuff_off_e10(cuffs: list[AndUA651BLE]) -> None:
    cuff = AndUA651BLE(timing=CuffTiming(power_off_s=0.05))
    cuffs.append(cuff)
    link = SimulatedGattLink(cuff, discovery_delay_s=0.2)
    driver = BloodPressureCuffDriver(link, _identity())
    with pytest.raises(DeviceLost):
        await driver.measure()
    assert "E10" in cuff.events


async def test_cancellation_leaves_the_link_closed(cuffs: list[AndUA651BLE]) -> None:
    import asyncio

    cuff = AndUA651BLE(timing=FAST, fault=Fault.SLOW)
    cuffs.append(cuff)
    driver, link = _driver(cuff)
    task = asyncio.create_task(driver.measure())
    await asyncio.sleep(0.3)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not link.is_connected
