"""``SimulatedGattLink``: a GattLink to a VirtualPeripheral in the same process (``sim://``).

It is both ends at once: the central-side :class:`drivers.transport.gatt.GattLink` a driver
uses, and the :class:`drivers.emulators.gatt.PeripheralHost` the emulator pushes through.
It behaves like BleakGattLink over a real stack where a driver could notice the difference:

* notifications and indications arrive asynchronously, from the event loop, in order; an
  indication returns to the peripheral only after the driver's callback ran (the ATT
  Handle Value Confirmation, Core Vol 3 Part F §3.4.7.2);
* a characteristic with ``requires_encryption`` answers "insufficient authentication"
  (-> NEEDS_PAIRING) unless the link was opened with ``connect(pair=True)`` (a bond);
* reading/writing a characteristic that does not exist or lacks the property fails;
* ``on_disconnect`` callbacks fire (scheduled on the loop, as bleak does) when the
  peripheral drops the link, never on the driver's own ``disconnect()``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from drivers.emulators.gatt import Advertisement, AttError, VirtualCharacteristic, VirtualPeripheral
from drivers.errors import DeviceLost, DeviceNotFound, DriverError, ProtocolViolation, Reason
from drivers.transport.gatt import NotificationCallback, normalize_uuid

_LOG = logging.getLogger(__name__)

# Core Vol 3 Part F §3.4.1.1 Table 3.4: the codes meaning "bond / encrypt first".
_ATT_INSUFFICIENT_AUTHENTICATION = 0x05
_PAIRING_CODES = frozenset({0x05, 0x08, 0x0C, 0x0F})


def _att_error(code: int, operation: str) -> DriverError:
    if code in _PAIRING_CODES:
        return DriverError(Reason.NEEDS_PAIRING, f"{operation}: ATT error 0x{code:02x}")
    return ProtocolViolation(f"{operation}: ATT error 0x{code:02x}")


class SimulatedGattLink:
    """GattLink + PeripheralHost over one :class:`VirtualPeripheral`.

    Args:
        peripheral: the emulator to talk to.
        address: what ``address`` reports (default: the peripheral's).
        discovery_delay_s: time service discovery takes after the connection is up (a slow
            stack; A&D cuffs power off with E10 when this is too long, §3.1).
        latency_s: delay before each notification is delivered.
    """

    def __init__(self, peripheral: VirtualPeripheral, *, address: str | None = None,
                 discovery_delay_s: float = 0.0, latency_s: float = 0.0) -> None:
        self.peripheral = peripheral
        self._address = address or peripheral.address
        self.discovery_delay_s = discovery_delay_s
        self.latency_s = latency_s
        self._connected = False
        self._encrypted = False
        self._bonded = False
        self._subscriptions: dict[str, NotificationCallback] = {}
        self._disconnect_callbacks: list[Callable[[], None]] = []
        self.host = _Host(self)

    # --- GattLink (central side) ---------------------------------------------------------
    @property
    def address(self) -> str:
        return self._address

    @property
    def is_connected(self) -> bool:
        return self._connected

    async def connect(self, *, pair: bool = False) -> None:
        if self._connected:
            return
        if not self.peripheral.advertisement.connectable:
            raise DeviceNotFound(f"{self._address} is not advertising connectably")
        if pair:
            self._bonded = True
        # A bonded central re-encrypts on every connection (BlueZ does so from its bond store).
        self._encrypted = self._bonded
        self._subscriptions.clear()
        self._connected = True
        await self.peripheral.on_connect(self.host)
        if self.discovery_delay_s:
            await asyncio.sleep(self.discovery_delay_s)
        if not self._connected:
            raise DeviceLost("peripheral dropped the link during service discovery")

    async def disconnect(self) -> None:
        if not self._connected:
            return
        self._connected = False
        self._subscriptions.clear()
        await self.peripheral.on_disconnect()

    def has_characteristic(self, uuid: str) -> bool:
        try:
            self.peripheral.characteristic(uuid)
        except KeyError:
            return False
        return True

    def _checked(self, uuid: str, operation: str, allowed: frozenset[str]) -> VirtualCharacteristic:
        if not self._connected:
            raise DeviceLost(f"{operation}: not connected")
        try:
            char = self.peripheral.characteristic(uuid)
        except KeyError:
            raise ProtocolViolation(f"{operation}: characteristic missing") from None
        if not char.properties & allowed:
            raise ProtocolViolation(f"{operation}: not permitted")
        if char.requires_encryption and not self._encrypted:
            raise _att_error(_ATT_INSUFFICIENT_AUTHENTICATION, operation)
        return char

    async def read(self, uuid: str) -> bytes:
        key = normalize_uuid(uuid)
        operation = f"read {key[4:8]}"
        self._checked(key, operation, frozenset({"read"}))
        try:
            return bytes(self.peripheral.on_read(key))
        except AttError as err:
            raise _att_error(err.code, operation) from err

    async def write(self, uuid: str, data: bytes, *, response: bool = True) -> None:
        key = normalize_uuid(uuid)
        operation = f"write {key[4:8]}"
        allowed = frozenset({"write"} if response else {"write-without-response", "write"})
        self._checked(key, operation, allowed)
        try:
            await self.peripheral.on_write(key, bytes(data))
        except AttError as err:
            if response:
                raise _att_error(err.code, operation) from err
            _LOG.debug("%s: peripheral rejected a write without response", operation)
        if not self._connected:
            raise DeviceLost(f"{operation}: link dropped")

    async def subscribe(self, uuid: str, callback: NotificationCallback) -> None:
        key = normalize_uuid(uuid)
        operation = f"subscribe {key[4:8]}"
        self._checked(key, operation, frozenset({"notify", "indicate"}))
        self._subscriptions[key] = callback
        try:
            await self.peripheral.on_subscribe(key)
        except AttError as err:
            self._subscriptions.pop(key, None)
            raise _att_error(err.code, operation) from err

    def on_disconnect(self, callback: Callable[[], None]) -> None:
        self._disconnect_callbacks.append(callback)

    # --- the peripheral side (see _Host) -------------------------------------------------
    async def _notify(self, uuid: str, data: bytes) -> None:
        key = normalize_uuid(uuid)
        if not self._connected:
            raise ConnectionError("not connected")
        callback = self._subscriptions.get(key)
        if callback is None:
            return  # no CCCD written: a real server sends nothing
        char = self.peripheral.characteristic(key)
        if self.latency_s:
            await asyncio.sleep(self.latency_s)
        loop = asyncio.get_running_loop()
        confirmed: asyncio.Future[None] = loop.create_future()
        payload = bytes(data)

        def deliver() -> None:
            try:
                if self._connected and self._subscriptions.get(key) is callback:
                    callback(payload)
            finally:
                if not confirmed.done():
                    confirmed.set_result(None)

        loop.call_soon(deliver)
        # bleak subscribes to notifications when both are offered; only a pure indication
        # characteristic makes the server wait for the confirmation.
        if "notify" not in char.properties:
            await confirmed

    async def _peripheral_disconnect(self) -> None:
        if not self._connected:
            return
        self._connected = False
        self._subscriptions.clear()
        loop = asyncio.get_running_loop()
        for callback in list(self._disconnect_callbacks):
            loop.call_soon(callback)
        await self.peripheral.on_disconnect()


class _Host:
    """The :class:`PeripheralHost` face of a SimulatedGattLink.

    A separate object because ``disconnect`` means opposite things on the two faces: here
    the *peripheral* drops the link (A&D cuffs do after uploading), so the driver's
    ``on_disconnect`` callbacks fire.
    """

    def __init__(self, link: SimulatedGattLink) -> None:
        self._link = link

    async def notify(self, uuid: str, data: bytes) -> None:
        """Deliver a notification/indication; an indication waits for the "confirmation"."""
        await self._link._notify(uuid, data)

    async def disconnect(self) -> None:
        await self._link._peripheral_disconnect()

    async def set_advertisement(self, advertisement: Advertisement) -> None:
        self._link.peripheral.advertisement = advertisement
