"""BodyCompositionScaleDriver against the emulated WSS/BCS scale over SimulatedGattLink.

Layouts: WSS 0x2A9D / BCS 0x2A9C (reference devices-and-protocols.md §2.4-2.5); the A&D
Date Time in the WSS service follows the UC-352BLE GATT dump (§2.3, §3.1).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from drivers.base import MeasuringDriver
from drivers.devices.scale_wss_bcs import BodyCompositionScaleDriver
from drivers.emulators.scripted import Fault
from drivers.emulators.sim_link import SimulatedGattLink
from drivers.emulators.wss_bcs_scale import ScalePerson, ScaleTiming, StoredWeighing, WssBcsScale
from drivers.errors import DeviceLost, DriverError, ProtocolViolation, Reason
from drivers.readings import DeviceIdentity, LinkKind

FAST = ScaleTiming(step_on_s=0.001, slow_s=5.0)


@pytest.fixture
async def scales() -> AsyncIterator[list[WssBcsScale]]:
    made: list[WssBcsScale] = []
    yield made
    for scale in made:
        await scale.aclose()


def _driver(scale: WssBcsScale, **kwargs: object) -> tuple[BodyCompositionScaleDriver, SimulatedGattLink]:
    link = SimulatedGattLink(scale, address="sim://and-uc-352ble")
    identity = DeviceIdentity("UC-352BLE", "A&D", "sim://and-uc-352ble", LinkKind.SIMULATED)
    return BodyCompositionScaleDriver(link, identity, **kwargs), link  # type: ignore[arg-type]


async def test_body_composition_from_two_packets_and_weight(scales: list[WssBcsScale]) -> None:
    person = ScalePerson(mass_kg=72.35, height_m=1.712, body_fat_pct=27.1, impedance_ohm=488.6)
    scale = WssBcsScale(person, timing=FAST)
    scales.append(scale)
    driver, link = _driver(scale)
    assert isinstance(driver, MeasuringDriver)

    reading = await driver.measure()

    assert reading.mass_kg == pytest.approx(72.35, abs=0.005)
    assert reading.height_m == pytest.approx(1.712, abs=0.001)
    assert reading.body_fat_pct == pytest.approx(27.1)
    assert reading.impedance_ohm == pytest.approx(488.6)
    assert reading.muscle_mass_kg == pytest.approx(person.muscle_mass_kg, abs=0.005)
    assert reading.body_water_kg == pytest.approx(person.body_water_kg, abs=0.005)
    assert reading.basal_metabolism_kj == pytest.approx(person.basal_metabolism_kj)
    assert reading.bmi_kg_m2 == pytest.approx(person.bmi_kg_m2, abs=0.05)
    assert reading.device.serial_number == "5160300456"
    assert reading.device_time is not None
    body_frames = [f for f in reading.frames if f.source == "2a9c"]
    assert len(body_frames) == 2, "the record did not fit 20 octets: two packets, both kept"
    assert all(f.data[1] & 0x10 for f in body_frames), "Multiple Packet bit12 set on both"
    assert not link.is_connected


async def test_clock_is_written_before_indications_are_enabled(scales: list[WssBcsScale]) -> None:
    scale = WssBcsScale(timing=FAST, clock="cts")
    scales.append(scale)
    driver, _ = _driver(scale)
    await driver.measure()
    clock_write = scale.events.index("write 2a2b")
    assert clock_write < scale.events.index("subscribe 2a9c")
    assert clock_write < scale.events.index("subscribe 2a9d")


async def test_weight_only_scale(scales: list[WssBcsScale]) -> None:
    scale = WssBcsScale(ScalePerson(mass_kg=55.0), body_composition=False, timing=FAST)
    scales.append(scale)
    driver, _ = _driver(scale)
    reading = await driver.measure()
    assert reading.mass_kg == pytest.approx(55.0)
    assert reading.body_fat_pct is None
    assert reading.impedance_ohm is None


async def test_impedance_false_never_subscribes_body_composition(scales: list[WssBcsScale]) -> None:
    scale = WssBcsScale(timing=FAST)
    scales.append(scale)
    driver, _ = _driver(scale)
    reading = await driver.measure(impedance=False)
    assert "subscribe 2a9c" not in scale.events
    assert reading.impedance_ohm is None
    assert reading.body_fat_pct is None
    assert reading.mass_kg == pytest.approx(68.4)


async def test_scale_that_stays_connected_settles(scales: list[WssBcsScale]) -> None:
    scale = WssBcsScale(timing=FAST, disconnect_after=False)
    scales.append(scale)
    driver, link = _driver(scale, settle_s=0.05)
    reading = await driver.measure()
    assert reading.body_fat_pct == pytest.approx(24.5)
    assert not link.is_connected


async def test_stored_weighings_of_earlier_visitors_are_ignored(scales: list[WssBcsScale]) -> None:
    stored = (StoredWeighing(timedelta(days=1), ScalePerson(mass_kg=90.0, body_fat_pct=33.0)),)
    scale = WssBcsScale(ScalePerson(mass_kg=61.2), stored=stored, timing=FAST)
    scales.append(scale)
    driver, _ = _driver(scale)
    reading = await driver.measure()
    assert reading.mass_kg == pytest.approx(61.2)
    assert reading.body_fat_pct == pytest.approx(24.5)


@pytest.mark.parametrize("fault", [Fault.NAN_READING, Fault.DEVICE_ERROR])
async def test_unsuccessful_values_are_measurement_failed(scales: list[WssBcsScale], fault: Fault) -> None:
    scale = WssBcsScale(timing=FAST, fault=fault)
    scales.append(scale)
    driver, _ = _driver(scale)
    with pytest.raises(DriverError) as caught:
        await driver.measure()
    assert caught.value.reason is Reason.MEASUREMENT_FAILED


async def test_garbage_is_a_protocol_violation(scales: list[WssBcsScale]) -> None:
    scale = WssBcsScale(timing=FAST, fault=Fault.GARBAGE)
    scales.append(scale)
    driver, _ = _driver(scale)
    with pytest.raises(ProtocolViolation):
        await driver.measure()


async def test_drop_between_the_two_packets_is_device_lost(scales: list[WssBcsScale]) -> None:
    scale = WssBcsScale(timing=FAST, fault=Fault.DROP_MID_MEASUREMENT)
    scales.append(scale)
    driver, _ = _driver(scale)
    with pytest.raises(DeviceLost):
        await driver.measure()
    assert scale.events[-1] == "disconnect"
    assert scale.measurements_sent == 0


async def test_slow_scale_times_out(scales: list[WssBcsScale]) -> None:
    scale = WssBcsScale(timing=FAST, fault=Fault.SLOW)
    scales.append(scale)
    driver, _ = _driver(scale, measurement_timeout_s=0.1)
    with pytest.raises(DriverError) as caught:
        await driver.measure()
    assert caught.value.reason is Reason.TIMEOUT


async def test_needs_pairing_then_pair(scales: list[WssBcsScale]) -> None:
    scale = WssBcsScale(timing=FAST, fault=Fault.NEEDS_PAIRING)
    scales.append(scale)
    driver, _ = _driver(scale)
    with pytest.raises(DriverError) as caught:
        await driver.measure()
    assert caught.value.reason is Reason.NEEDS_PAIRING
    driver.pair = True
    assert (await driver.measure()).mass_kg == pytest.approx(68.4)


async def test_low_battery_warning(scales: list[WssBcsScale]) -> None:
    scale = WssBcsScale(timing=FAST, fault=Fault.LOW_BATTERY)
    scales.append(scale)
    driver, _ = _driver(scale)
    await driver.measure()
    assert driver.warnings == frozenset({Reason.BATTERY_LOW})


class _DropsAfterWeight(WssBcsScale):
    """Sends this session's weight, then the link drops before any body composition."""

    async def _send(self, host, person, when, *, fault):  # type: ignore[no-untyped-def]
        from drivers.codecs.date_time import DateTime
        from drivers.codecs.units import UnitSystem
        from drivers.codecs.weight_scale import WeightMeasurement, encode_weight_measurement
        from drivers.emulators.wss_bcs_scale import WEIGHT_MEASUREMENT

        weight = WeightMeasurement(UnitSystem.SI, person.mass_kg, DateTime.from_datetime(when))
        await host.notify(WEIGHT_MEASUREMENT, encode_weight_measurement(weight))
        await self.drop_link()


async def test_drop_after_weight_before_body_composition_is_device_lost(scales: list[WssBcsScale]) -> None:
    scale = _DropsAfterWeight(timing=FAST)
    scales.append(scale)
    driver, _ = _driver(scale)
    with pytest.raises(DeviceLost):
        await driver.measure()
