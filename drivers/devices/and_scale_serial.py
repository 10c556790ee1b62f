"""A&D standard-format scale or weighing indicator over a serial line -> mass only.

Flow: open (or re-open after an unplug) -> drop stale input -> ``SIR`` (stream) -> report every
``US`` line as :class:`LiveMass` -> the first ``ST`` line at or above ``min_mass_kg`` is the
result -> ``C`` (stop streaming).  A stable zero is the empty platform, not a result.

Streaming rather than ``S`` (next stable value) so the visitor sees the number move while the
scale settles; both are in the A&D command set (reference §4).

Device errors: ``EC,Exx`` (HC-3Ki manual p.48) and ``OL`` lines end the measurement with
``DeviceReportedError``; undecodable lines with ``ProtocolViolation``; silence with
``DriverError(TIMEOUT)``; an unplug with ``DeviceLost`` (no partial reading, ever).
"""

from __future__ import annotations

import asyncio

from drivers.base import ProgressCallback
from drivers.codecs import and_weighing as aw
from drivers.devices.serial_session import Now, SerialSession, guarded, leave_idle, start_fresh, utc_now
from drivers.errors import DeviceReportedError, DriverError, ProtocolViolation, Reason
from drivers.readings import (
    BodyCompositionReading,
    DeviceIdentity,
    DeviceKind,
    LinkKind,
    LiveMass,
    Reading,
)
from drivers.transport.serial import LineLink

# EC,Exx -> what the visitor is told (codes: HC-3Ki manual p.48, reference §4)
ERROR_REASONS: dict[str, Reason] = {
    "E0": Reason.MALFORMED_DATA,  # communication error (parity/framing): line settings wrong
    "E1": Reason.MALFORMED_DATA,  # undefined command: protocol/model mismatch
    "E2": Reason.DEVICE_BUSY,  # not ready
    "E4": Reason.MALFORMED_DATA,  # too many characters
    "E6": Reason.MALFORMED_DATA,  # format error
    "E7": Reason.MEASUREMENT_FAILED,  # value out of range
}

STOP = aw.encode_command(aw.Command.CANCEL)


class AndScaleDriver:
    """A :class:`drivers.base.MeasuringDriver` for A&D standard-format scales.

    Args:
        link: the injected serial link (``SerialLink`` over a port, a socket or the emulator).
        model / manufacturer / link_kind / serial_number: the identity the readings carry
            (the standard format carries no identity of its own).
        min_mass_kg: the smallest stable weight that counts as a person.
        line_timeout_s: longest silence between streamed lines before ``TIMEOUT``.
        measure_timeout_s: longest wait for a stable weight before ``TIMEOUT``.
        now: the station clock (timezone-aware).
    """

    kind = DeviceKind.SCALE

    def __init__(self, link: LineLink, *, model: str = "A&D standard-format scale",
                 manufacturer: str = "A&D", link_kind: LinkKind = LinkKind.SERIAL,
                 min_mass_kg: float = 2.0, line_timeout_s: float = 3.0,
                 measure_timeout_s: float = 60.0, serial_number: str | None = None,
                 now: Now = utc_now) -> None:
        self.link = link
        self.min_mass_kg = min_mass_kg
        self.line_timeout_s = line_timeout_s
        self.measure_timeout_s = measure_timeout_s
        self.now = now
        self._identity = DeviceIdentity(model, manufacturer, link.address, link_kind,
                                        serial_number=serial_number)

    @property
    def identity(self) -> DeviceIdentity:
        return self._identity

    async def measure(self, on_progress: ProgressCallback | None = None, *,
                      impedance: bool = True) -> Reading:
        """One stable weight.  ``impedance`` is accepted for the workflow and ignored: this
        scale never passes current through the body."""
        del impedance
        return await guarded(self.link, STOP, self._measure(on_progress))

    async def _measure(self, on_progress: ProgressCallback | None) -> BodyCompositionReading:
        session = SerialSession(self.link, self.now)
        await start_fresh(self.link)
        await self.link.write(aw.encode_command(aw.Command.STREAM))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.measure_timeout_s
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise DriverError(Reason.TIMEOUT, f"no stable weight in {self.measure_timeout_s:g} s")
            message = await session.read(aw.decode, min(self.line_timeout_s, remaining), "A&D line")
            if isinstance(message, aw.ErrorReply):
                raise DeviceReportedError(ERROR_REASONS.get(message.code, Reason.MEASUREMENT_FAILED),
                                          message.code)
            if isinstance(message, aw.Acknowledgement):
                continue
            if message.is_overload:
                raise DeviceReportedError(Reason.MEASUREMENT_FAILED, "OL", "weight out of range")
            mass = message.mass_kg
            if mass is None:
                raise ProtocolViolation(f"not a weight: header {message.header}, unit {message.unit!r}")
            if message.header is aw.Header.UNSTABLE:
                if on_progress is not None:
                    on_progress(LiveMass(mass_kg=max(mass, 0.0)))
            elif message.header is aw.Header.STABLE and mass >= self.min_mass_kg:
                break
        # the weight is complete: a failing stop command must not cost the visitor it
        await leave_idle(self.link, STOP, close=False)
        return BodyCompositionReading(mass_kg=mass, device=self._identity, station_time=self.now(),
                                      frames=tuple(session.frames))

    async def close(self) -> None:
        await self.link.close()
