"""A test-only bleak backend over bumble virtual controllers on one in-process LocalLink.

It lets the production code run unchanged through bleak's *public* API::

    hub = BumbleHub()
    await hub.start()
    device = await BleakScanner.find_device_by_filter(match, backend=BleakScannerBumble, bumble_hub=hub)
    client = BleakClient(device, backend=BleakClientBumble, bumble_hub=hub)

bleak 3.1 forwards unknown keyword arguments to the backend class (``bleak/__init__.py``
``BleakScanner.__init__`` / ``BleakClient.__init__``), which is how ``bumble_hub`` arrives.
The hub owns the link and ONE central device shared by every scanner and client, because a
bumble controller cannot be shared between two hosts (the problem that closed bleak PR #1681;
reference devices-and-protocols.md §5.3).  Peripherals join the same link with
:class:`tests.support.bumble_peripheral.BumblePeripheralHost`.

Behaviour copied from bleak's BlueZ backend so drivers see the same thing on both:

* reads and writes go by ATT *handle*, never by UUID (duplicate UUIDs are legal);
* ATT error responses become ``BleakGATTProtocolError(code)`` (bleak >= 3.0);
* notifications are preferred over indications when a characteristic offers both;
* ``disconnected_callback`` fires only when the *peer* drops the link;
* a request in flight when the link drops raises ``BleakError``, never ``CancelledError``;
* an MTU exchange follows the connection (BlueZ always requests 517);
* a bonded peer is re-encrypted on connect (BlueZ does this from its bond store).
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from bleak.backends.characteristic import BleakGATTCharacteristic
from bleak.backends.client import BaseBleakClient, NotifyCallback
from bleak.backends.descriptor import BleakGATTDescriptor
from bleak.backends.device import BLEDevice
from bleak.backends.scanner import AdvertisementData, AdvertisementDataCallback, BaseBleakScanner
from bleak.backends.service import BleakGATTService, BleakGATTServiceCollection
from bleak.exc import BleakError, BleakGATTProtocolError
from bumble import att, core, hci
from bumble.controller import Controller
from bumble.core import AdvertisingData
from bumble.device import Advertisement, Connection, Device, Peer
from bumble.gatt_client import CharacteristicProxy
from bumble.host import Host
from bumble.keys import MemoryKeyStore, PairingKeys
from bumble.link import LocalLink
from bumble.transport.common import AsyncPipeSink

CENTRAL_ADDRESS = "F0:F0:F0:F0:F0:01"
_BASE_UUID_SUFFIX = "-0000-1000-8000-00805f9b34fb"  # Core Spec Vol 3 Part B §2.5.1
_CCCD = "00002902" + _BASE_UUID_SUFFIX
_T = TypeVar("_T")


def uuid_to_str(uuid: core.UUID) -> str:
    """A bumble UUID (bytes stored little-endian) -> bleak's lower-case 128-bit string."""
    raw = uuid.uuid_bytes
    if len(raw) in (2, 4):
        return f"{int.from_bytes(raw, 'little'):08x}{_BASE_UUID_SUFFIX}"
    text = raw[::-1].hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def advertisement_data(advertisement: Advertisement) -> AdvertisementData:
    """Decode the AD structures (Core Spec Supplement Part A §1) the way BlueZ reports them."""
    name: str | None = None
    uuids: list[str] = []
    service_data: dict[str, bytes] = {}
    manufacturer: dict[int, bytes] = {}
    tx_power: int | None = None
    kind = AdvertisingData.Type
    for ad_type, data in advertisement.data.ad_structures:
        if ad_type in (kind.COMPLETE_LOCAL_NAME, kind.SHORTENED_LOCAL_NAME):
            name = data.decode("utf-8", errors="replace")
        elif ad_type in (kind.COMPLETE_LIST_OF_16_BIT_SERVICE_CLASS_UUIDS,
                         kind.INCOMPLETE_LIST_OF_16_BIT_SERVICE_CLASS_UUIDS):
            uuids += [uuid_to_str(core.UUID.from_bytes(data[i:i + 2])) for i in range(0, len(data), 2)]
        elif ad_type in (kind.COMPLETE_LIST_OF_128_BIT_SERVICE_CLASS_UUIDS,
                         kind.INCOMPLETE_LIST_OF_128_BIT_SERVICE_CLASS_UUIDS):
            uuids += [uuid_to_str(core.UUID.from_bytes(data[i:i + 16])) for i in range(0, len(data), 16)]
        elif ad_type == kind.SERVICE_DATA_16_BIT_UUID:
            service_data[uuid_to_str(core.UUID.from_bytes(data[:2]))] = bytes(data[2:])
        elif ad_type == kind.SERVICE_DATA_128_BIT_UUID:
            service_data[uuid_to_str(core.UUID.from_bytes(data[:16]))] = bytes(data[16:])
        elif ad_type == kind.MANUFACTURER_SPECIFIC_DATA and len(data) >= 2:
            manufacturer[struct.unpack_from("<H", data)[0]] = bytes(data[2:])
        elif ad_type == kind.TX_POWER_LEVEL and data:
            tx_power = struct.unpack("b", data[:1])[0]
    uuids = list(dict.fromkeys(uuids))  # bumble merges the scan response in: BlueZ de-duplicates
    return AdvertisementData(name, manufacturer, service_data, uuids, tx_power, advertisement.rssi,
                             (advertisement,))


def _address_str(address: hci.Address) -> str:
    return address.to_string(with_type_qualifier=False)


class AddressKeyStore(MemoryKeyStore):
    """bumble files a bond under the peer's *identity* address (``"AA:..:FF/P"`` when it is
    public) but looks it up by the link's address (``"AA:..:FF"``); on this link both are
    the same six bytes, so match on those (a real stack resolves the identity the same way)."""

    async def get(self, name: str) -> PairingKeys | None:
        matches = [keys for stored, keys in self.all_keys.items() if _same_address(stored, name)]
        return self.all_keys.get(name) or (matches[0] if matches else None)

    async def delete(self, name: str) -> None:
        for stored in [stored for stored in self.all_keys if _same_address(stored, name)]:
            del self.all_keys[stored]


def _same_address(a: str, b: str) -> bool:
    return a.split("/", maxsplit=1)[0] == b.split("/", maxsplit=1)[0]


def new_device(link: LocalLink, address: str, name: str) -> Device:
    """A bumble host + virtual controller on ``link`` with a bond store that works on it."""
    controller = Controller(name, link=link, public_address=address)
    device = Device(address=hci.Address(address), host=Host(controller, AsyncPipeSink(controller)))
    device.keystore = AddressKeyStore()
    return device


class BumbleHub:
    """One LocalLink and the kiosk's central device, shared by every scanner and client."""

    def __init__(self, central_address: str = CENTRAL_ADDRESS) -> None:
        self.link = LocalLink()
        self.central = new_device(self.link, central_address, "kiosk-central")
        self._scan_listeners: list[Callable[[Advertisement], None]] = []
        self._started = False

    async def start(self) -> None:
        if not self._started:
            await self.central.power_on()
            self.central.on(Device.EVENT_ADVERTISEMENT, self._on_advertisement)
            self._started = True

    async def close(self) -> None:
        """Stop scanning and drop every link the central holds (idempotent)."""
        if self._scan_listeners:
            self._scan_listeners.clear()
            await self.central.stop_scanning()
        for connection in list(self.central.connections.values()):
            with contextlib.suppress(core.BaseBumbleError, hci.HCI_Error):  # already gone
                await connection.disconnect()

    async def add_scan_listener(self, listener: Callable[[Advertisement], None]) -> None:
        if not self._scan_listeners:
            await self.central.start_scanning(filter_duplicates=False)
        self._scan_listeners.append(listener)

    async def remove_scan_listener(self, listener: Callable[[Advertisement], None]) -> None:
        if listener in self._scan_listeners:
            self._scan_listeners.remove(listener)
            if not self._scan_listeners:
                await self.central.stop_scanning()

    def _on_advertisement(self, advertisement: Advertisement) -> None:
        for listener in list(self._scan_listeners):
            listener(advertisement)


class BleakScannerBumble(BaseBleakScanner):
    """bleak scanner backend: reports what the hub's central hears on the LocalLink."""

    def __init__(self, detection_callback: AdvertisementDataCallback | None,
                 service_uuids: list[str] | None, scanning_mode: str = "active", *,
                 bumble_hub: BumbleHub, **kwargs: Any) -> None:
        super().__init__(detection_callback, service_uuids)
        self._hub = bumble_hub

    async def start(self) -> None:
        await self._hub.start()
        self.seen_devices = {}  # BaseBleakScanner: "must be cleared when scanning starts"
        await self._hub.add_scan_listener(self._on_advertisement)

    async def stop(self) -> None:
        await self._hub.remove_scan_listener(self._on_advertisement)

    def _on_advertisement(self, advertisement: Advertisement) -> None:
        adv = advertisement_data(advertisement)
        if not self.is_allowed_uuid(adv.service_uuids):
            return
        address = _address_str(advertisement.address)
        device = self.create_or_update_device(address, address, adv.local_name, advertisement.address, adv)
        self.call_detection_callbacks(device, adv)


class BleakClientBumble(BaseBleakClient):
    """bleak client backend: a bumble GATT client on the hub's central device."""

    def __init__(self, address_or_ble_device: BLEDevice | str, *,
                 disconnected_callback: Callable[[], None] | None, timeout: float = 10.0,
                 bumble_hub: BumbleHub, **kwargs: Any) -> None:
        super().__init__(address_or_ble_device, disconnected_callback=disconnected_callback,
                         timeout=timeout)
        self._hub = bumble_hub
        self._peer_address = (address_or_ble_device.details
                              if isinstance(address_or_ble_device, BLEDevice)
                              and isinstance(address_or_ble_device.details, hci.Address)
                              else hci.Address(self.address))
        self._connection: Connection | None = None
        self._peer: Peer | None = None
        self._closing = False
        self._subscribers: dict[int, Callable[[bytes], None]] = {}

    # --- connection --------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self.address

    @property
    def mtu_size(self) -> int:
        return self._connection.att_mtu if self._connection else att.ATT_DEFAULT_MTU

    @property
    def is_connected(self) -> bool:
        return self._connection is not None

    async def connect(self, pair: bool, **kwargs: Any) -> None:
        await self._hub.start()
        try:
            connection = await self._hub.central.connect(self._peer_address, timeout=self._timeout)
        except (core.BaseBumbleError, hci.HCI_Error, TimeoutError) as err:
            raise BleakError(f"could not connect to {self.address}: {err}") from err
        self._connection, self._closing = connection, False
        connection.on(Connection.EVENT_DISCONNECTION, self._on_disconnection)
        self._peer = Peer(connection)
        try:
            await self._att(self._peer.request_mtu(517))
            keystore = self._hub.central.keystore
            assert keystore is not None  # new_device() always gives one
            if await keystore.get(str(connection.peer_address)) is not None:
                await self._reencrypt(connection)
            elif pair:
                await self.pair()
            self.services = await self._discover(self._peer)
        except BaseException:
            await self.disconnect()
            raise

    async def disconnect(self) -> None:
        connection, self._closing = self._connection, True
        if connection is None:
            return
        with contextlib.suppress(core.BaseBumbleError, hci.HCI_Error):  # the peer left first
            await connection.disconnect()
        self._forget()

    async def pair(self, *args: Any, **kwargs: Any) -> None:
        connection = self._require_connection()
        try:
            await self._att(connection.pair())
        except (core.BaseBumbleError, hci.HCI_Error) as err:
            raise BleakError(f"pairing with {self.address} failed: {err}") from err

    async def unpair(self) -> None:
        keystore = self._hub.central.keystore
        assert keystore is not None  # new_device() always gives one
        await keystore.delete(str(self._peer_address))

    async def _reencrypt(self, connection: Connection) -> None:
        try:
            await self._att(connection.encrypt())
        except (core.BaseBumbleError, hci.HCI_Error) as err:
            raise BleakError(f"re-encrypting with {self.address} failed: {err}") from err

    def _on_disconnection(self, reason: int) -> None:
        was_ours = self._closing
        self._forget()
        if not was_ours and self._disconnected_callback is not None:
            self._disconnected_callback()

    def _forget(self) -> None:
        self._connection, self._peer = None, None
        self._subscribers.clear()

    def _require_connection(self) -> Connection:
        if self._connection is None:
            raise BleakError("Not connected")
        return self._connection

    async def _att(self, operation: Awaitable[_T]) -> _T:
        """Run one GATT procedure, translating bumble's failures into bleak's."""
        try:
            return await operation
        except att.ATT_Error as err:
            raise BleakGATTProtocolError(err.error_code) from err
        except core.TimeoutError as err:
            raise TimeoutError(str(err)) from err
        except asyncio.CancelledError:
            # bumble cancels the pending response future when the link drops; a caller that
            # was not itself cancelled must see a disconnect, as with BlueZ (a DBus error).
            task = asyncio.current_task()
            if self._connection is None and task is not None and not task.cancelling():
                raise BleakError(f"{self.address} disconnected") from None
            raise

    # --- discovery ---------------------------------------------------------------------
    async def _discover(self, peer: Peer) -> BleakGATTServiceCollection:
        collection = BleakGATTServiceCollection()
        for service in await self._att(peer.discover_services()):
            bleak_service = BleakGATTService(service, service.handle, uuid_to_str(service.uuid))
            collection.add_service(bleak_service)
            for char in await self._att(peer.discover_characteristics(service=service)):
                properties = [name.lower().replace("_", "-")
                              for name in str(char.properties).split("|") if name]
                bleak_char = BleakGATTCharacteristic(char, char.handle, uuid_to_str(char.uuid),
                                                     properties,  # type: ignore[arg-type]
                                                     lambda: self.mtu_size - 3, bleak_service)
                collection.add_characteristic(bleak_char)
                for desc in await self._att(peer.discover_descriptors(char)):
                    collection.add_descriptor(
                        BleakGATTDescriptor(desc, desc.handle, uuid_to_str(desc.type), bleak_char))
        return collection

    # --- I/O -----------------------------------------------------------------------------
    async def read_gatt_char(self, characteristic: BleakGATTCharacteristic, *,
                             use_cached: bool = False, **kwargs: Any) -> bytearray:
        return await self._read(characteristic.handle, use_cached)

    async def read_gatt_descriptor(self, descriptor: BleakGATTDescriptor, *,
                                   use_cached: bool = False, **kwargs: Any) -> bytearray:
        return await self._read(descriptor.handle, use_cached)

    async def _read(self, handle: int, use_cached: bool) -> bytearray:
        client = self._require_connection().gatt_client
        if use_cached and handle in client.cached_values:
            return bytearray(client.cached_values[handle][1])
        return bytearray(await self._att(client.read_value(handle)))

    async def write_gatt_char(self, characteristic: BleakGATTCharacteristic, data: Any,
                              response: bool) -> None:
        client = self._require_connection().gatt_client
        await self._att(client.write_value(characteristic.handle, bytes(data), with_response=response))

    async def write_gatt_descriptor(self, descriptor: BleakGATTDescriptor, data: Any) -> None:
        client = self._require_connection().gatt_client
        await self._att(client.write_value(descriptor.handle, bytes(data), with_response=True))

    async def start_notify(self, characteristic: BleakGATTCharacteristic, callback: NotifyCallback,
                           **kwargs: Any) -> None:
        self._require_connection()
        proxy: CharacteristicProxy[bytes] = characteristic.obj
        if characteristic.get_descriptor(_CCCD) is None:
            raise BleakError(f"characteristic {characteristic.uuid} has no CCCD")  # BlueZ refuses too

        def deliver(value: bytes) -> None:
            callback(bytearray(value))

        self._subscribers[characteristic.handle] = deliver
        await self._att(proxy.subscribe(deliver, prefer_notify=True))

    async def stop_notify(self, characteristic: BleakGATTCharacteristic) -> None:
        self._require_connection()
        proxy: CharacteristicProxy[bytes] = characteristic.obj
        await self._att(proxy.unsubscribe(self._subscribers.pop(characteristic.handle, None)))
