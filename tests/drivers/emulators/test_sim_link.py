"""SimulatedGattLink behaves like a real GATT link where a driver could tell the difference."""

from __future__ import annotations

import asyncio

import pytest

from drivers.emulators.gatt import Advertisement, AttError, VirtualCharacteristic, VirtualPeripheral
from drivers.emulators.sim_link import SimulatedGattLink
from drivers.errors import DeviceLost, DeviceNotFound, DriverError, ProtocolViolation, Reason
from drivers.transport.gatt import normalize_uuid

SERVICE = normalize_uuid("180d")
VALUE = normalize_uuid("2a37")
LOCKED = normalize_uuid("2a38")
WRITABLE = normalize_uuid("2a39")
INDICATED = normalize_uuid("2a35")


class _Peripheral(VirtualPeripheral):
    address = "AA:BB:CC:DD:EE:01"

    def __init__(self, *, connectable: bool = True) -> None:
        super().__init__()
        self.advertisement = Advertisement("TEST", (SERVICE,), connectable=connectable)
        self.services = {SERVICE: [
            VirtualCharacteristic(VALUE, frozenset({"read", "notify"}), b"\x01"),
            VirtualCharacteristic(LOCKED, frozenset({"read"}), b"\x02", requires_encryption=True),
            VirtualCharacteristic(WRITABLE, frozenset({"write"})),
            VirtualCharacteristic(INDICATED, frozenset({"indicate"})),
        ]}
        self.disconnects = 0

    async def on_write(self, uuid: str, data: bytes) -> None:
        if data == b"\xff":
            raise AttError(0x13)  # Value Not Allowed
        await super().on_write(uuid, data)

    async def on_disconnect(self) -> None:
        self.disconnects += 1
        await super().on_disconnect()


async def test_reads_writes_and_missing_characteristics() -> None:
    peripheral = _Peripheral()
    link = SimulatedGattLink(peripheral)
    with pytest.raises(DeviceLost):
        await link.read(VALUE)
    await link.connect()
    assert link.address == "AA:BB:CC:DD:EE:01"
    assert await link.read("2a37") == b"\x01"
    assert link.has_characteristic("2A39") and not link.has_characteristic("2a99")
    with pytest.raises(ProtocolViolation):
        await link.read("2a99")
    with pytest.raises(ProtocolViolation):
        await link.read(WRITABLE)  # no read property
    with pytest.raises(ProtocolViolation):
        await link.write(VALUE, b"\x00")  # not writable
    await link.write(WRITABLE, b"\x05")
    assert peripheral.characteristic(WRITABLE).value == b"\x05"
    with pytest.raises(ProtocolViolation) as caught:
        await link.write(WRITABLE, b"\xff")
    assert "0x13" in caught.value.detail


async def test_encryption_is_enforced_until_paired() -> None:
    link = SimulatedGattLink(_Peripheral())
    await link.connect()
    with pytest.raises(DriverError) as caught:
        await link.read(LOCKED)
    assert caught.value.reason is Reason.NEEDS_PAIRING
    await link.disconnect()
    await link.connect(pair=True)
    assert await link.read(LOCKED) == b"\x02"
    await link.disconnect()
    await link.connect()  # the bond is remembered, as BlueZ keeps it
    assert await link.read(LOCKED) == b"\x02"


async def test_notifications_arrive_asynchronously_and_indications_wait_for_delivery() -> None:
    peripheral = _Peripheral()
    link = SimulatedGattLink(peripheral)
    await link.connect()
    got: list[tuple[str, bytes]] = []
    await link.subscribe(VALUE, lambda data: got.append(("notify", data)))
    await link.subscribe(INDICATED, lambda data: got.append(("indicate", data)))
    assert peripheral.host is not None
    await peripheral.host.notify(VALUE, b"\x10")
    assert got == [], "a notification is delivered by the event loop, not inside notify()"
    await peripheral.host.notify(INDICATED, b"\x20")
    assert got == [("notify", b"\x10"), ("indicate", b"\x20")], "in order; indication confirmed"


async def test_peripheral_disconnect_fires_callbacks_but_our_own_does_not() -> None:
    peripheral = _Peripheral()
    link = SimulatedGattLink(peripheral)
    lost: list[str] = []
    link.on_disconnect(lambda: lost.append("lost"))
    await link.connect()
    await link.disconnect()
    await asyncio.sleep(0)
    assert lost == []
    await link.connect()
    assert peripheral.host is not None
    await peripheral.host.disconnect()
    assert not link.is_connected
    await asyncio.sleep(0)
    assert lost == ["lost"]
    assert peripheral.disconnects == 2
    with pytest.raises(DeviceLost):
        await link.read(VALUE)


async def test_a_device_that_is_not_connectable_is_not_found() -> None:
    with pytest.raises(DeviceNotFound):
        await SimulatedGattLink(_Peripheral(connectable=False)).connect()
