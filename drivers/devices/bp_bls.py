"""Blood-pressure cuff driver: Blood Pressure Service 0x1810 (BLS 1.0) plus A&D's quirks.

State machine over an injected :class:`GattLink` (reference devices-and-protocols.md §2.2,
§3.1, §6):

1. connect (bond when ``pair``), read DIS identity and battery level;
2. A&D: wait 40/100 ms by firmware, write the clock (Date Time 0x2A08 when the BP service
   has one, else Current Time 0x2A2B), wait again -- the clock is ALWAYS written before any
   indication is enabled, so the new reading carries this station's time;
3. subscribe to Intermediate Cuff Pressure 0x2A36 (progress) and Blood Pressure Measurement
   0x2A35 (indications);
4. collect until the cuff drops the link (A&D ends its upload that way) or, for cuffs that
   stay connected, until no further reading arrived for ``settle_s``;
5. pick this visitor's reading: the newest one whose device time lies in this session (the
   A&D burst also carries earlier visitors' stored readings).

Outcomes: NaN/NRes pressures -> MEASUREMENT_FAILED, or CUFF_ERROR when the cuff's status
says the cuff was too loose (it could not measure because of the fit); a link lost before a
reading of this session arrived -> DeviceLost (never a partial reading); undecodable
measurement bytes -> ProtocolViolation; nothing within ``measurement_timeout_s`` -> TIMEOUT.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from drivers.base import ProgressCallback
from drivers.codecs.blood_pressure import (
    BloodPressureMeasurement,
    decode_blood_pressure_measurement,
    decode_intermediate_cuff_pressure,
)
from drivers.codecs.errors import CodecError
from drivers.codecs.ieee11073 import Special
from drivers.devices.gatt_common import (
    LOW_BATTERY_PCT,
    Clock,
    Collector,
    GattDriver,
    SessionWindow,
    and_step_delay_s,
    collect_burst,
    read_battery_pct,
    read_identity,
    utc_now,
    write_device_clock,
)
from drivers.errors import DeviceLost, DriverError, ProtocolViolation, Reason
from drivers.readings import BloodPressureReading, CuffPressure, DeviceIdentity, DeviceKind, RawFrame
from drivers.transport.gatt import GattLink, normalize_uuid

_LOG = logging.getLogger(__name__)

BLOOD_PRESSURE_MEASUREMENT = normalize_uuid("2a35")
INTERMEDIATE_CUFF_PRESSURE = normalize_uuid("2a36")



@dataclass(frozen=True)
class _Received:
    record: BloodPressureMeasurement
    device_time: datetime | None
    order: int


class BloodPressureCuffDriver(GattDriver):
    """:class:`drivers.base.MeasuringDriver` for BLS cuffs (A&D UA-651BLE and compatibles).

    Args:
        link: the GATT link (BleakGattLink in production, SimulatedGattLink for sim://).
        identity: what is known before connecting (model from the registry, address, link).
        clock: station time, timezone-aware.
        pair: bond while connecting (A&D cuffs send data only to a bonded host).
        and_quirks: apply A&D's firmware-dependent delays around the clock write.
        measurement_timeout_s: the whole measurement (a real cuff takes ~40 s).
        settle_s: for cuffs that stay connected: how long to wait for more of the burst.
        session_start_slack: readings up to this long before ``measure()`` was called still
            count as this session (device clock drift, a measurement started just before).
    """

    kind = DeviceKind.BLOOD_PRESSURE

    def __init__(self, link: GattLink, identity: DeviceIdentity, *, clock: Clock = utc_now,
                 pair: bool = False, and_quirks: bool = True, measurement_timeout_s: float = 180.0,
                 settle_s: float = 2.0, session_start_slack: timedelta = timedelta(minutes=3),
                 session_end_slack: timedelta = timedelta(minutes=2)) -> None:
        super().__init__(link, identity, clock=clock, pair=pair)
        self.and_quirks = and_quirks
        self.measurement_timeout_s = measurement_timeout_s
        self.settle_s = settle_s
        self.session_start_slack = session_start_slack
        self.session_end_slack = session_end_slack
        self.battery_pct: int | None = None

    async def measure(self, on_progress: ProgressCallback | None = None) -> BloodPressureReading:
        """One blood-pressure measurement; raises DriverError."""
        collector = Collector(self.clock)
        window = SessionWindow.opened_at(self.clock(), start_slack=self.session_start_slack,
                                         end_slack=self.session_end_slack)
        received: list[_Received] = []
        self._collector = collector
        try:
            await self.link.connect(pair=self.pair)
            self._identity = await read_identity(self.link, self._identity)
            self.battery_pct = await read_battery_pct(self.link)
            low = self.battery_pct is not None and self.battery_pct < LOW_BATTERY_PCT
            self.warnings = frozenset({Reason.BATTERY_LOW}) if low else frozenset()
            delay = and_step_delay_s(self._identity.firmware) if self.and_quirks else 0.0
            await asyncio.sleep(delay)
            clock_uuid = await write_device_clock(self.link, self.clock())
            if clock_uuid is None:
                _LOG.info("cuff has no writable clock; session check relies on upload order")
            await asyncio.sleep(delay)
            if self.link.has_characteristic(INTERMEDIATE_CUFF_PRESSURE):
                await self.link.subscribe(INTERMEDIATE_CUFF_PRESSURE,
                                          lambda data: self._on_cuff_pressure(collector, data, on_progress))
            await self.link.subscribe(BLOOD_PRESSURE_MEASUREMENT,
                                      lambda data: self._on_measurement(collector, data, received))
            chosen = await self._collect(collector, window, received)
            return self._reading(chosen, collector.frames)
        finally:
            self._collector = None
            await self.link.disconnect()

    # --- notification callbacks (run on the event loop) -----------------------------------------
    def _on_cuff_pressure(self, collector: Collector, data: bytes,
                          on_progress: ProgressCallback | None) -> None:
        collector.record("2a36", data)
        try:
            pressure = decode_intermediate_cuff_pressure(data).systolic_mmhg
        except CodecError as err:  # progress only: the reading itself is checked strictly
            _LOG.info("cuff pressure frame ignored: %s", err)
            return
        if on_progress is not None and not isinstance(pressure, Special):
            on_progress(CuffPressure(pressure_mmhg=pressure))

    def _on_measurement(self, collector: Collector, data: bytes, received: list[_Received]) -> None:
        collector.record("2a35", data)
        try:
            record = decode_blood_pressure_measurement(data)
        except CodecError as err:
            collector.fail(ProtocolViolation(f"blood pressure measurement: {err}"))
            return
        device_time = record.timestamp.to_datetime() if record.timestamp else None
        received.append(_Received(record, device_time, len(received)))
        collector.arrived()

    # --- collection -------------------------------------------------------------------------------
    def _pick(self, received: list[_Received], window: SessionWindow) -> _Received | None:
        now = self.clock()
        timed = [r for r in received if r.device_time is not None and window.contains(r.device_time, now)]
        if timed:
            return max(timed, key=lambda r: (r.device_time, r.order))
        untimed = [r for r in received if r.device_time is None]
        return untimed[-1] if untimed else None

    async def _collect(self, collector: Collector, window: SessionWindow,
                       received: list[_Received]) -> _Received:
        await collect_burst(collector, lambda: self._pick(received, window) is not None,
                            timeout_s=self.measurement_timeout_s, settle_s=self.settle_s)
        chosen = self._pick(received, window)
        if chosen is not None:
            return chosen
        if received:
            raise DriverError(Reason.MEASUREMENT_FAILED,
                              f"only {len(received)} stored reading(s) from before this session")
        raise DeviceLost("cuff disconnected before sending a reading")

    def _reading(self, chosen: _Received, frames: list[RawFrame]) -> BloodPressureReading:
        record = chosen.record
        status = record.status
        systolic, diastolic = record.systolic_mmhg, record.diastolic_mmhg
        mean = record.mean_arterial_pressure_mmhg
        pulse = record.pulse_rate_bpm
        if (isinstance(systolic, Special) or isinstance(diastolic, Special)
                or isinstance(mean, Special)):
            if status is not None and status.cuff_too_loose:
                raise DriverError(Reason.CUFF_ERROR, "cuff reported NaN with 'cuff too loose'")
            raise DriverError(Reason.MEASUREMENT_FAILED, "cuff reported NaN/NRes pressures")
        return BloodPressureReading(
            systolic_mmhg=systolic,
            diastolic_mmhg=diastolic,
            mean_arterial_mmhg=mean,
            pulse_bpm=None if pulse is None or isinstance(pulse, Special) else pulse.value,
            device=self._identity,
            station_time=self.clock(),
            device_time=chosen.device_time,
            irregular_pulse=bool(status and status.irregular_pulse),
            body_movement=bool(status and status.body_movement),
            cuff_too_loose=bool(status and status.cuff_too_loose),
            improper_position=bool(status and status.improper_position),
            frames=tuple(frames),
        )
