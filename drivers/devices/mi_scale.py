"""Xiaomi Mi Body Composition Scale 2 driver: passive, from advertisements only.

The scale broadcasts 13 octets of vendor service data under 0x181B (reference
devices-and-protocols.md §3.3); nothing is connected or written.  The driver listens on an
injected :class:`drivers.transport.adverts.AdvertisementSource`:

* unstable weights -> LiveMass progress;
* a stabilised weight counts only after an unstable one was heard in THIS session: the scale
  keeps broadcasting the previous visitor's result until someone steps on, and that must
  never be attributed to the current visitor;
* with ``impedance`` the driver waits (``impedance_wait_s``) for the impedance advert; none
  -> MEASUREMENT_FAILED (bare feet must touch the electrodes).  ``impedance=False``
  returns at the stabilised weight and drops any impedance;
* the load removed before the weight settled -> MEASUREMENT_FAILED; undecodable service
  data -> ProtocolViolation; nobody within ``timeout_s`` -> TIMEOUT.

Body-fat etc. are NOT computed: Xiaomi's formulas are vendor estimates, not clinical (§3.3).
"""

from __future__ import annotations

import asyncio
import contextlib

from drivers.base import ProgressCallback
from drivers.codecs.errors import CodecError
from drivers.codecs.mi_scale import MiScale2Advertisement, decode_mi_scale_2
from drivers.devices.gatt_common import Clock, utc_now
from drivers.errors import DriverError, ProtocolViolation, Reason
from drivers.readings import BodyCompositionReading, DeviceIdentity, DeviceKind, LiveMass, RawFrame
from drivers.transport.adverts import AdvertisementReport, AdvertisementSource
from drivers.transport.gatt import normalize_uuid

BODY_COMPOSITION_SERVICE = normalize_uuid("181b")



class MiScaleDriver:
    """:class:`drivers.base.MeasuringDriver` for the Mi Body Composition Scale 2.

    Args:
        source: where advertisements come from (a BleakScanner or the simulator).
        identity: registry model and the scale's address.
        address: only listen to this scale (None: any Mi scale 2; fine for one-scale kiosks).
        clock: station time, timezone-aware.
        timeout_s: the whole weighing, from listening to result.
        impedance_wait_s: how long after the stabilised weight the impedance may take.
    """

    kind = DeviceKind.SCALE

    def __init__(self, source: AdvertisementSource, identity: DeviceIdentity, *,
                 address: str | None = None, clock: Clock = utc_now, timeout_s: float = 90.0,
                 impedance_wait_s: float = 10.0) -> None:
        self.source = source
        self._identity = identity
        self.address = address.upper() if address else None
        self.clock = clock
        self.timeout_s = timeout_s
        self.impedance_wait_s = impedance_wait_s

    @property
    def identity(self) -> DeviceIdentity:
        return self._identity

    async def close(self) -> None:
        return None  # nothing is held between measurements

    def _payload(self, report: AdvertisementReport) -> bytes | None:
        if self.address is not None and report.address.upper() != self.address:
            return None
        return report.service_data.get(BODY_COMPOSITION_SERVICE)

    async def measure(self, on_progress: ProgressCallback | None = None, *,
                      impedance: bool = True) -> BodyCompositionReading:
        """Wait for one weighing; raises DriverError."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout_s
        frames: list[RawFrame] = []
        stepped_on = False
        stable: MiScale2Advertisement | None = None
        impedance_deadline = 0.0
        async with contextlib.aclosing(self.source.stream()) as stream:
            while True:
                limit = deadline if stable is None else min(deadline, impedance_deadline)
                try:
                    report = await asyncio.wait_for(anext(stream), timeout=max(limit - loop.time(), 0.0))
                except TimeoutError:
                    if stable is not None:
                        raise DriverError(Reason.MEASUREMENT_FAILED,
                                          "no impedance (feet not on the electrodes?)") from None
                    raise DriverError(Reason.TIMEOUT, "nobody stepped on the scale") from None
                data = self._payload(report)
                if data is None or (frames and frames[-1].data == data):
                    continue  # another device, or the same advert heard again
                frames.append(RawFrame("advertisement", data, self.clock()))
                try:
                    advert = decode_mi_scale_2(data)
                except CodecError as err:
                    raise ProtocolViolation(f"Mi scale advertisement: {err}") from err
                if advert.load_removed:
                    if stepped_on:
                        raise DriverError(Reason.MEASUREMENT_FAILED, "stepped off before the result")
                    continue  # the previous visitor's result, still being broadcast
                if not advert.stabilized:
                    stepped_on = True
                    if on_progress is not None:
                        on_progress(LiveMass(mass_kg=advert.mass_kg))
                    continue
                if not stepped_on:
                    continue
                if not impedance or advert.impedance_present:
                    return self._reading(advert, frames, impedance)
                if stable is None:
                    impedance_deadline = loop.time() + self.impedance_wait_s
                stable = advert

    def _reading(self, advert: MiScale2Advertisement, frames: list[RawFrame],
                 impedance: bool) -> BodyCompositionReading:
        ohm = advert.impedance_ohm if impedance else None
        return BodyCompositionReading(
            mass_kg=advert.mass_kg,
            device=self._identity,
            station_time=self.clock(),
            device_time=advert.timestamp.to_datetime(),
            impedance_ohm=float(ohm) if ohm is not None else None,
            frames=tuple(frames),
        )
