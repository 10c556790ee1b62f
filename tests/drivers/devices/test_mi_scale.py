"""MiScaleDriver against the emulated Mi Body Composition Scale 2's advertisements.

Advert layout: xiaomi-ble ``_parse_scale_v2`` / openScale ``parseLive13`` (reference
devices-and-protocols.md §3.3).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from drivers.base import MeasuringDriver
from drivers.devices.mi_scale import MiScaleDriver
from drivers.emulators.mi_scale2 import MiScale2, MiScalePerson, MiScaleTiming
from drivers.emulators.scripted import Fault
from drivers.emulators.sim_adverts import SimulatedAdvertisementSource
from drivers.errors import DriverError, ProtocolViolation, Reason
from drivers.readings import DeviceIdentity, LinkKind, LiveMass, Progress


@pytest.fixture
async def scales() -> AsyncIterator[list[MiScale2]]:
    made: list[MiScale2] = []
    yield made
    for scale in made:
        await scale.aclose()


def _driver(scale: MiScale2, **kwargs: object) -> MiScaleDriver:
    identity = DeviceIdentity("XMTZC05HM", "Xiaomi", "sim://xiaomi-mi-scale-2", LinkKind.SIMULATED)
    return MiScaleDriver(SimulatedAdvertisementSource(scale), identity, **kwargs)  # type: ignore[arg-type]


async def test_weight_and_impedance_after_stepping_on(scales: list[MiScale2]) -> None:
    scale = MiScale2(MiScalePerson(mass_kg=64.75, impedance_ohm=501), previous=MiScalePerson(92.0, 400))
    scales.append(scale)
    driver = _driver(scale)
    assert isinstance(driver, MeasuringDriver)
    progress: list[Progress] = []

    reading = await driver.measure(progress.append)

    assert reading.mass_kg == pytest.approx(64.75)
    assert reading.impedance_ohm == 501
    assert reading.body_fat_pct is None, "vendor formulas are not clinical: not computed"
    assert [p.mass_kg for p in progress if isinstance(p, LiveMass)][-1] == pytest.approx(64.75)
    assert all(f.source == "advertisement" for f in reading.frames)
    assert reading.device_time is not None


async def test_previous_visitors_result_is_never_returned(scales: list[MiScale2]) -> None:
    # Nobody steps on: the scale only broadcasts the previous result -> timeout, not 92 kg.
    scale = MiScale2(fault=Fault.SLOW, previous=MiScalePerson(92.0, 400))
    scales.append(scale)
    driver = _driver(scale, timeout_s=0.1)
    with pytest.raises(DriverError) as caught:
        await driver.measure()
    assert caught.value.reason is Reason.TIMEOUT


async def test_impedance_false_returns_at_the_stable_weight(scales: list[MiScale2]) -> None:
    scale = MiScale2(timing=MiScaleTiming(impedance_s=5.0))
    scales.append(scale)
    driver = _driver(scale)
    reading = await driver.measure(impedance=False)
    assert reading.mass_kg == pytest.approx(71.3)
    assert reading.impedance_ohm is None


async def test_stepping_off_early_is_measurement_failed(scales: list[MiScale2]) -> None:
    scale = MiScale2(fault=Fault.STEP_OFF)
    scales.append(scale)
    with pytest.raises(DriverError) as caught:
        await _driver(scale).measure()
    assert caught.value.reason is Reason.MEASUREMENT_FAILED


async def test_no_impedance_is_measurement_failed(scales: list[MiScale2]) -> None:
    scale = MiScale2(fault=Fault.DEVICE_ERROR, timing=MiScaleTiming(hold_s=1.0))
    scales.append(scale)
    with pytest.raises(DriverError) as caught:
        await _driver(scale, impedance_wait_s=0.05).measure()
    assert caught.value.reason is Reason.MEASUREMENT_FAILED


async def test_garbage_advert_is_protocol_violation(scales: list[MiScale2]) -> None:
    scale = MiScale2(fault=Fault.GARBAGE)
    scales.append(scale)
    with pytest.raises(ProtocolViolation):
        await _driver(scale).measure()


async def test_other_scales_are_ignored_when_an_address_is_configured(scales: list[MiScale2]) -> None:
    scale = MiScale2()
    scales.append(scale)
    driver = _driver(scale, address="11:22:33:44:55:66", timeout_s=0.1)
    with pytest.raises(DriverError) as caught:
        await driver.measure()
    assert caught.value.reason is Reason.TIMEOUT
