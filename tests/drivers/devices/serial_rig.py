"""Test rig: an emulator on a pty + a real pyserial SerialLink on its device path."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from drivers.emulators.serial_pty import PtyHost, SerialDeviceEmulator, start_emulator
from drivers.transport.serial import SERIAL_SETTINGS, SerialLink


@dataclass
class Rig:
    host: PtyHost
    link: SerialLink


@asynccontextmanager
async def serial_rig(emulator: SerialDeviceEmulator, model: str, *,
                     reopen_timeout_s: float = 2.0) -> AsyncIterator[Rig]:
    """Start ``emulator`` on a pty; a SerialLink with ``model``'s table row opens its path."""
    host = start_emulator(emulator, model, tick_s=0.002)
    link = SerialLink(host.path, SERIAL_SETTINGS[model], reopen_timeout_s=reopen_timeout_s,
                      poll_s=0.01)
    try:
        yield Rig(host, link)
    finally:
        await link.close()
        host.stop()

