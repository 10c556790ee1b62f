"""A Mark-10 force gauge in a grip rig -> the peak of one squeeze and its force curve.

The gauge is polled with ``?`` (Series 4 User's Guide §9.1.3) every ``sample_s``; each reply is
converted to kgf (drivers.codecs.mark10) and reported as :class:`LiveForce`.  One squeeze:

1. wait for a relaxed hand (below ``start_kgf``), then for the force to rise above it;
2. record the curve while squeezing; the peak is its maximum;
3. the squeeze is over once the force falls to ``release_fraction`` of the peak (or below
   ``start_kgf``) -- the hand is opening.

The magnitude is used: whether a rig loads the gauge in tension (negative readings) or
compression depends on its mounting.  A reading above ``capacity_kgf`` is an overload.
"""

from __future__ import annotations

import asyncio

from drivers.base import ProgressCallback
from drivers.codecs import mark10
from drivers.devices.serial_session import Now, SerialSession, guarded, start_fresh, utc_now
from drivers.errors import DeviceReportedError, DriverError, Reason
from drivers.readings import DeviceIdentity, DeviceKind, GripReading, LinkKind, LiveForce, Reading
from drivers.transport.serial import LineLink

READ = mark10.encode_command(mark10.Command.READ)


class Mark10GripDriver:
    """A :class:`drivers.base.MeasuringDriver` for a Mark-10 gauge used as a grip dynamometer.

    Args:
        link: the injected serial link.
        model / link_kind / serial_number: identity carried by the readings.
        sample_s: polling period (the force curve's resolution).
        start_kgf: force that starts a squeeze.
        release_fraction: fraction of the peak that ends it.
        capacity_kgf: the gauge's capacity; above it the reading is an overload.
        reply_timeout_s: longest wait for one reply.
        wait_timeout_s: longest wait for the squeeze to start.
        squeeze_timeout_s: longest squeeze (a hand that never lets go still ends the trial).
        now: the station clock.
    """

    kind = DeviceKind.GRIP

    def __init__(self, link: LineLink, *, model: str = "Mark-10 Series 4",
                 link_kind: LinkKind = LinkKind.SERIAL, serial_number: str | None = None,
                 sample_s: float = 0.02, start_kgf: float = 2.0, release_fraction: float = 0.3,
                 capacity_kgf: float = 100.0, reply_timeout_s: float = 1.0,
                 wait_timeout_s: float = 30.0, squeeze_timeout_s: float = 10.0,
                 now: Now = utc_now) -> None:
        self.link = link
        self.sample_s = sample_s
        self.start_kgf = start_kgf
        self.release_fraction = release_fraction
        self.capacity_kgf = capacity_kgf
        self.reply_timeout_s = reply_timeout_s
        self.wait_timeout_s = wait_timeout_s
        self.squeeze_timeout_s = squeeze_timeout_s
        self.now = now
        self._identity = DeviceIdentity(model, "Mark-10", link.address, link_kind,
                                        serial_number=serial_number)

    @property
    def identity(self) -> DeviceIdentity:
        return self._identity

    async def measure(self, on_progress: ProgressCallback | None = None) -> Reading:
        """One squeeze -> its peak force and curve."""
        return await guarded(self.link, None, self._measure(on_progress))

    async def _force(self, session: SerialSession) -> float:
        await self.link.write(READ)
        message = await session.read(mark10.decode, self.reply_timeout_s, "Mark-10 reply")
        if isinstance(message, mark10.GaugeError):
            raise DeviceReportedError(Reason.MALFORMED_DATA, f"*{message.code}", "gauge rejected '?'")
        kgf = abs(message.force_kgf)
        if kgf > self.capacity_kgf:
            raise DeviceReportedError(Reason.MEASUREMENT_FAILED, "overload",
                                      f"{kgf:.1f} kgf above the {self.capacity_kgf:g} kgf capacity")
        return kgf

    async def _measure(self, on_progress: ProgressCallback | None) -> GripReading:
        session = SerialSession(self.link, self.now)
        await start_fresh(self.link)
        loop = asyncio.get_running_loop()
        give_up = loop.time() + self.wait_timeout_s
        curve: list[float] = []
        peak = 0.0
        relaxed = False  # a hand still closing from the previous trial is not a new squeeze
        next_poll = loop.time()
        while True:
            await asyncio.sleep(max(0.0, next_poll - loop.time()))
            next_poll = max(next_poll + self.sample_s, loop.time())
            kgf = await self._force(session)
            if on_progress is not None:
                on_progress(LiveForce(force_kgf=kgf))
            if not curve:
                relaxed = relaxed or kgf < self.start_kgf
                if kgf < self.start_kgf or not relaxed:
                    if loop.time() > give_up:
                        raise DriverError(Reason.TIMEOUT, f"no squeeze in {self.wait_timeout_s:g} s")
                    continue
                give_up = loop.time() + self.squeeze_timeout_s
            curve.append(kgf)
            peak = max(peak, kgf)
            if kgf <= max(self.start_kgf, peak * self.release_fraction) and len(curve) > 1:
                break
            if loop.time() > give_up:
                break  # a hand that never lets go: the peak so far is the trial's peak
        return GripReading(peak_force_kgf=peak, device=self._identity, station_time=self.now(),
                           force_curve_kgf=tuple(curve), frames=tuple(session.frames))

    async def close(self) -> None:
        await self.link.close()
