"""Tier 5 (opt-in): one measurement per device family on a REAL device, through the registry.

Skipped unless a device is named (tests/drivers/conftest.py)::

    pytest tests/drivers/test_hardware.py -s --ble-address 5C:0E:8B:00:65:1B --ble-pair
    pytest tests/drivers/test_hardware.py -s --device-port /dev/ttyUSB0 --device-model and-fx-i

A BLE device says what it is in its advertisement (``drivers.registry.match_advertisement``);
a serial device is named with ``--device-model``.  The family tests that do not fit the named
device skip with that reason, so one command line checks one device.  A technician follows
the prompt printed with ``-s`` (put the cuff on, step on the scale, squeeze the handle).
Reference devices-and-protocols.md §6 pyramid level 5 (hardware acceptance per model).
"""

from __future__ import annotations

import pytest

from drivers.base import MeasuringDriver
from drivers.readings import (
    BloodPressureReading,
    BodyCompositionReading,
    DeviceKind,
    GripReading,
    Progress,
    Reading,
)
from drivers.registry import DeviceSpec, match_advertisement, open_driver, spec_for
from drivers.transport.adverts import AdvertisementReport
from drivers.transport.ble import scan_for
from drivers.transport.gatt import normalize_uuid

pytestmark = pytest.mark.hardware

SCAN_S = 30.0  # a sleepy scale advertises only while someone stands on it
PROMPTS = {
    DeviceKind.BLOOD_PRESSURE: "put the cuff on and press START",
    DeviceKind.SCALE: "step on the scale and stand still",
    DeviceKind.GRIP: "squeeze the handle as hard as you can, then let go",
}


async def _ble_spec(address: str) -> DeviceSpec:
    wanted = address.upper()
    device, adv = await scan_for(lambda d, _ad: d.address.upper() == wanted, SCAN_S)
    report = AdvertisementReport(
        address=device.address, local_name=adv.local_name or device.name,
        service_uuids=tuple(normalize_uuid(u) for u in adv.service_uuids),
        manufacturer_data=dict(adv.manufacturer_data),
        service_data={normalize_uuid(k): bytes(v) for k, v in adv.service_data.items()}, rssi=adv.rssi)
    spec = match_advertisement(report)
    if spec is None:
        pytest.fail(f"no registry row matches the advertisement of {address}: {adv}")
    return spec


async def _open(kind: DeviceKind, ble_address: str | None, device_port: tuple[str, str] | None,
                ble_pair: bool) -> MeasuringDriver:
    if ble_address is None and device_port is None:
        pytest.skip("real-device tier: give --ble-address ADDR, or --device-port PORT --device-model ID")
    if ble_address is not None:
        spec, address = await _ble_spec(ble_address), ble_address
    else:
        assert device_port is not None
        address, model = device_port
        spec = spec_for(model)
    if spec.kind is not kind:
        pytest.skip(f"{address} is a {spec.kind.value} device ({spec.id}), not {kind.value}")
    print(f"\n{spec.manufacturer} {spec.model} at {address}: {PROMPTS[kind]}")
    return open_driver(spec.id, address, pair=ble_pair or spec.capabilities.needs_bond)


async def _measure(driver: MeasuringDriver) -> Reading:
    progress: list[Progress] = []
    try:
        reading = await driver.measure(progress.append)
    finally:
        await driver.close()
    print(f"reading: {reading!r}\nprogress updates: {len(progress)}")
    assert reading.device.model, "identity recorded"
    return reading


async def test_blood_pressure_cuff(ble_address: str | None, device_port: tuple[str, str] | None,
                                   ble_pair: bool) -> None:
    reading = await _measure(await _open(DeviceKind.BLOOD_PRESSURE, ble_address, device_port, ble_pair))
    assert isinstance(reading, BloodPressureReading)
    assert 60 <= reading.systolic_mmhg <= 260 and 30 <= reading.diastolic_mmhg < reading.systolic_mmhg
    assert reading.frames, "raw frames kept for audit"


async def test_scale(ble_address: str | None, device_port: tuple[str, str] | None, ble_pair: bool) -> None:
    reading = await _measure(await _open(DeviceKind.SCALE, ble_address, device_port, ble_pair))
    assert isinstance(reading, BodyCompositionReading)
    assert 2 <= reading.mass_kg <= 300
    assert reading.frames, "raw frames kept for audit"


async def test_grip_dynamometer(ble_address: str | None, device_port: tuple[str, str] | None,
                                ble_pair: bool) -> None:
    reading = await _measure(await _open(DeviceKind.GRIP, ble_address, device_port, ble_pair))
    assert isinstance(reading, GripReading)
    assert 0 < reading.peak_force_kgf <= 150
