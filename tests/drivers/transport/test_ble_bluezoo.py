"""Tier 3: the real drivers through bleak's *real* BlueZ backend, against bluezoo.

bleak's ``bleak/backends/bluezdbus`` code (manager, scanner, client) runs for real over
D-Bus: a private dbus-daemon carries bluezoo (a BlueZ mock) with two adapters; the kiosk
side is plain ``scan_for``/``BleakGattLink`` with ``bluez={"adapter": "hci0"}``, and the
emulator is a BlueZ GATT application + LE advertisement on ``hci1``
(tests/support/bluezoo_peripheral.py).  This catches what the bumble tier cannot: UUID
normalisation, StartNotify, D-Bus property handling, adapter selection and the scanner race
(reference devices-and-protocols.md §5.4, §6 pyramid level 3).

Runs wherever ``dbus-daemon`` and ``bluezoo`` are installed; skipped otherwise, with the
reason -- except under CI (``CI`` set), where a missing tool fails the tier.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from drivers.base import MeasuringDriver
from drivers.codecs.tindeq import SERVICE_UUID as TINDEQ_SERVICE
from drivers.codecs.tindeq import Command
from drivers.devices.bp_bls import BloodPressureCuffDriver
from drivers.devices.scale_wss_bcs import BodyCompositionScaleDriver
from drivers.devices.tindeq_grip import TindeqGripDriver
from drivers.emulators.and_ua651ble import (
    BLOOD_PRESSURE_SERVICE,
    AndUA651BLE,
    BloodPressurePerson,
    CuffTiming,
)
from drivers.emulators.scripted import Fault, ScriptedPeripheral
from drivers.emulators.tindeq_progressor import GripPerson, TindeqProgressor
from drivers.emulators.wss_bcs_scale import WEIGHT_SCALE_SERVICE, ScalePerson, WssBcsScale
from drivers.errors import DeviceLost
from drivers.readings import (
    BloodPressureReading,
    BodyCompositionReading,
    CuffPressure,
    DeviceIdentity,
    GripReading,
    LinkKind,
    LiveForce,
    Progress,
    Reading,
)
from drivers.transport.ble import BleakGattLink, scan_for
from tests.support.bluezoo_env import BluezooEnv, bluezoo, require_bluezoo, running_bluezoo
from tests.support.bluezoo_peripheral import BluezooPeripheralHost

FAST_CUFF = CuffTiming(step_s=0.001)
__all__ = ["bluezoo"]  # the fixture (tests/support/bluezoo_env.py): one fresh bluezoo per test


MakeDriver = Callable[[BleakGattLink, DeviceIdentity], MeasuringDriver]


async def _session(env: BluezooEnv, device: ScriptedPeripheral, service: str, make_driver: MakeDriver,
                   progress: list[Progress]) -> tuple[Reading, BleakGattLink]:
    """One kiosk session: scan on hci0, connect, run the real driver; always clean up."""
    host = BluezooPeripheralHost(env, device)
    await host.start()
    try:
        # scan_for registers its callback before StartDiscovery: bluezoo reports a device
        # exactly once, so a callback registered after start() misses it (§5.4 race).
        found, adv = await scan_for(lambda _d, ad: service in ad.service_uuids, 5.0, **env.bleak_kwargs)
        assert adv.local_name == device.advertisement.local_name
        link = BleakGattLink(found, **env.bleak_kwargs)
        identity = DeviceIdentity("emulated", "test", link.address, LinkKind.BLE)
        return await make_driver(link, identity).measure(progress.append), link
    finally:
        await device.aclose()
        await host.close()


async def _measure_cuff(env: BluezooEnv, cuff: AndUA651BLE,
                        progress: list[Progress]) -> tuple[BloodPressureReading, BleakGattLink]:
    reading, link = await _session(env, cuff, BLOOD_PRESSURE_SERVICE, BloodPressureCuffDriver, progress)
    assert isinstance(reading, BloodPressureReading)
    return reading, link


async def test_bp_cuff_end_to_end_through_bluez_three_times_in_a_row() -> None:
    """Three complete sessions, each on a fresh bluezoo, so a flaky step shows up here."""
    require_bluezoo()
    started = time.monotonic()
    for run in range(3):
        person = BloodPressurePerson(118 + run, 76 + run, 61 + run)
        async with running_bluezoo() as env:
            cuff = AndUA651BLE(person, timing=FAST_CUFF)
            progress: list[Progress] = []
            before = datetime.now(UTC)

            reading, link = await _measure_cuff(env, cuff, progress)

            assert (reading.systolic_mmhg, reading.diastolic_mmhg, reading.pulse_bpm) == (
                person.systolic_mmhg, person.diastolic_mmhg, person.pulse_bpm), f"run {run}"
            assert reading.device.address == env.peripheral_address
            assert reading.device.serial_number == "5140300123"  # DIS read through BlueZ
            assert any(isinstance(p, CuffPressure) for p in progress)
            assert cuff.events.index("write 2a08") < cuff.events.index("subscribe 2a35")
            assert cuff.clock_set is not None
            assert abs(cuff.clock_set - before.astimezone().replace(tzinfo=None)) < timedelta(seconds=5)
            assert not link.is_connected
    assert time.monotonic() - started < 20


async def test_bp_cuff_dropping_the_link_mid_measurement_is_device_lost(bluezoo: BluezooEnv) -> None:
    cuff = AndUA651BLE(fault=Fault.DROP_MID_MEASUREMENT, timing=FAST_CUFF)
    progress: list[Progress] = []

    with pytest.raises(DeviceLost):
        await _measure_cuff(bluezoo, cuff, progress)

    assert progress, "the cuff was inflating when it went away"
    assert cuff.measurements_sent == 0
    assert cuff.events[-1] == "disconnect"


async def test_scale_indications_through_bluez(bluezoo: BluezooEnv) -> None:
    scale = WssBcsScale(ScalePerson(mass_kg=77.5, body_fat_pct=21.5))
    reading, link = await _session(bluezoo, scale, WEIGHT_SCALE_SERVICE, BodyCompositionScaleDriver, [])

    assert isinstance(reading, BodyCompositionReading)
    assert reading.mass_kg == pytest.approx(77.5, abs=0.005)
    assert reading.body_fat_pct == pytest.approx(21.5)
    assert len([f for f in reading.frames if f.source == "2a9c"]) == 2, "both BCS packets via BlueZ"
    assert scale.events.index("write 2a08") < scale.events.index("subscribe 2a9d")
    assert not link.is_connected


async def test_grip_notifications_through_bluez(bluezoo: BluezooEnv) -> None:
    gauge = TindeqProgressor(GripPerson(peak_kgf=29.5))
    progress: list[Progress] = []
    reading, _ = await _session(bluezoo, gauge, TINDEQ_SERVICE, TindeqGripDriver, progress)

    assert isinstance(reading, GripReading)
    assert reading.peak_force_kgf == pytest.approx(29.5, abs=0.001)
    assert any(isinstance(p, LiveForce) for p in progress)
    assert gauge.commands[-1] is Command.STOP_WEIGHT_MEASUREMENT
