"""Serve any :class:`drivers.emulators.gatt.VirtualPeripheral` as a bumble device on a LocalLink.

The peripheral gets its own virtual controller (address = ``peripheral.address``) and a bumble
GATT server built from ``peripheral.services``; it advertises ``peripheral.advertisement``
(name, service UUIDs, service data, manufacturer data).  Hooks map one to one:

=========================  ==========================================================
bumble event               VirtualPeripheral hook
=========================  ==========================================================
LE connection              ``on_connect(host)``
advertising started        ``on_advertising(host)`` (advertisement-only devices start here)
ATT read                   ``on_read(uuid)``
ATT write / write command  ``on_write(uuid, data)`` (awaited before the write response)
CCCD write                 ``on_subscribe(uuid)`` / ``on_unsubscribe(uuid)`` (awaited, too)
disconnection              ``on_disconnect()``; advertising restarts
=========================  ==========================================================

A hook raising :class:`drivers.emulators.gatt.AttError` answers with that ATT error code.

``requires_encryption`` puts READ/WRITE_REQUIRES_ENCRYPTION on the value *and* on its CCCD,
so an unbonded central gets ATT "Insufficient Encryption" (0x0F) from bumble's server: that is
how a bond-only device such as the A&D UA-651BLE refuses an unpaired kiosk.  (bumble enforces
only those permission bits; reference §5.2 gap (a).)
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import struct
from collections.abc import Awaitable, Callable

from bumble import att, core, gatt, hci
from bumble.core import AdvertisingData
from bumble.device import AdvertisingType, Connection, Device
from bumble.link import LocalLink

from drivers.emulators.gatt import Advertisement, AttError, VirtualCharacteristic, VirtualPeripheral
from drivers.transport.gatt import BLUETOOTH_BASE_UUID_SUFFIX, normalize_uuid
from tests.support.bleak_bumble import BumbleHub, new_device
from tests.support.hook_tasks import HookTasks

log = logging.getLogger(__name__)

_PROPERTIES = {
    "read": gatt.Characteristic.Properties.READ,
    "write": gatt.Characteristic.Properties.WRITE,
    "write-without-response": gatt.Characteristic.Properties.WRITE_WITHOUT_RESPONSE,
    "notify": gatt.Characteristic.Properties.NOTIFY,
    "indicate": gatt.Characteristic.Properties.INDICATE,
}
_ENCRYPTED = att.Attribute.READ_REQUIRES_ENCRYPTION | att.Attribute.WRITE_REQUIRES_ENCRYPTION
_CCCD = core.UUID.from_16_bits(0x2902)


def _bumble_uuid(uuid: str) -> core.UUID:
    text = normalize_uuid(uuid)
    if text.endswith(BLUETOOTH_BASE_UUID_SUFFIX) and text.startswith("0000"):
        return core.UUID.from_16_bits(int(text[4:8], 16))
    return core.UUID(text)


def advertising_bytes(advertisement: Advertisement) -> bytes:
    """Flags + name + service UUIDs + service data + manufacturer data (CSS Part A §1).

    All in one advertising PDU: bumble's virtual controller echoes the advertising data as
    the scan response and sends extended-advertising PDUs, so no 31-octet split is needed
    (a real Progressor, 38 octets with its 128-bit UUID, splits it over the scan response;
    bleak merges both, so the central sees the same fields either way).
    """
    kind = AdvertisingData.Type
    flags = AdvertisingData.LE_GENERAL_DISCOVERABLE_MODE_FLAG | AdvertisingData.BR_EDR_NOT_SUPPORTED_FLAG
    structures: list[tuple[int, bytes]] = [(kind.FLAGS, bytes([flags]))]
    if advertisement.local_name:
        structures.append((kind.COMPLETE_LOCAL_NAME, advertisement.local_name.encode()))
    uuids = [_bumble_uuid(uuid) for uuid in advertisement.service_uuids]
    short = b"".join(u.to_bytes() for u in uuids if len(u.uuid_bytes) == 2)
    long = b"".join(u.to_bytes() for u in uuids if len(u.uuid_bytes) == 16)
    if short:
        structures.append((kind.COMPLETE_LIST_OF_16_BIT_SERVICE_CLASS_UUIDS, short))
    if long:
        structures.append((kind.COMPLETE_LIST_OF_128_BIT_SERVICE_CLASS_UUIDS, long))
    for uuid, data in advertisement.service_data.items():
        key = _bumble_uuid(uuid)
        ad_type = (kind.SERVICE_DATA_16_BIT_UUID if len(key.uuid_bytes) == 2
                   else kind.SERVICE_DATA_128_BIT_UUID)
        structures.append((ad_type, key.to_bytes() + data))
    for company, data in advertisement.manufacturer_data.items():
        structures.append((kind.MANUFACTURER_SPECIFIC_DATA, struct.pack("<H", company) + data))
    return bytes(AdvertisingData(structures))


class BumblePeripheralHost:
    """A :class:`drivers.emulators.gatt.PeripheralHost` on a bumble virtual controller.

    Args:
        hub: the hub whose LocalLink the peripheral joins (or a bare ``LocalLink``).
        peripheral: the emulator to serve.
        advertising_interval_ms: how often it advertises while idle (virtual time is real time).
    """

    def __init__(self, hub: BumbleHub | LocalLink, peripheral: VirtualPeripheral, *,
                 advertising_interval_ms: float = 20.0) -> None:
        link = hub.link if isinstance(hub, BumbleHub) else hub
        self.peripheral = peripheral
        self._interval_ms = advertising_interval_ms
        self.device = new_device(link, peripheral.address, f"emulator-{peripheral.address}")
        self._characteristics: dict[str, gatt.Characteristic[bytes]] = {}
        self._connection: Connection | None = None
        self._connected: asyncio.Event = asyncio.Event()
        self._hooks = HookTasks()
        self._closed = False
        self._advertising_lock = asyncio.Lock()
        self.connections = 0  # how many centrals have connected so far
        self._build_gatt()

    # --- set-up --------------------------------------------------------------------------
    def _build_gatt(self) -> None:
        for service_uuid, chars in self.peripheral.services.items():
            service = gatt.Service(_bumble_uuid(service_uuid), [self._characteristic(c) for c in chars])
            self.device.add_service(service)
        # bumble adds each CCCD itself (READABLE|WRITEABLE, handled by its GATT server).  Wrap
        # its value so the subscription hook runs inside the CCCD write, and give a bond-only
        # characteristic's CCCD the same encryption requirement, or a kiosk could subscribe
        # without pairing.
        for uuid, char in self._characteristics.items():
            for attribute in self.device.gatt_server.attributes:
                if attribute.type == _CCCD and char.handle < attribute.handle <= char.end_group_handle:
                    attribute.value = self._cccd_value(uuid, attribute.value)
                    if char.permissions & att.Attribute.READ_REQUIRES_ENCRYPTION:
                        attribute.permissions |= _ENCRYPTED

    def _cccd_value(self, uuid: str,
                    server_value: att.AttributeValueV2[bytes]) -> att.AttributeValueV2[bytes]:
        async def write(bearer: att.Bearer, value: bytes) -> None:
            before = bytes(server_value.read(bearer))  # type: ignore[arg-type]
            server_value.write(bearer, value)  # bumble records the subscription
            await self._connected.wait()  # on_connect always runs before the first hook
            try:
                if len(value) == 2 and value[0] & 0x03:
                    await self.peripheral.on_subscribe(uuid)
                else:
                    await self.peripheral.on_unsubscribe(uuid)
            except AttError as err:
                server_value.write(bearer, before)
                raise att.ATT_Error(err.code) from err

        return att.AttributeValueV2(read=server_value.read, write=write)

    def _characteristic(self, spec: VirtualCharacteristic) -> gatt.Characteristic[bytes]:
        properties = gatt.Characteristic.Properties(0)
        for name in spec.properties:
            properties |= _PROPERTIES[name]
        permissions = att.Attribute.READABLE | att.Attribute.WRITEABLE
        if spec.requires_encryption:
            permissions |= _ENCRYPTED
        uuid = spec.uuid
        value = gatt.CharacteristicValue(read=lambda _conn: self._read(uuid),
                                         write=lambda _conn, data: self._write(uuid, data))
        char: gatt.Characteristic[bytes] = gatt.Characteristic(_bumble_uuid(uuid), properties, permissions,
                                                               value)
        self._characteristics[uuid] = char
        return char

    async def start(self) -> None:
        self.device.on(Device.EVENT_CONNECTION, self._on_connection)
        await self.device.power_on()
        await self._advertise()
        await self.peripheral.on_advertising(self)

    async def close(self) -> None:
        """Drop the link, wait for the hooks, stop advertising; re-raise a hook's failure."""
        self._closed = True
        await self.disconnect()
        await self._hooks.drain()
        async with self._advertising_lock:
            with contextlib.suppress(core.BaseBumbleError, hci.HCI_Error):
                await self.device.stop_advertising()
        self._hooks.raise_first_error()

    async def _advertise(self) -> None:
        adv = self.peripheral.advertisement
        async with self._advertising_lock:  # a start racing a stop corrupts bumble's set table
            await self._start_advertising(adv)

    async def _start_advertising(self, adv: Advertisement) -> None:
        kind = (AdvertisingType.UNDIRECTED_CONNECTABLE_SCANNABLE if adv.connectable
                else AdvertisingType.UNDIRECTED_SCANNABLE)
        await self.device.start_advertising(advertising_type=kind, advertising_data=advertising_bytes(adv),
                                            advertising_interval_min=self._interval_ms,
                                            advertising_interval_max=self._interval_ms)

    # --- PeripheralHost ------------------------------------------------------------------
    async def notify(self, uuid: str, data: bytes) -> None:
        """Notify or indicate, whichever the central enabled; indications wait for the confirm.

        Raises:
            ConnectionError: there is no link (as ``SimulatedGattLink`` does).
        """
        connection = self._connection
        char = self._characteristics[normalize_uuid(uuid)]
        if connection is None:
            raise ConnectionError("not connected")
        cccd = self.device.gatt_server.subscribers.get(connection, {}).get(char.handle, b"\0\0")
        try:
            if cccd[0] & 0x02:
                await self.device.indicate_subscriber(connection, char, bytes(data))
            elif cccd[0] & 0x01:
                await self.device.notify_subscriber(connection, char, bytes(data))
        except (asyncio.CancelledError, TimeoutError, core.BaseBumbleError) as err:
            if self._connection is not connection:  # the central left while we indicated
                raise ConnectionError("link dropped during the indication") from err
            raise

    async def disconnect(self) -> None:
        """The peripheral drops the link (A&D cuffs do this after uploading)."""
        connection = self._connection
        if connection is not None:
            with contextlib.suppress(core.BaseBumbleError, hci.HCI_Error):
                await connection.disconnect()

    async def set_advertisement(self, advertisement: Advertisement) -> None:
        self.peripheral.advertisement = advertisement
        if self._connection is None and not self._closed:
            await self._advertise()

    # --- bumble events -> hooks ------------------------------------------------------------
    def _on_connection(self, connection: Connection) -> None:
        self._connection = connection
        self.connections += 1
        connection.on(Connection.EVENT_DISCONNECTION, lambda _reason: self._hooks.spawn(self._disconnected()))
        self._hooks.spawn(self._connected_hook())

    async def _connected_hook(self) -> None:
        await self.peripheral.on_connect(self)
        self._connected.set()

    async def _disconnected(self) -> None:
        self._connection = None
        self._connected.clear()
        await self.peripheral.on_disconnect()
        if not self._closed:
            await self._advertise()  # devices advertise again once the central has gone

    def _read(self, uuid: str) -> bytes:
        try:
            return bytes(self.peripheral.on_read(uuid))
        except AttError as err:
            raise att.ATT_Error(err.code) from err

    async def _write(self, uuid: str, data: bytes) -> None:
        await self._connected.wait()  # on_connect always runs before the first write hook
        try:
            await self.peripheral.on_write(uuid, bytes(data))
        except AttError as err:
            raise att.ATT_Error(err.code) from err



Serve = Callable[[VirtualPeripheral], Awaitable[BumblePeripheralHost]]
"""The ``serve`` fixture (tests/drivers/conftest.py): put an emulator on the hub's link."""


class UnclaimedThermometer(VirtualPeripheral):
    """A peripheral no registry row claims (Health Thermometer 0x1809): scans list it as
    unsupported and offer no pairing."""

    address = "D0:0D:00:00:18:09"

    def __init__(self) -> None:
        super().__init__()
        self.advertisement = Advertisement("THERMO-1", (normalize_uuid("1809"),))
        self.services = {normalize_uuid("1809"): [
            VirtualCharacteristic("2a1c", frozenset({"indicate"}))]}
