"""Serve a :class:`drivers.emulators.gatt.VirtualPeripheral` through BlueZ's *peripheral* API.

The emulated device lives on bluezoo's second adapter (``hci1``), exactly as a Linux GATT
server would on real BlueZ (doc/gatt-api.txt, doc/advertising-api.txt):

* a GATT application (ObjectManager root + ``org.bluez.GattService1`` /
  ``org.bluez.GattCharacteristic1`` objects) registered with ``GattManager1.RegisterApplication``;
* an ``org.bluez.LEAdvertisement1`` registered with ``LEAdvertisingManager1.RegisterAdvertisement``
  (``Discoverable`` must be true or bluezoo never reports it; reference §5.4).

bleak's real ``bluezdbus`` backend on ``hci0`` then scans, connects and subscribes; bluezoo
relays ``ReadValue``/``WriteValue``/``StartNotify`` to the objects here and turns a
``PropertiesChanged(Value)`` into the central's notification, answering each with ``Confirm``.

bluezoo 1.0.2 limits, and what this module does about them:

* a peer-initiated disconnect is not propagated (bluezoo's ``Device.peer`` is a fresh copy),
  so :meth:`BluezooPeripheralHost.disconnect` drops the link on the central adapter's view
  of the device, which is the ``Connected=false`` signal BlueZ emits when a remote leaves;
* one bluezoo serves one session per device: it reports a device once (InterfacesAdded) and
  never re-emits RSSI, so a second scan hears nothing, and a second connection fails
  (bluezoo re-exports the GATT objects under the same path: sd-bus EEXIST); a test that
  needs several sessions starts a fresh bluezoo for each (``running_bluezoo``, ~0.2 s);
* bluezoo declares ``ManufacturerData`` as ``a{sv}`` (BlueZ: ``a{qv}``) and never reports a
  device that carries any, so manufacturer data is not advertised on this tier (the bumble tier
  covers it); LE pairing is not modelled either (bumble tier again).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Annotated, Any

from dbus_fast import Message, MessageType, Variant
from dbus_fast.aio import MessageBus
from dbus_fast.annotations import DBusBool, DBusBytes, DBusDict, DBusObjectPath, DBusSignature, DBusStr
from dbus_fast.constants import PropertyAccess
from dbus_fast.errors import DBusError
from dbus_fast.service import ServiceInterface, dbus_method, dbus_property

from drivers.emulators.gatt import Advertisement, AttError, VirtualCharacteristic, VirtualPeripheral
from drivers.transport.gatt import normalize_uuid
from tests.support.bluezoo_env import BluezooEnv
from tests.support.hook_tasks import HookTasks

log = logging.getLogger(__name__)

StrList = Annotated[list[str], DBusSignature("as")]
PathList = Annotated[list[str], DBusSignature("ao")]
UInt16 = Annotated[int, DBusSignature("q")]

_APP_PATH = "/org/lifelog/emulator"
_ADV_PATH = "/org/lifelog/emulator/advertisement0"
_CONFIRM_TIMEOUT_S = 5.0
# ATT codes meaning "bond first" (Core Vol 3 Part F Table 3.4): a BlueZ GATT application
# answers those with org.bluez.Error.NotAuthorized (doc/gatt-api.txt), anything else Failed.
_PAIRING_CODES = frozenset({0x05, 0x08, 0x0C, 0x0F})


def _dbus_error(err: AttError) -> DBusError:
    name = "org.bluez.Error.NotAuthorized" if err.code in _PAIRING_CODES else "org.bluez.Error.Failed"
    return DBusError(name, f"0x{err.code:02x}")


def _device_path(adapter: str, address: str) -> str:
    return f"/org/bluez/{adapter}/dev_{address.replace(':', '_')}"


class _Service(ServiceInterface):
    def __init__(self, uuid: str) -> None:
        super().__init__("org.bluez.GattService1")
        self._uuid = uuid
        self._handle = 0  # 0 asks bluezoo to assign one (GattManager1.RegisterApplication)

    @dbus_property(access=PropertyAccess.READ)
    def UUID(self) -> DBusStr:
        return self._uuid

    @dbus_property(access=PropertyAccess.READ)
    def Primary(self) -> DBusBool:
        return True

    @dbus_property(access=PropertyAccess.READ)
    def Includes(self) -> PathList:
        return []

    @dbus_property()
    def Handle(self) -> UInt16:
        return self._handle

    @Handle.setter
    def Handle(self, value: UInt16) -> None:
        self._handle = value


class _Characteristic(ServiceInterface):
    """One characteristic; the host owns the behaviour, this object only speaks D-Bus."""

    def __init__(self, host: BluezooPeripheralHost, spec: VirtualCharacteristic, service_path: str) -> None:
        super().__init__("org.bluez.GattCharacteristic1")
        self._host = host
        self.uuid = spec.uuid
        self.flags = sorted(spec.properties)
        self._service_path = service_path
        self._handle = 0
        self.value = spec.value
        self.notifying = False
        self.sent = 0  # values pushed while notifying ...
        self.confirmed = 0  # ... and Confirm() calls bluezoo made for them
        self.confirm_changed = asyncio.Condition()

    @dbus_property(access=PropertyAccess.READ)
    def UUID(self) -> DBusStr:
        return self.uuid

    @dbus_property(access=PropertyAccess.READ)
    def Service(self) -> DBusObjectPath:
        return self._service_path

    @dbus_property(access=PropertyAccess.READ)
    def Flags(self) -> StrList:
        return self.flags

    @dbus_property(access=PropertyAccess.READ)
    def Value(self) -> DBusBytes:
        return self.value

    @dbus_property(access=PropertyAccess.READ)
    def Notifying(self) -> DBusBool:
        return self.notifying

    @dbus_property()
    def Handle(self) -> UInt16:
        return self._handle

    @Handle.setter
    def Handle(self, value: UInt16) -> None:
        self._handle = value

    # dbus-fast reads the D-Bus signature from annotations; a method without a return
    # annotation replies with an empty body, which is what BlueZ expects from these.
    @dbus_method()
    def ReadValue(self, options: DBusDict) -> DBusBytes:
        return self._host.read(self.uuid)

    @dbus_method()
    async def WriteValue(self, value: DBusBytes, options: DBusDict):
        await self._host.write(self.uuid, value)

    @dbus_method()
    async def StartNotify(self):
        await self._host.subscription_changed(self, True)

    @dbus_method()
    async def StopNotify(self):
        await self._host.subscription_changed(self, False)

    @dbus_method()
    async def Confirm(self):
        async with self.confirm_changed:
            self.confirmed += 1
            self.confirm_changed.notify_all()

    def set_notifying(self, enabled: bool) -> None:
        if self.notifying != enabled:
            self.notifying = enabled
            self.sent = self.confirmed = 0
            self.emit_properties_changed({"Notifying": enabled})


class _Advertisement(ServiceInterface):
    def __init__(self, advertisement: Advertisement) -> None:
        super().__init__("org.bluez.LEAdvertisement1")
        self.advertisement = advertisement

    @dbus_property(access=PropertyAccess.READ)
    def Type(self) -> DBusStr:
        return "peripheral" if self.advertisement.connectable else "broadcast"

    @dbus_property(access=PropertyAccess.READ)
    def LocalName(self) -> DBusStr:
        return self.advertisement.local_name

    @dbus_property(access=PropertyAccess.READ)
    def ServiceUUIDs(self) -> StrList:
        return [normalize_uuid(uuid) for uuid in self.advertisement.service_uuids]

    @dbus_property(access=PropertyAccess.READ)
    def ServiceData(self) -> DBusDict:
        return {normalize_uuid(uuid): Variant("ay", data)
                for uuid, data in self.advertisement.service_data.items()}

    @dbus_property(access=PropertyAccess.READ)
    def Discoverable(self) -> DBusBool:
        return True  # bluezoo skips advertisements that are not discoverable

    @dbus_method()
    def Release(self):
        return None


class BluezooPeripheralHost:
    """A :class:`drivers.emulators.gatt.PeripheralHost` on bluezoo's peripheral adapter."""

    def __init__(self, env: BluezooEnv, peripheral: VirtualPeripheral) -> None:
        self.env = env
        self.peripheral = peripheral
        self._bus: MessageBus | None = None
        self._chars: dict[str, _Characteristic] = {}
        self._advertisement = _Advertisement(peripheral.advertisement)
        self._connected = asyncio.Event()
        self._is_connected = False
        self._hooks = HookTasks()
        self.connections = 0

    @property
    def central_device_path(self) -> str:
        """The central adapter's object for this peripheral (what bleak talks to)."""
        return _device_path(self.env.central_adapter, self.env.peripheral_address)

    # --- set-up ------------------------------------------------------------------------
    async def start(self) -> None:
        bus = self._bus = await self.env.connect()
        for index, (service_uuid, chars) in enumerate(self.peripheral.services.items()):
            service_path = f"{_APP_PATH}/service{index}"
            bus.export(service_path, _Service(normalize_uuid(service_uuid)))
            for number, spec in enumerate(chars):
                char = _Characteristic(self, spec, service_path)
                bus.export(f"{service_path}/char{number}", char)
                self._chars[spec.uuid] = char
        bus.export(_ADV_PATH, self._advertisement)
        # Watch the peripheral adapter's view of the central: Connected true/false.
        await self._call("/org/freedesktop/DBus", "org.freedesktop.DBus", "AddMatch", "s",
                         [f"type='signal',sender='org.bluez',member='PropertiesChanged',"
                          f"path_namespace='/org/bluez/{self.env.peripheral_adapter}'"],
                         destination="org.freedesktop.DBus")
        bus.add_message_handler(self._on_message)
        adapter = f"/org/bluez/{self.env.peripheral_adapter}"
        await self._call(adapter, "org.bluez.GattManager1", "RegisterApplication", "oa{sv}", [_APP_PATH, {}])
        await self._call(adapter, "org.bluez.LEAdvertisingManager1", "RegisterAdvertisement", "oa{sv}",
                         [_ADV_PATH, {}])
        await self.peripheral.on_advertising(self)

    async def close(self) -> None:
        """Disconnect from the bus (bluezoo drops the app and advertisement); re-raise hook failures."""
        await self._hooks.drain()
        if self._bus is not None:
            self._bus.disconnect()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._bus.wait_for_disconnect(), 2.0)
            self._bus = None
        self._hooks.raise_first_error()

    async def _call(self, path: str, interface: str, member: str, signature: str = "",
                    body: list[Any] | None = None, *, destination: str = "org.bluez") -> Message:
        assert self._bus is not None
        reply = await self._bus.call(Message(destination=destination, path=path, interface=interface,
                                             member=member, signature=signature, body=body or []))
        if reply is None or reply.message_type == MessageType.ERROR:
            detail = reply.body if reply is not None else "no reply"
            raise RuntimeError(f"{interface}.{member} on {path} failed: {detail}")
        return reply

    # --- PeripheralHost ------------------------------------------------------------------
    async def notify(self, uuid: str, data: bytes) -> None:
        """Push a value; for an indication, return once bluezoo has confirmed it."""
        char = self._chars[normalize_uuid(uuid)]
        if not self._is_connected:
            raise ConnectionError("not connected")  # as SimulatedGattLink does
        if not char.notifying:
            return  # nobody subscribed: a server sends nothing
        char.value = bytes(data)
        char.sent += 1
        expected = char.sent
        char.emit_properties_changed({"Value": char.value})
        if "indicate" not in char.flags:
            return
        async with char.confirm_changed:
            try:
                await asyncio.wait_for(char.confirm_changed.wait_for(
                    lambda: char.confirmed >= expected or not self._is_connected), _CONFIRM_TIMEOUT_S)
            except TimeoutError:
                if self._is_connected:
                    raise
        if not self._is_connected:
            raise ConnectionError("link dropped during the indication")

    async def disconnect(self) -> None:
        """The device drops the link.  See the module docstring: done on hci0's view."""
        if self._is_connected:
            await self._call(self.central_device_path, "org.bluez.Device1", "Disconnect")

    async def set_advertisement(self, advertisement: Advertisement) -> None:
        self.peripheral.advertisement = advertisement
        self._advertisement.advertisement = advertisement
        self._advertisement.emit_properties_changed({
            "LocalName": advertisement.local_name,
            "ServiceData": self._advertisement.ServiceData,
        })

    # --- bluezoo -> hooks ----------------------------------------------------------------
    def _on_message(self, message: Message) -> bool:
        if (message.message_type == MessageType.SIGNAL and message.member == "PropertiesChanged"
                and message.body and message.body[0] == "org.bluez.Device1"
                and "Connected" in message.body[1]):
            connected = bool(message.body[1]["Connected"].value)
            if connected != self._is_connected:
                self._is_connected = connected
                self._hooks.spawn(self._connection_changed(connected))
        return False  # let dbus-fast keep routing it

    async def _connection_changed(self, connected: bool) -> None:
        if connected:
            self.connections += 1
            await self.peripheral.on_connect(self)
            self._connected.set()
        else:
            self._connected.clear()
            for char in self._chars.values():
                char.notifying = False
                async with char.confirm_changed:
                    char.confirm_changed.notify_all()
            await self.peripheral.on_disconnect()

    def read(self, uuid: str) -> bytes:
        try:
            return bytes(self.peripheral.on_read(uuid))
        except AttError as err:
            raise _dbus_error(err) from err

    async def write(self, uuid: str, data: bytes) -> None:
        await self._connected.wait()  # on_connect runs before the first write hook
        try:
            await self.peripheral.on_write(uuid, bytes(data))
        except AttError as err:
            raise _dbus_error(err) from err

    async def subscription_changed(self, char: _Characteristic, enabled: bool) -> None:
        """StartNotify/StopNotify: the hook runs before the reply, as a CCCD write would."""
        await self._connected.wait()
        was = char.notifying
        char.set_notifying(enabled)
        try:
            if enabled:
                await self.peripheral.on_subscribe(char.uuid)
            else:
                await self.peripheral.on_unsubscribe(char.uuid)
        except AttError as err:
            char.set_notifying(was)
            raise _dbus_error(err) from err

