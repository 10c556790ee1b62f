"""Emulated A&D UA-651BLE blood-pressure cuff (BLS 0x1810 plus A&D's quirks).

GATT (reference devices-and-protocols.md §2.2, §3.1):

* BPS 0x1810: Blood Pressure Measurement 0x2A35 (indicate), Intermediate Cuff Pressure 0x2A36
  (notify), BP Feature 0x2A49 (read), and A&D's writable **Date Time 0x2A08 inside the BP
  service** (A&D sample ``BleReceivedService.java``; UC-352BLE GATT dump).  ``clock="cts"``
  serves a standard CTS 0x1805 / 0x2A2B instead (any other BLS cuff).
* A&D custom service 233BF000-... / 233BF001 (R/W), DIS (firmware "BLP008_d017"), Battery.

Behaviour (the A&D data-mode flow, §3.1): after the clock write *and* the indication
subscription on 0x2A35 the cuff "measures" the scripted :class:`BloodPressurePerson`
(0x2A36 cuff pressure notifications while inflating/deflating), then indicates every stored
reading oldest first followed by the new one, then drops the link.  If the clock is not
written within ``timing.power_off_s`` of connecting it powers off (A&D "E 10" on slow
service discovery, AndroidSampleCode issue #1).

Faults: DROP_MID_MEASUREMENT, GARBAGE, DEVICE_ERROR (NaN values + "cuff too loose" status:
the cuff could not measure because of the fit), NAN_READING, SLOW, NEEDS_PAIRING (bond
required, obniz README-ja), LOW_BATTERY.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from drivers.codecs.blood_pressure import (
    BloodPressureFeature,
    BloodPressureMeasurement,
    MeasurementStatus,
    PressureUnit,
    encode_blood_pressure_feature,
    encode_blood_pressure_measurement,
)
from drivers.codecs.date_time import DateTime, decode_current_time, decode_date_time
from drivers.codecs.errors import CodecError
from drivers.codecs.ieee11073 import Special, sfloat_from_value
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

BLOOD_PRESSURE_SERVICE = normalize_uuid("1810")
BLOOD_PRESSURE_MEASUREMENT = normalize_uuid("2a35")
INTERMEDIATE_CUFF_PRESSURE = normalize_uuid("2a36")
BLOOD_PRESSURE_FEATURE = normalize_uuid("2a49")
DATE_TIME = normalize_uuid("2a08")
CURRENT_TIME_SERVICE = normalize_uuid("1805")
CURRENT_TIME = normalize_uuid("2a2b")
AND_CUSTOM_SERVICE = "233bf000-5a34-1b6d-975c-000d5690abe4"
AND_CUSTOM_CHARACTERISTIC = "233bf001-5a34-1b6d-975c-000d5690abe4"

_ATT_VALUE_NOT_ALLOWED = 0x13  # Core Vol 3 Part F Table 3.4
_UNSET_CLOCK = datetime(2000, 1, 1)  # what a cuff's clock reads before anyone set it
_STATUS_CUFF_TOO_LOOSE = 0x0002
_STATUS_IRREGULAR_PULSE = 0x0004
_STATUS_BODY_MOVEMENT = 0x0001


@dataclass(frozen=True)
class BloodPressurePerson:
    """The scripted person in the cuff."""

    systolic_mmhg: float = 128.0
    diastolic_mmhg: float = 82.0
    pulse_bpm: float = 72.0
    irregular_pulse: bool = False
    body_movement: bool = False

    @property
    def mean_arterial_mmhg(self) -> float:
        return round(self.diastolic_mmhg + (self.systolic_mmhg - self.diastolic_mmhg) / 3)


@dataclass(frozen=True)
class StoredReading:
    """A reading from an earlier session, still in the cuff's memory (uploaded in the burst)."""

    age: timedelta
    person: BloodPressurePerson = field(default_factory=BloodPressurePerson)


@dataclass(frozen=True)
class CuffTiming:
    """Seconds; the defaults keep tests fast (a real cuff takes ~40 s)."""

    inflate_steps: int = 6
    step_s: float = 0.005
    indication_gap_s: float = 0.0
    power_off_s: float = 2.0  # no clock write within this after connecting: E 10
    slow_s: float = 30.0  # Fault.SLOW: the cuff sits this long before measuring


class AndUA651BLE(ScriptedPeripheral):
    """The emulated cuff.  ``events`` logs what the central did, in order."""

    def __init__(self, person: BloodPressurePerson | None = None, *,
                 stored: tuple[StoredReading, ...] = (),
                 fault: Fault = Fault.NONE, timing: CuffTiming | None = None,
                 clock: str = "date_time", battery_pct: int = 85,
                 info: DeviceInfo | None = None, address: str = "5C:0E:8B:00:65:1B",
                 time_stamps: bool = True, keeps_own_clock: bool = False,
                 local_name: str = "A&D_UA-651_1B") -> None:
        super().__init__()
        self.person = person or BloodPressurePerson()
        self.stored = stored
        self.fault = fault
        self.timing = timing or CuffTiming()
        self.clock_kind = clock
        self.time_stamps = time_stamps
        self.keeps_own_clock = keeps_own_clock  # accepts the clock write but never uses it
        self.address = address
        self.info = info or DeviceInfo("A&D Medical", "UA-651BLE", "5140300123", "BLP008_d017")
        self.clock_set: datetime | None = None  # the value the central wrote
        self._clock_set_at = 0.0  # loop time of that write
        self.measurements_sent = 0
        self.measuring = False  # this connection's measurement has started
        self.clock_written = False  # ... and its clock write arrived
        bonded = fault is Fault.NEEDS_PAIRING
        level = 5 if fault in (Fault.LOW_BATTERY, Fault.BATTERY_REFUSED) else battery_pct
        self.advertisement = Advertisement(local_name=local_name,
                                           service_uuids=(BLOOD_PRESSURE_SERVICE,))
        bp = [
            VirtualCharacteristic(BLOOD_PRESSURE_MEASUREMENT, INDICATE, requires_encryption=bonded),
            VirtualCharacteristic(INTERMEDIATE_CUFF_PRESSURE, NOTIFY, requires_encryption=bonded),
            VirtualCharacteristic(BLOOD_PRESSURE_FEATURE, READ, encode_blood_pressure_feature(
                BloodPressureFeature(0x0005))),  # body movement + irregular pulse detection
        ]
        self.services = {BLOOD_PRESSURE_SERVICE: bp}
        if clock == "date_time":
            bp.append(VirtualCharacteristic(DATE_TIME, READ_WRITE, requires_encryption=bonded))
        else:
            self.services[CURRENT_TIME_SERVICE] = [
                VirtualCharacteristic(CURRENT_TIME, READ_WRITE | NOTIFY, requires_encryption=bonded)]
        self.services[AND_CUSTOM_SERVICE] = [VirtualCharacteristic(AND_CUSTOM_CHARACTERISTIC, READ_WRITE)]
        self.services[normalize_uuid(DEVICE_INFORMATION_SERVICE)] = device_information(self.info)
        self.services[normalize_uuid(BATTERY_SERVICE)] = battery(level)

    # --- the cuff's clock -----------------------------------------------------------------
    def device_now(self) -> datetime:
        if self.clock_set is None or self.keeps_own_clock:
            return _UNSET_CLOCK
        elapsed = asyncio.get_running_loop().time() - self._clock_set_at
        return self.clock_set + timedelta(seconds=elapsed)

    # --- hooks ---------------------------------------------------------------------------------
    async def on_connect(self, host: PeripheralHost) -> None:
        await super().on_connect(host)
        self.clock_written = False
        self.spawn(self._power_off_unless_clock_written())

    async def on_disconnect(self) -> None:
        self.measuring = False
        await super().on_disconnect()

    async def on_write(self, uuid: str, data: bytes) -> None:
        if uuid in (DATE_TIME, CURRENT_TIME):
            try:
                value = decode_date_time(data) if uuid == DATE_TIME else decode_current_time(data).date_time
            except CodecError as err:
                raise AttError(_ATT_VALUE_NOT_ALLOWED) from err
            moment = value.to_datetime()
            if moment is None:
                raise AttError(_ATT_VALUE_NOT_ALLOWED)
            self.clock_set = moment
            self.clock_written = True
            self._clock_set_at = asyncio.get_running_loop().time()
        await super().on_write(uuid, data)
        self._maybe_start()

    async def on_subscribe(self, uuid: str) -> None:
        await super().on_subscribe(uuid)
        self._maybe_start()

    def _maybe_start(self) -> None:
        ready = self.clock_written and BLOOD_PRESSURE_MEASUREMENT in self.subscribed
        if ready and not self.measuring:
            self.measuring = True
            self.events.append("measure")
            self.spawn(self._measure())

    # --- scripts -------------------------------------------------------------------------------
    async def _power_off_unless_clock_written(self) -> None:
        await asyncio.sleep(self.timing.power_off_s)
        if not self.clock_written:
            self.events.append("E10")
            await self.drop_link()

    async def _measure(self) -> None:
        host = self.host
        if host is None:
            return
        if self.fault is Fault.SLOW:
            await asyncio.sleep(self.timing.slow_s)
        if self.fault is Fault.BATTERY_REFUSED:
            await self.drop_link()  # the cuff shows its battery symbol and switches off
            return
        steps = self.timing.inflate_steps
        peak = self.person.systolic_mmhg + 30
        for step in range(2 * steps):
            rising = step < steps
            pressure = peak * (step + 1) / steps if rising else peak * (2 * steps - step - 1) / steps
            await host.notify(INTERMEDIATE_CUFF_PRESSURE, self._cuff_pressure(pressure))
            if self.fault is Fault.DROP_MID_MEASUREMENT and step == steps:
                await self.drop_link()
                return
            await asyncio.sleep(self.timing.step_s)
        now = self.device_now()
        for old in self.stored:  # the A&D burst: stored readings first, oldest first
            await host.notify(BLOOD_PRESSURE_MEASUREMENT, self.measurement_bytes(old.person, now - old.age))
            await asyncio.sleep(self.timing.indication_gap_s)
        await host.notify(BLOOD_PRESSURE_MEASUREMENT, self._new_reading(now))
        self.measurements_sent += 1
        await self.drop_link()

    def _cuff_pressure(self, pressure_mmhg: float) -> bytes:
        nan = Special.NAN
        return encode_blood_pressure_measurement(BloodPressureMeasurement(
            PressureUnit.MMHG, sfloat_from_value(max(pressure_mmhg, 0.0), 0), nan, nan))

    def _new_reading(self, now: datetime) -> bytes:
        if self.fault is Fault.GARBAGE:
            return b"\xe0\x01"  # RFU flag bits and a truncated body
        frame = self.measurement_record(self.person, now)
        if self.fault in (Fault.NAN_READING, Fault.DEVICE_ERROR):
            nan = Special.NAN
            frame = replace(frame, systolic=nan, diastolic=nan, mean_arterial_pressure=nan,
                            pulse_rate_bpm=nan)
        if self.fault is Fault.DEVICE_ERROR:
            frame = replace(frame, status=MeasurementStatus(_STATUS_CUFF_TOO_LOOSE))
        return encode_blood_pressure_measurement(frame)

    def measurement_record(self, person: BloodPressurePerson, when: datetime) -> BloodPressureMeasurement:
        status = ((_STATUS_IRREGULAR_PULSE if person.irregular_pulse else 0)
                  | (_STATUS_BODY_MOVEMENT if person.body_movement else 0))
        return BloodPressureMeasurement(
            PressureUnit.MMHG,
            sfloat_from_value(person.systolic_mmhg, 0),
            sfloat_from_value(person.diastolic_mmhg, 0),
            sfloat_from_value(person.mean_arterial_mmhg, 0),
            timestamp=DateTime.from_datetime(when) if self.time_stamps else None,
            pulse_rate_bpm=sfloat_from_value(person.pulse_bpm, 0),
            user_id=1,
            status=MeasurementStatus(status),
        )

    def measurement_bytes(self, person: BloodPressurePerson, when: datetime) -> bytes:
        return encode_blood_pressure_measurement(self.measurement_record(person, when))
