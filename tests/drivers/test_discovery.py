"""drivers/discovery.py: the technician's scan, pairing and serial inventory.

The scan and the pairing run through bleak's public API unchanged; only bleak's OS backend
is swapped for the test backend over bumble virtual controllers (tests/support/bleak_bumble.py),
and each emulator is a bumble device with a real GATT server and SMP (bumble_peripheral.py).
Reference devices-and-protocols.md §5.3 (bumble tier), §5.4 (scan race).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime

import pytest
from bumble.pairing import PairingConfig, PairingDelegate
from serial.tools.list_ports_common import ListPortInfo

from drivers import registry
from drivers.codecs.date_time import DateTime, encode_date_time
from drivers.discovery import DeviceDiscovery, PairingRefused, serial_inventory
from drivers.emulators.and_ua651ble import DATE_TIME, AndUA651BLE, CuffTiming
from drivers.emulators.scripted import Fault
from drivers.emulators.tindeq_progressor import TindeqProgressor
from drivers.errors import DeviceLost, DeviceNotFound, DriverError, Reason
from drivers.readings import DeviceKind, LinkKind
from drivers.registry import SerialMatch
from drivers.transport.ble import BleakGattLink
from tests.support.bleak_bumble import BleakClientBumble, BleakScannerBumble, BumbleHub
from tests.support.bumble_peripheral import Serve, UnclaimedThermometer

SCAN_S = 0.4  # emulators advertise every 20 ms: a short window hears each many times
FAST_CUFF = CuffTiming(step_s=0.001)








def _discovery(hub: BumbleHub) -> DeviceDiscovery:
    return DeviceDiscovery(scanner_backend=BleakScannerBumble, client_backend=BleakClientBumble,
                           backend_kwargs={"bumble_hub": hub}, connect_timeout_s=3.0)


# --- scan ---------------------------------------------------------------------------------------
async def test_scan_matches_the_cuff_and_the_gauge_and_lists_an_unknown_device(
        hub: BumbleHub, serve: Serve) -> None:
    cuff, gauge, thermo = AndUA651BLE(timing=FAST_CUFF), TindeqProgressor(), UnclaimedThermometer()
    for peripheral in (cuff, gauge, thermo):
        await serve(peripheral)

    found = {f.address: f for f in await _discovery(hub).scan(SCAN_S)}

    assert set(found) == {cuff.address, gauge.address, thermo.address}
    bp = found[cuff.address]
    assert (bp.spec_id, bp.kind, bp.model, bp.name, bp.needs_bond) == (
        "and-ua-651ble", DeviceKind.BLOOD_PRESSURE, "UA-651BLE", "A&D_UA-651_1B", True)
    grip = found[gauge.address]
    assert (grip.spec_id, grip.kind, grip.name, grip.needs_bond) == (
        "tindeq-progressor", DeviceKind.GRIP, "Progressor_1A01", False)
    unknown = found[thermo.address]
    assert not unknown.supported and unknown.spec_id is None and unknown.kind is None
    assert unknown.name == "THERMO-1"
    assert all(isinstance(f.rssi_dbm, int) for f in found.values())  # dBm from the advert


async def test_scan_lists_supported_devices_before_unsupported(hub: BumbleHub, serve: Serve) -> None:
    await serve(UnclaimedThermometer())
    await serve(TindeqProgressor())
    found = await _discovery(hub).scan(SCAN_S)
    assert [f.supported for f in found] == [True, False]


async def test_scan_with_nothing_around_is_empty_not_an_error(hub: BumbleHub) -> None:
    assert await _discovery(hub).scan(0.2) == []


# --- pairing -------------------------------------------------------------------------------------
async def test_pairing_the_cuff_bonds_and_returns_its_dis_identity(hub: BumbleHub, serve: Serve) -> None:
    # the bond-only cuff: its clock and measurement characteristics need an encrypted link
    cuff = AndUA651BLE(fault=Fault.NEEDS_PAIRING, timing=FAST_CUFF)
    await serve(cuff)
    spec = registry.spec_for("and-ua-651ble")

    paired = await _discovery(hub).pair(cuff.address, spec, find_timeout_s=3.0)

    assert paired.bonded and paired.spec_id == "and-ua-651ble" and paired.kind is DeviceKind.BLOOD_PRESSURE
    identity = paired.identity
    assert (identity.model, identity.manufacturer, identity.serial_number, identity.firmware) == (
        cuff.info.model, cuff.info.manufacturer, "5140300123", "BLP008_d017")
    assert (identity.address, identity.link) == (cuff.address, LinkKind.BLE)
    # the central holds the bond: a new link is encrypted without a pairing step, so the
    # bond-only Date Time characteristic takes a plain write
    assert await hub.central.keystore.get(cuff.address) is not None  # type: ignore[union-attr]
    link = BleakGattLink(cuff.address, backend=BleakClientBumble, bumble_hub=hub)
    await link.connect()
    await link.write(DATE_TIME, encode_date_time(DateTime.from_datetime(datetime(2026, 11, 29, 9, 0))))
    await link.disconnect()
    assert cuff.clock_set == datetime(2026, 11, 29, 9, 0)


async def test_without_pairing_the_bond_only_cuff_refuses_the_clock(hub: BumbleHub, serve: Serve) -> None:
    """The control for the test above: the write needs the bond that pair() made."""
    cuff = AndUA651BLE(fault=Fault.NEEDS_PAIRING, timing=FAST_CUFF)
    await serve(cuff)
    link = BleakGattLink(cuff.address, backend=BleakClientBumble, bumble_hub=hub)
    await link.connect()
    with pytest.raises(DriverError) as refused:
        await link.write(DATE_TIME, encode_date_time(DateTime.from_datetime(datetime(2026, 11, 29))))
    await link.disconnect()
    assert refused.value.reason is Reason.NEEDS_PAIRING


async def test_pairing_a_gauge_without_dis_keeps_the_registry_identity(hub: BumbleHub,
                                                                      serve: Serve) -> None:
    gauge = TindeqProgressor()
    await serve(gauge)
    paired = await _discovery(hub).pair(gauge.address, registry.spec_for("tindeq-progressor"),
                                        find_timeout_s=3.0)
    assert not paired.bonded
    assert (paired.identity.model, paired.identity.manufacturer) == ("Progressor", "Tindeq")
    assert await hub.central.keystore.get(gauge.address) is None  # type: ignore[union-attr]


class _RefuseEveryPairing(PairingDelegate):
    async def accept(self) -> bool:
        return False


async def test_a_refused_bond_is_pairing_refused(hub: BumbleHub, serve: Serve) -> None:
    cuff = AndUA651BLE(fault=Fault.NEEDS_PAIRING, timing=FAST_CUFF)
    host = await serve(cuff)
    # the cuff is not in pairing mode: its SMP answers "pairing not supported"
    host.device.pairing_config_factory = lambda _c: PairingConfig(delegate=_RefuseEveryPairing())

    with pytest.raises(PairingRefused) as refused:
        await _discovery(hub).pair(cuff.address, registry.spec_for("and-ua-651ble"), find_timeout_s=3.0)
    assert refused.value.reason is Reason.NEEDS_PAIRING
    assert await hub.central.keystore.get(cuff.address) is None  # type: ignore[union-attr]


async def test_pairing_an_absent_address_is_not_found(hub: BumbleHub) -> None:
    with pytest.raises(DeviceNotFound):
        await _discovery(hub).pair("5C:0E:8B:00:00:00", registry.spec_for("and-ua-651ble"),
                                   find_timeout_s=0.3)


async def test_a_link_dropped_while_pairing_is_device_lost(hub: BumbleHub, serve: Serve) -> None:
    # the cuff powers off at once when nobody sets its clock (A&D "E 10", reference §3.1)
    cuff = AndUA651BLE(fault=Fault.NEEDS_PAIRING, timing=CuffTiming(step_s=0.001, power_off_s=0.0))
    await serve(cuff)
    with pytest.raises(DeviceLost):
        await _discovery(hub).pair(cuff.address, registry.spec_for("and-ua-651ble"), find_timeout_s=3.0)


async def test_an_advertisement_only_scale_is_not_paired(hub: BumbleHub) -> None:
    with pytest.raises(DriverError) as refused:
        await _discovery(hub).pair("AA:BB:CC:DD:EE:FF", registry.spec_for("xiaomi-mi-scale-2"))
    assert refused.value.reason is Reason.NOT_SUPPORTED


# --- serial inventory ------------------------------------------------------------------------------
@pytest.fixture
def pty_path() -> Iterator[str]:
    controller, device = os.openpty()
    try:
        yield os.ttyname(device)
    finally:
        os.close(controller)
        os.close(device)


def _usb_port(device: str, vid: int, pid: int, product: str | None = None) -> ListPortInfo:
    """What comports() returns for a USB-serial device (pyserial's own record type)."""
    info = ListPortInfo(device, skip_link_detection=True)
    info.vid, info.pid, info.product = vid, pid, product
    info.description = product or "USB-Serial Controller"
    return info


def test_serial_inventory_lists_a_pty_as_a_plain_port(pty_path: str) -> None:
    found = serial_inventory(ports=list, extra_paths=[pty_path, "socket://127.0.0.1:4001"])
    assert [(f.port, f.usb_id, f.spec_id) for f in found] == [(pty_path, None, None)]
    assert found[0].description == ""  # pyserial says "n/a": not shown as a description


def test_serial_inventory_matches_usb_ids_and_product_names() -> None:
    fx = registry.spec_for("and-fx-i")
    assert isinstance(fx.match, SerialMatch)
    with_usb_id = replace(fx, match=SerialMatch(fx.match.models, ((0x0403, 0x6015),)))
    specs = [with_usb_id if s is fx else s for s in registry.SPECS]
    ports = [_usb_port("/dev/ttyUSB1", 0x0403, 0x6015),  # an FX-i with its own USB id
             _usb_port("/dev/ttyUSB0", 0x1A86, 0x7523),  # a generic CH340 adapter
             _usb_port("/dev/ttyACM0", 0x2341, 0x0043, product="M4-050")]  # names its model
    found = serial_inventory(ports=lambda: ports, specs=specs)
    assert [(f.port, f.usb_id, f.spec_id) for f in found] == [
        ("/dev/ttyACM0", "2341:0043", "mark10-series4"),
        ("/dev/ttyUSB0", "1A86:7523", None),
        ("/dev/ttyUSB1", "0403:6015", "and-fx-i")]


def test_serial_inventory_of_this_machine_has_the_right_shape() -> None:
    for port in serial_inventory():  # the real comports(): often empty in CI
        assert port.port.startswith("/dev/") or port.port.startswith("COM")
        assert port.usb_id is None or len(port.usb_id) == 9
