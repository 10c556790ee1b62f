"""``sim://`` BLE devices at human pace: the emulators the kiosk's simulated setup runs.

Keys are the registry's emulator names (drivers/registry.py).  Each call makes a fresh
emulator; :func:`drivers.registry.open_driver` puts it behind ``SimulatedGattLink`` (GATT
devices) or ``SimulatedAdvertisementSource`` (the Mi scale), so the production driver runs
unchanged.  Timings are slowed to what a visitor sees (a cuff inflating for a few seconds);
tests build the emulators directly with fast timings.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from drivers.emulators.and_ua651ble import AndUA651BLE, BloodPressurePerson, CuffTiming, StoredReading
from drivers.emulators.gatt import VirtualPeripheral
from drivers.emulators.mi_scale2 import MiScale2, MiScaleTiming
from drivers.emulators.scripted import DeviceInfo
from drivers.emulators.tindeq_progressor import GaugeTiming, GripPerson, TindeqProgressor
from drivers.emulators.wss_bcs_scale import ScaleTiming, WssBcsScale

_CUFF_TIMING = CuffTiming(inflate_steps=24, step_s=0.12, power_off_s=20.0)
_SCALE_TIMING = ScaleTiming(step_on_s=2.5, packet_gap_s=0.05)


def and_ua651ble() -> VirtualPeripheral:
    # one earlier visitor's reading is still in memory: the burst filter is always exercised
    stored = (StoredReading(timedelta(hours=20), BloodPressurePerson(146, 92, 84)),)
    return AndUA651BLE(BloodPressurePerson(124, 79, 68), stored=stored, timing=_CUFF_TIMING)


def bls_cuff() -> VirtualPeripheral:
    return AndUA651BLE(BloodPressurePerson(131, 84, 73), timing=_CUFF_TIMING, clock="cts",
                       local_name="BLS-CUFF", address="00:1B:DC:18:10:01",
                       info=DeviceInfo("Generic", "BLS cuff (sim)", "SIM1810", "1.0"))


def and_uc352ble() -> VirtualPeripheral:
    return WssBcsScale(body_composition=False, timing=_SCALE_TIMING)


def wss_bcs_scale() -> VirtualPeripheral:
    return WssBcsScale(timing=_SCALE_TIMING, clock="cts", disconnect_after=False,
                       local_name="BCS-SCALE", address="00:1B:DC:18:1B:01",
                       info=DeviceInfo("Generic", "WSS/BCS scale (sim)", "SIM181B", "1.0"))


def xiaomi_mi_scale_2() -> VirtualPeripheral:
    return MiScale2(timing=MiScaleTiming(step_on_s=1.5, unstable_steps=12, step_s=0.25,
                                         impedance_s=2.5, hold_s=3.0))


def tindeq_progressor() -> VirtualPeripheral:
    # 80 Hz: 1 s idle, 0.75 s rise, 1 s hold, 0.5 s release; 4 samples per 50 ms frame
    return TindeqProgressor(GripPerson(peak_kgf=29.4, idle_samples=80, rise_samples=60,
                                       hold_samples=80, release_samples=40),
                            timing=GaugeTiming(samples_per_frame=4, frame_interval_s=0.05))


SIMULATORS: dict[str, Callable[[], VirtualPeripheral]] = {
    "and-ua-651ble": and_ua651ble,
    "bls-cuff": bls_cuff,
    "and-uc-352ble": and_uc352ble,
    "wss-bcs-scale": wss_bcs_scale,
    "xiaomi-mi-scale-2": xiaomi_mi_scale_2,
    "tindeq-progressor": tindeq_progressor,
}
