"""Emulated standard scale: Weight Scale 0x181D + Body Composition 0x181B (A&D UC-352BLE style).

GATT (reference devices-and-protocols.md §2.4, §2.5, §3.1): WSS with Weight Measurement
0x2A9D (indicate) and Feature 0x2A9E, plus -- like the UC-352BLE (HEADS-project/ThingML-BLE
``AND_Medical_UC352BLE.md``) -- a writable Date Time 0x2A08 inside the WSS service
(``clock="cts"``: a Current Time Service 0x2A2B instead, as openScale's standard scales).
With ``body_composition`` also BCS with Body Composition Measurement 0x2A9C (indicate) and
Feature 0x2A9B; a full record does not fit the default 20-octet ATT payload, so it goes as
two indications with the Multiple Packet bit (§2.5).  DIS and Battery.

Behaviour: once the clock is written and 0x2A9D is subscribed, the scripted person steps on
(``timing.step_on_s``); the scale indicates stored readings (oldest first), then the new
weight, then the body-composition packets, then drops the link (A&D) or, with
``disconnect_after=False``, stays connected.

Faults: DROP_MID_MEASUREMENT (drops between the two BCS packets), GARBAGE, NAN_READING
(weight 0xFFFF "measurement unsuccessful"), DEVICE_ERROR (body fat 0xFFFF: no impedance
contact), SLOW, NEEDS_PAIRING, LOW_BATTERY.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from drivers.codecs.body_composition import (
    BodyCompositionFeature,
    BodyCompositionMeasurement,
    encode_body_composition_feature,
    split_measurement,
)
from drivers.codecs.date_time import DateTime, decode_current_time, decode_date_time
from drivers.codecs.errors import CodecError
from drivers.codecs.units import UNSUCCESSFUL, UnitSystem
from drivers.codecs.weight_scale import (
    WeightMeasurement,
    WeightScaleFeature,
    encode_weight_measurement,
    encode_weight_scale_feature,
)
from drivers.emulators.gatt import Advertisement, AttError, PeripheralHost, VirtualCharacteristic
from drivers.emulators.scripted import (
    BATTERY_SERVICE,
    DEVICE_INFORMATION_SERVICE,
    INDICATE,
    NOTIFY,
    READ,
    READ_WRITE,
    DeviceInfo,
    Fault,
    ScriptedPeripheral,
    battery,
    device_information,
)
from drivers.transport.gatt import normalize_uuid

WEIGHT_SCALE_SERVICE = normalize_uuid("181d")
WEIGHT_MEASUREMENT = normalize_uuid("2a9d")
WEIGHT_SCALE_FEATURE = normalize_uuid("2a9e")
BODY_COMPOSITION_SERVICE = normalize_uuid("181b")
BODY_COMPOSITION_MEASUREMENT = normalize_uuid("2a9c")
BODY_COMPOSITION_FEATURE = normalize_uuid("2a9b")
DATE_TIME = normalize_uuid("2a08")
CURRENT_TIME_SERVICE = normalize_uuid("1805")
CURRENT_TIME = normalize_uuid("2a2b")

_ATT_VALUE_NOT_ALLOWED = 0x13
_UNSET_CLOCK = datetime(2000, 1, 1)
# 0x2A9E: time stamp (bit0) + BMI (bit2) + weight resolution 0.005 kg (7 << 3) + height 0.001 m (3 << 7)
_WSS_FEATURE = 0x01 | 0x04 | (7 << 3) | (3 << 7)
# 0x2A9B: time stamp, basal metabolism, muscle mass, fat-free mass, body water, impedance, weight, height
_BCS_FEATURE = 0x001 | 0x004 | 0x010 | 0x020 | 0x080 | 0x100 | 0x200 | 0x400 | (7 << 11) | (3 << 15)


@dataclass(frozen=True)
class ScalePerson:
    """The scripted person on the scale."""

    mass_kg: float = 68.4
    height_m: float = 1.68
    body_fat_pct: float = 24.5
    impedance_ohm: float = 512.3
    muscle_mass_kg: float = 48.9
    fat_free_mass_kg: float = 51.6
    body_water_kg: float = 37.8
    basal_metabolism_kj: float = 6150.0

    @property
    def bmi_kg_m2(self) -> float:
        return round(self.mass_kg / self.height_m**2, 1)


@dataclass(frozen=True)
class StoredWeighing:
    age: timedelta
    person: ScalePerson = field(default_factory=ScalePerson)


@dataclass(frozen=True)
class ScaleTiming:
    step_on_s: float = 0.01
    packet_gap_s: float = 0.0
    slow_s: float = 30.0


class WssBcsScale(ScriptedPeripheral):
    """The emulated scale; ``events`` logs what the central did, in order."""

    def __init__(self, person: ScalePerson | None = None, *, body_composition: bool = True,
                 stored: tuple[StoredWeighing, ...] = (), fault: Fault = Fault.NONE,
                 timing: ScaleTiming | None = None, clock: str = "date_time",
                 disconnect_after: bool = True, battery_pct: int = 90,
                 info: DeviceInfo | None = None, address: str = "5C:0E:8B:03:52:BE",
                 local_name: str = "A&D_UC-352_BE") -> None:
        super().__init__()
        self.person = person or ScalePerson()
        self.body_composition = body_composition
        self.stored = stored
        self.fault = fault
        self.timing = timing or ScaleTiming()
        self.disconnect_after = disconnect_after
        self.address = address
        model = "UC-352BLE" if not body_composition else "BC-352BLE (sim)"
        self.info = info or DeviceInfo("A&D Medical", model, "5160300456", "WSP001_201")
        self.clock_set: datetime | None = None
        self._clock_set_at = 0.0
        self.measurements_sent = 0
        self.measuring = False  # this connection's measurement has started
        bonded = fault is Fault.NEEDS_PAIRING
        level = 5 if fault is Fault.LOW_BATTERY else battery_pct
        wss = [
            VirtualCharacteristic(WEIGHT_MEASUREMENT, INDICATE, requires_encryption=bonded),
            VirtualCharacteristic(WEIGHT_SCALE_FEATURE, READ,
                                  encode_weight_scale_feature(WeightScaleFeature(_WSS_FEATURE))),
        ]
        self.services = {WEIGHT_SCALE_SERVICE: wss}
        uuids = [WEIGHT_SCALE_SERVICE]
        if body_composition:
            uuids.append(BODY_COMPOSITION_SERVICE)
            self.services[BODY_COMPOSITION_SERVICE] = [
                VirtualCharacteristic(BODY_COMPOSITION_MEASUREMENT, INDICATE, requires_encryption=bonded),
                VirtualCharacteristic(BODY_COMPOSITION_FEATURE, READ, encode_body_composition_feature(
                    BodyCompositionFeature(_BCS_FEATURE))),
            ]
        if clock == "date_time":
            wss.append(VirtualCharacteristic(DATE_TIME, READ_WRITE, requires_encryption=bonded))
        else:
            self.services[CURRENT_TIME_SERVICE] = [
                VirtualCharacteristic(CURRENT_TIME, READ_WRITE | NOTIFY, requires_encryption=bonded)]
        self.services[normalize_uuid(DEVICE_INFORMATION_SERVICE)] = device_information(self.info)
        self.services[normalize_uuid(BATTERY_SERVICE)] = battery(level)
        self.advertisement = Advertisement(local_name=local_name, service_uuids=tuple(uuids))

    def device_now(self) -> datetime:
        if self.clock_set is None:
            return _UNSET_CLOCK
        return self.clock_set + timedelta(seconds=asyncio.get_running_loop().time() - self._clock_set_at)

    # --- hooks -----------------------------------------------------------------------------------
    async def on_disconnect(self) -> None:
        self.measuring = False
        await super().on_disconnect()

    async def on_write(self, uuid: str, data: bytes) -> None:
        if uuid in (DATE_TIME, CURRENT_TIME):
            try:
                value = decode_date_time(data) if uuid == DATE_TIME else decode_current_time(data).date_time
            except CodecError as err:
                raise AttError(_ATT_VALUE_NOT_ALLOWED) from err
            self.clock_set = value.to_datetime()
            self._clock_set_at = asyncio.get_running_loop().time()
        await super().on_write(uuid, data)
        self._maybe_start()

    async def on_subscribe(self, uuid: str) -> None:
        await super().on_subscribe(uuid)
        self._maybe_start()

    def _maybe_start(self) -> None:
        ready = self.clock_set is not None and WEIGHT_MEASUREMENT in self.subscribed
        if ready and not self.measuring:
            self.measuring = True
            self.events.append("measure")
            self.spawn(self._measure())

    # --- the weighing ------------------------------------------------------------------------------
    async def _measure(self) -> None:
        host = self.host
        if host is None:
            return
        await asyncio.sleep(self.timing.slow_s if self.fault is Fault.SLOW else self.timing.step_on_s)
        now = self.device_now()
        for old in self.stored:
            await self._send(host, old.person, now - old.age, fault=Fault.NONE)
        await self._send(host, self.person, now, fault=self.fault)
        if self.fault is Fault.DROP_MID_MEASUREMENT:
            return
        self.measurements_sent += 1
        if self.disconnect_after:
            await self.drop_link()

    async def _send(self, host: PeripheralHost, person: ScalePerson, when: datetime, *, fault: Fault) -> None:
        stamp = DateTime.from_datetime(when)
        if fault is Fault.GARBAGE:
            await host.notify(WEIGHT_MEASUREMENT, b"\xf0\x4c")  # RFU flags, truncated weight
            return
        mass = UNSUCCESSFUL if fault is Fault.NAN_READING else person.mass_kg
        weight = WeightMeasurement(UnitSystem.SI, mass, stamp, None, person.bmi_kg_m2, person.height_m)
        await host.notify(WEIGHT_MEASUREMENT, encode_weight_measurement(weight))
        if not self.body_composition:
            return
        await asyncio.sleep(self.timing.packet_gap_s)
        body = BodyCompositionMeasurement(
            UnitSystem.SI,
            UNSUCCESSFUL if fault is Fault.DEVICE_ERROR else person.body_fat_pct,
            timestamp=stamp,
            basal_metabolism_kj=person.basal_metabolism_kj,
            muscle_mass_kg=person.muscle_mass_kg,
            fat_free_mass_kg=person.fat_free_mass_kg,
            body_water_mass_kg=person.body_water_kg,
            impedance_ohm=None if fault is Fault.DEVICE_ERROR else person.impedance_ohm,
            mass_kg=person.mass_kg,
            height_m=person.height_m,
        )
        packets = split_measurement(body)
        for index, packet in enumerate(packets):
            if fault is Fault.DROP_MID_MEASUREMENT and index == len(packets) - 1:
                await self.drop_link()
                return
            await host.notify(BODY_COMPOSITION_MEASUREMENT, packet)
            await asyncio.sleep(self.timing.packet_gap_s)
