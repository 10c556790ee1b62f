"""What every serial driver does the same way: raw-frame capture, decode wrapping, clean-up.

A measurement over a :class:`drivers.transport.serial.LineLink` keeps every received line as a
:class:`RawFrame` (audit, ``lifelog-kiosk decode``), wraps a codec failure exactly once into
``ProtocolViolation``, and on cancellation or failure leaves the device idle (a best-effort stop
command) -- after a cancellation also with the link closed (drivers/base.py contract).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TypeVar

from drivers.codecs.errors import CodecError
from drivers.errors import DeviceLost, DriverError, ProtocolViolation
from drivers.readings import RawFrame
from drivers.transport.serial import LineLink

log = logging.getLogger(__name__)

M = TypeVar("M")
R = TypeVar("R")
Now = Callable[[], datetime]
STOP_TIMEOUT_S = 0.5  # a stop command that cannot be written this fast is not worth waiting for


def utc_now() -> datetime:
    return datetime.now(UTC)


class SerialSession:
    """One measurement's reads: each line is recorded before it is decoded."""

    def __init__(self, link: LineLink, now: Now) -> None:
        self.link = link
        self.now = now
        self.frames: list[RawFrame] = []

    async def read(self, decode: Callable[[bytes], M], timeout_s: float, what: str) -> M:
        line = await self.link.read_line(timeout_s)
        self.frames.append(RawFrame("serial", line, self.now()))
        try:
            return decode(line)
        except CodecError as err:
            raise ProtocolViolation(f"{what}: {err}") from err


async def start_fresh(link: LineLink) -> None:
    """Open the link and drop stale input.

    A port that died while idle (adapter pulled and plugged back between visitors) fails the
    first I/O with ``DeviceLost``; nothing of this measurement exists yet, so it is re-opened
    once (with the link's backoff) instead of failing the visitor's measurement.
    """
    await link.open()
    try:
        await link.discard_input()
    except DeviceLost:
        log.info("%s went away while idle; re-opening", link.address)
        await link.open()
        await link.discard_input()


async def leave_idle(link: LineLink, stop_command: bytes | None, *, close: bool) -> None:
    """Best effort after a failure or cancellation: stop the device, optionally close the link.

    Never raises: the original failure is what the caller reports.
    """
    if stop_command is not None and link.is_open:
        try:
            await asyncio.wait_for(link.write(stop_command), STOP_TIMEOUT_S)
        except (DriverError, TimeoutError):
            log.debug("stop command to %s not delivered", link.address, exc_info=True)
    if close:
        with contextlib.suppress(DriverError):
            await link.close()


async def guarded(link: LineLink, stop_command: bytes | None, measurement: Awaitable[R]) -> R:
    """Await ``measurement``; on failure leave the device idle, on cancellation also close."""
    try:
        return await measurement
    except asyncio.CancelledError:
        await leave_idle(link, stop_command, close=True)
        raise
    except DeviceLost:
        raise  # the port is already gone; the next measurement re-opens it
    except DriverError:
        await leave_idle(link, stop_command, close=False)
        raise
