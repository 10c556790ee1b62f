"""What every scripted BLE emulator shares: background tasks, faults, DIS and Battery.

An emulator's behaviour runs in tasks it spawns from hooks (a measurement starts when the
central subscribes; the CCCD write itself must return at once).  :class:`ScriptedPeripheral`
owns those tasks and cancels them when the link drops, so no task outlives a connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any

from drivers.emulators.gatt import VirtualCharacteristic, VirtualPeripheral

_LOG = logging.getLogger(__name__)

DEVICE_INFORMATION_SERVICE = "180a"
BATTERY_SERVICE = "180f"
BATTERY_LEVEL = "2a19"
# DIS characteristics (GSS §3.x; reference §2.7)
MANUFACTURER_NAME = "2a29"
MODEL_NUMBER = "2a24"
SERIAL_NUMBER = "2a25"
FIRMWARE_REVISION = "2a26"
HARDWARE_REVISION = "2a27"

READ = frozenset({"read"})
READ_WRITE = frozenset({"read", "write"})
INDICATE = frozenset({"indicate"})
NOTIFY = frozenset({"notify"})


class Fault(enum.StrEnum):
    """Faults an emulator can inject (each emulator documents which it supports)."""

    NONE = "none"
    DROP_MID_MEASUREMENT = "drop_mid_measurement"  # the device drops the link while measuring
    GARBAGE = "garbage"  # the measurement frame is bytes that do not decode
    DEVICE_ERROR = "device_error"  # the device reports its own error (cuff error, E-code)
    NAN_READING = "nan_reading"  # NaN / NRes / 0xFFFF instead of a value
    SLOW = "slow"  # the device takes far longer than the driver waits
    NEEDS_PAIRING = "needs_pairing"  # measurement characteristics need an encrypted link
    LOW_BATTERY = "low_battery"  # battery nearly empty (the device still measures)
    BATTERY_REFUSED = "battery_refused"  # battery too low: the device refuses to measure
    STEP_OFF = "step_off"  # scales: the person steps off before the weight settles


@dataclass(frozen=True)
class DeviceInfo:
    """The Device Information Service strings an emulator serves."""

    manufacturer: str
    model: str
    serial_number: str
    firmware: str
    hardware: str = "1.0"


def device_information(info: DeviceInfo) -> list[VirtualCharacteristic]:
    return [
        VirtualCharacteristic(MANUFACTURER_NAME, READ, info.manufacturer.encode()),
        VirtualCharacteristic(MODEL_NUMBER, READ, info.model.encode()),
        VirtualCharacteristic(SERIAL_NUMBER, READ, info.serial_number.encode()),
        VirtualCharacteristic(FIRMWARE_REVISION, READ, info.firmware.encode()),
        VirtualCharacteristic(HARDWARE_REVISION, READ, info.hardware.encode()),
    ]


def battery(level_pct: int) -> list[VirtualCharacteristic]:
    return [VirtualCharacteristic(BATTERY_LEVEL, READ | NOTIFY, bytes([level_pct]))]


class ScriptedPeripheral(VirtualPeripheral):
    """A VirtualPeripheral whose behaviour runs in tasks cancelled when the link drops.

    ``events`` is an ordered log of what the central did (``"write 2a08"``,
    ``"subscribe 2a35"``, ...), so tests can assert the order of a driver's operations.
    """

    def __init__(self) -> None:
        super().__init__()
        self._tasks: set[asyncio.Task[None]] = set()
        self.events: list[str] = []
        self.connections = 0

    def spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            # A failed script is a bug in the emulator (or the link dropped under it).
            _LOG.debug("emulator task ended: %r", task.exception())

    async def cancel_tasks(self) -> None:
        current = asyncio.current_task()
        pending = [task for task in self._tasks if task is not current]
        for task in pending:
            task.cancel()
        for task in pending:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    async def drop_link(self) -> None:
        """The device drops the link (power-off, out of range, end of upload)."""
        if self.host is not None:
            with contextlib.suppress(ConnectionError):
                await self.host.disconnect()

    async def aclose(self) -> None:
        """Stop everything (tests call this when done)."""
        await self.cancel_tasks()

    # --- hooks ------------------------------------------------------------------------------
    async def on_connect(self, host: Any) -> None:
        await super().on_connect(host)
        self.connections += 1
        self.events.append("connect")

    async def on_disconnect(self) -> None:
        self.events.append("disconnect")
        await super().on_disconnect()
        await self.cancel_tasks()

    async def on_write(self, uuid: str, data: bytes) -> None:
        self.events.append(f"write {uuid[4:8]}")
        await super().on_write(uuid, data)

    async def on_subscribe(self, uuid: str) -> None:
        self.events.append(f"subscribe {uuid[4:8]}")
        await super().on_subscribe(uuid)
