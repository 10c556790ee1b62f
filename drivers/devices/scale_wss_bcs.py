"""Scale driver: Weight Scale 0x181D and Body Composition 0x181B (WSS 1.0 / BCS 1.0).

Same shape as the cuff driver (reference devices-and-protocols.md §2.4, §2.5, §3.1):
connect, DIS identity, battery, clock (A&D Date Time 0x2A08 in the WSS service, else CTS
0x2A2B) BEFORE any indication is enabled, then subscribe Body Composition Measurement 0x2A9C
(only when impedance is allowed) and Weight Measurement 0x2A9D, and collect the burst.

* A body-composition record split into two indications (Multiple Packet bit12) is joined by
  :class:`drivers.codecs.body_composition.BodyCompositionAssembler`; a link lost between
  the halves is DeviceLost (never half a record).
* ``impedance=False`` (pacemaker / implanted electronics answer): 0x2A9C is not subscribed
  and no impedance-derived value is returned.  A standard BCS scale cannot be told not to
  measure impedance; the workflow must pick a weight-only scale for that visitor.
* Weight 0xFFFF or body fat 0xFFFF ("measurement unsuccessful") -> MEASUREMENT_FAILED.
* Only values whose device time falls in this session count (stored burst, §3.1).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from drivers.base import ProgressCallback
from drivers.codecs.body_composition import (
    BodyCompositionAssembler,
    BodyCompositionMeasurement,
    decode_body_composition_measurement,
)
from drivers.codecs.errors import CodecError
from drivers.codecs.weight_scale import WeightMeasurement, decode_weight_measurement
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
from drivers.readings import BodyCompositionReading, DeviceIdentity, DeviceKind
from drivers.transport.gatt import GattLink, normalize_uuid

_LOG = logging.getLogger(__name__)

WEIGHT_MEASUREMENT = normalize_uuid("2a9d")
BODY_COMPOSITION_MEASUREMENT = normalize_uuid("2a9c")

_T = TypeVar("_T")



@dataclass(frozen=True)
class _Timed(Generic[_T]):
    value: _T
    device_time: datetime | None
    order: int


def _newest(items: list[_Timed[_T]], window: SessionWindow, now: datetime) -> _Timed[_T] | None:
    timed = [i for i in items if i.device_time is not None and window.contains(i.device_time, now)]
    if timed:
        return max(timed, key=lambda i: (i.device_time, i.order))
    untimed = [i for i in items if i.device_time is None]
    return untimed[-1] if untimed else None


class BodyCompositionScaleDriver(GattDriver):
    """:class:`drivers.base.MeasuringDriver` for WSS/BCS scales (A&D UC-352BLE and compatibles).

    Args mirror :class:`drivers.devices.bp_bls.BloodPressureCuffDriver`.
    """

    kind = DeviceKind.SCALE

    def __init__(self, link: GattLink, identity: DeviceIdentity, *, clock: Clock = utc_now,
                 pair: bool = False, and_quirks: bool = True, measurement_timeout_s: float = 120.0,
                 settle_s: float = 2.0, session_start_slack: timedelta = timedelta(minutes=3),
                 session_end_slack: timedelta = timedelta(minutes=2)) -> None:
        super().__init__(link, identity, clock=clock, pair=pair)
        self.and_quirks = and_quirks
        self.measurement_timeout_s = measurement_timeout_s
        self.settle_s = settle_s
        self.session_start_slack = session_start_slack
        self.session_end_slack = session_end_slack
        self.battery_pct: int | None = None

    async def measure(self, on_progress: ProgressCallback | None = None, *,
                      impedance: bool = True) -> BodyCompositionReading:
        """One weighing (with body composition when the scale has it and ``impedance``)."""
        del on_progress  # WSS/BCS send no live weight
        collector = Collector(self.clock)
        window = SessionWindow.opened_at(self.clock(), start_slack=self.session_start_slack,
                                         end_slack=self.session_end_slack)
        weights: list[_Timed[WeightMeasurement]] = []
        bodies: list[_Timed[BodyCompositionMeasurement]] = []
        assembler = BodyCompositionAssembler()
        self._collector = collector
        try:
            await self.link.connect(pair=self.pair)
            self._identity = await read_identity(self.link, self._identity)
            self.battery_pct = await read_battery_pct(self.link)
            low = self.battery_pct is not None and self.battery_pct < LOW_BATTERY_PCT
            self.warnings = frozenset({Reason.BATTERY_LOW}) if low else frozenset()
            delay = and_step_delay_s(self._identity.firmware) if self.and_quirks else 0.0
            await asyncio.sleep(delay)
            await write_device_clock(self.link, self.clock())
            await asyncio.sleep(delay)
            want_body = impedance and self.link.has_characteristic(BODY_COMPOSITION_MEASUREMENT)
            has_weight = self.link.has_characteristic(WEIGHT_MEASUREMENT)
            if not want_body and not has_weight:
                raise ProtocolViolation("scale has neither 0x2A9D nor 0x2A9C")
            if want_body:
                await self.link.subscribe(BODY_COMPOSITION_MEASUREMENT,
                                          lambda d: self._on_body(collector, d, assembler, bodies))
            if has_weight:
                await self.link.subscribe(WEIGHT_MEASUREMENT,
                                          lambda d: self._on_weight(collector, d, weights))

            def complete() -> bool:
                now = self.clock()
                return ((not has_weight or _newest(weights, window, now) is not None)
                        and (not want_body or _newest(bodies, window, now) is not None))

            await collect_burst(collector, complete, timeout_s=self.measurement_timeout_s,
                                settle_s=self.settle_s)
            now = self.clock()
            if not complete():  # collect_burst returns incomplete only when the link dropped
                if assembler.pending:
                    raise DeviceLost("scale disconnected between the two body-composition packets")
                this_session = (_newest(weights, window, now) is not None
                                or _newest(bodies, window, now) is not None)
                if this_session or not (weights or bodies):
                    raise DeviceLost("scale disconnected before the measurement was complete")
                raise DriverError(Reason.MEASUREMENT_FAILED,
                                  "only stored weighings from before this session")
            weight = _newest(weights, window, now) if has_weight else None
            body = _newest(bodies, window, now) if want_body else None
            return self._reading(weight, body, collector)
        finally:
            self._collector = None
            await self.link.disconnect()

    # --- callbacks ----------------------------------------------------------------------------------
    def _on_weight(self, collector: Collector, data: bytes, weights: list[_Timed[WeightMeasurement]]) -> None:
        collector.record("2a9d", data)
        try:
            record = decode_weight_measurement(data)
        except CodecError as err:
            collector.fail(ProtocolViolation(f"weight measurement: {err}"))
            return
        when = record.timestamp.to_datetime() if record.timestamp else None
        weights.append(_Timed(record, when, len(weights)))
        collector.arrived()

    def _on_body(self, collector: Collector, data: bytes, assembler: BodyCompositionAssembler,
                 bodies: list[_Timed[BodyCompositionMeasurement]]) -> None:
        collector.record("2a9c", data)
        try:
            record = assembler.feed(decode_body_composition_measurement(data))
        except CodecError as err:
            collector.fail(ProtocolViolation(f"body composition measurement: {err}"))
            return
        if record is None:
            return  # first half of a two-packet record
        when = record.timestamp.to_datetime() if record.timestamp else None
        bodies.append(_Timed(record, when, len(bodies)))
        collector.arrived()

    # --- result -------------------------------------------------------------------------------------
    def _reading(self, weight: _Timed[WeightMeasurement] | None,
                 body: _Timed[BodyCompositionMeasurement] | None,
                 collector: Collector) -> BodyCompositionReading:
        w = weight.value if weight else None
        b = body.value if body else None
        if w is not None and w.unsuccessful:
            raise DriverError(Reason.MEASUREMENT_FAILED, "scale reported weight 0xFFFF (unsuccessful)")
        if b is not None and b.unsuccessful:
            raise DriverError(Reason.MEASUREMENT_FAILED, "scale reported body fat 0xFFFF (unsuccessful)")
        mass = w.mass_kg if w is not None else (b.mass_kg if b is not None else None)
        if not isinstance(mass, float | int):
            raise DriverError(Reason.MEASUREMENT_FAILED, "no weight in the measurement")
        fat = b.body_fat_pct if b is not None else None
        first = weight if weight is not None else body
        return BodyCompositionReading(
            mass_kg=float(mass),
            device=self._identity,
            station_time=self.clock(),
            device_time=first.device_time if first is not None else None,
            height_m=(w.height_m if w and w.height_m is not None else (b.height_m if b else None)),
            bmi_kg_m2=w.bmi_kg_m2 if w else None,
            body_fat_pct=fat if isinstance(fat, float | int) else None,
            impedance_ohm=b.impedance_ohm if b else None,
            muscle_mass_kg=b.muscle_mass_kg if b else None,
            fat_free_mass_kg=b.fat_free_mass_kg if b else None,
            body_water_kg=b.body_water_mass_kg if b else None,
            basal_metabolism_kj=b.basal_metabolism_kj if b else None,
            frames=tuple(collector.frames),
        )
