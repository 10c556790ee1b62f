"""The contract between the kiosk and any device driver.

A driver runs on the device asyncio thread.  ``measure`` performs one complete measurement
(connect if needed, wait for the person, collect, validate framing) and either returns a
reading or raises :class:`drivers.errors.DriverError`.  It never returns a partial reading:
a disconnect mid-measurement is ``DeviceLost``.  Cancellation (``asyncio.CancelledError``)
must leave the device idle and the link closed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from drivers.readings import DeviceIdentity, DeviceKind, Progress, Reading

ProgressCallback = Callable[[Progress], None]


@runtime_checkable
class MeasuringDriver(Protocol):
    kind: DeviceKind

    @property
    def identity(self) -> DeviceIdentity:
        """Best-known identity; filled in (serial, firmware) after the first connection."""
        ...

    async def measure(self, on_progress: ProgressCallback | None = None) -> Reading:
        """Take one measurement.  Raises DriverError."""
        ...

    async def close(self) -> None:
        """Release the link.  Safe to call twice."""
        ...
