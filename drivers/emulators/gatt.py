"""A virtual GATT peripheral: one device's behaviour, independent of what hosts it.

An emulator subclasses :class:`VirtualPeripheral`, declares its advertisement and services,
and implements the hooks.  A *host* serves it to a central:

* ``drivers.emulators.sim_link.SimulatedGattLink`` (in-process, production ``sim://``)
* ``tests/support/bleak_bumble.py`` (a bumble virtual controller on a LocalLink)
* ``tests/support/bluezoo_peripheral.py`` (a BlueZ GATT application on bluezoo's D-Bus)

The host calls the hooks; the peripheral pushes values back through ``self.host``.  The same
emulator code therefore drives the production simulator and both test tiers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from drivers.transport.gatt import normalize_uuid


class AttError(Exception):
    """Raised by a peripheral hook to answer with an ATT error (Core Vol 3 Part F §3.4.1.1).

    Every host turns it into what its central would see: bumble answers an ATT Error
    Response, ``SimulatedGattLink`` raises the DriverError bleak's translation would give.
    """

    def __init__(self, code: int) -> None:
        super().__init__(f"ATT error 0x{code:02x}")
        self.code = code


@dataclass(frozen=True)
class Advertisement:
    local_name: str
    service_uuids: tuple[str, ...] = ()
    manufacturer_data: dict[int, bytes] = field(default_factory=dict)
    service_data: dict[str, bytes] = field(default_factory=dict)  # normalised UUID -> bytes
    connectable: bool = True


@dataclass
class VirtualCharacteristic:
    uuid: str
    properties: frozenset[str]  # read, write, write-without-response, notify, indicate
    value: bytes = b""
    requires_encryption: bool = False  # models a bond requirement (A&D: needs pairing)

    def __post_init__(self) -> None:
        self.uuid = normalize_uuid(self.uuid)


class PeripheralHost(Protocol):
    async def notify(self, uuid: str, data: bytes) -> None:
        """Send a notification/indication; for indications, returns after confirmation."""
        ...

    async def disconnect(self) -> None:
        """The peripheral drops the link (A&D cuffs do this after uploading)."""
        ...

    async def set_advertisement(self, advertisement: Advertisement) -> None:
        """Change advertising data (advertisement-only devices such as the Mi scale)."""
        ...


class VirtualPeripheral:
    """Base class; subclasses fill ``advertisement`` and ``services`` and override hooks."""

    address: str = "00:00:00:00:00:00"
    advertisement: Advertisement
    services: dict[str, list[VirtualCharacteristic]]

    def __init__(self) -> None:
        self.host: PeripheralHost | None = None
        self.subscribed: set[str] = set()

    def characteristic(self, uuid: str) -> VirtualCharacteristic:
        key = normalize_uuid(uuid)
        for chars in self.services.values():
            for char in chars:
                if char.uuid == key:
                    return char
        raise KeyError(uuid)

    # --- hooks a host calls -------------------------------------------------------------
    async def on_connect(self, host: PeripheralHost) -> None:
        self.host = host

    async def on_advertising(self, host: PeripheralHost) -> None:
        """The host started advertising this peripheral (before any connection).

        Advertisement-only devices (the Mi scale) start their script here and push changes
        through ``host.set_advertisement``.
        """
        self.host = host

    async def on_disconnect(self) -> None:
        self.host = None
        self.subscribed.clear()

    def on_read(self, uuid: str) -> bytes:
        return self.characteristic(uuid).value

    async def on_write(self, uuid: str, data: bytes) -> None:
        self.characteristic(uuid).value = bytes(data)

    async def on_subscribe(self, uuid: str) -> None:
        self.subscribed.add(normalize_uuid(uuid))

    async def on_unsubscribe(self, uuid: str) -> None:
        self.subscribed.discard(normalize_uuid(uuid))
