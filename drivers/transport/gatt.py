"""The GATT link a BLE driver talks to, whatever carries it.

Three implementations exist and must behave alike:

* ``drivers.transport.ble.BleakGattLink`` -- production: bleak's public API.  Its backend is
  injectable (``backend=`` + kwargs), so tests run the same class over a bumble virtual
  controller (tests/support/bleak_bumble.py) or bleak's real BlueZ backend against bluezoo.
* ``drivers.emulators.sim_link.SimulatedGattLink`` -- ``sim://NAME`` in the kiosk's default
  configuration: talks to a :class:`drivers.emulators.gatt.VirtualPeripheral` in-process.

UUIDs are always normalised with :func:`normalize_uuid` (lower-case 128-bit).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

BLUETOOTH_BASE_UUID_SUFFIX = "-0000-1000-8000-00805f9b34fb"  # Core Spec Vol 3 Part B §2.5.1


def normalize_uuid(uuid: str | int) -> str:
    """``"2A35"``, ``0x2A35`` or the full form -> ``"00002a35-0000-1000-8000-00805f9b34fb"``."""
    if isinstance(uuid, int):
        return f"{uuid:08x}{BLUETOOTH_BASE_UUID_SUFFIX}"
    text = uuid.strip().lower()
    if text.startswith("0x"):
        text = text[2:]
    if len(text) in (4, 8):
        return f"{int(text, 16):08x}{BLUETOOTH_BASE_UUID_SUFFIX}"
    return text


NotificationCallback = Callable[[bytes], None]


class GattLink(Protocol):
    """One connection to one peripheral.  All methods raise drivers.errors.DriverError."""

    @property
    def address(self) -> str: ...

    @property
    def is_connected(self) -> bool: ...

    async def connect(self, *, pair: bool = False) -> None:
        """Connect (and bond when ``pair``), then discover services."""
        ...

    async def disconnect(self) -> None:
        """Idempotent."""
        ...

    def has_characteristic(self, uuid: str) -> bool: ...

    async def read(self, uuid: str) -> bytes: ...

    async def write(self, uuid: str, data: bytes, *, response: bool = True) -> None: ...

    async def subscribe(self, uuid: str, callback: NotificationCallback) -> None:
        """Enable notifications or indications (whichever the characteristic offers)."""
        ...

    def on_disconnect(self, callback: Callable[[], None]) -> None:
        """Called once when the peripheral drops the link (not on our own disconnect())."""
        ...
