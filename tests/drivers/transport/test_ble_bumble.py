"""Tier 2: the real drivers and BleakGattLink through bleak's public API over bumble.

Nothing here is mocked: the drivers (drivers/devices/*), ``BleakGattLink``/``scan_for``
(drivers/transport/ble.py) and bleak's own ``BleakScanner``/``BleakClient`` run unchanged;
bleak's OS backend is swapped for a test backend over bumble virtual controllers
(tests/support/bleak_bumble.py), and each emulator is served by its own bumble device with
a GATT server (tests/support/bumble_peripheral.py).  Reference devices-and-protocols.md §5.3,
§6 pyramid level 2.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from bleak import BleakClient, BleakScanner
from bleak.exc import BleakError, BleakGATTProtocolError, BleakGATTProtocolErrorCode

from drivers.base import MeasuringDriver
from drivers.codecs.date_time import DateTime, encode_date_time
from drivers.codecs.tindeq import SERVICE_UUID as TINDEQ_SERVICE
from drivers.codecs.tindeq import Command
from drivers.devices.bp_bls import BloodPressureCuffDriver
from drivers.devices.mi_scale import MiScaleDriver
from drivers.devices.scale_wss_bcs import BodyCompositionScaleDriver
from drivers.devices.tindeq_grip import TindeqGripDriver
from drivers.emulators.and_ua651ble import (
    BLOOD_PRESSURE_SERVICE,
    DATE_TIME,
    AndUA651BLE,
    BloodPressurePerson,
    CuffTiming,
)
from drivers.emulators.gatt import Advertisement, VirtualCharacteristic, VirtualPeripheral
from drivers.emulators.mi_scale2 import MiScale2, MiScalePerson, MiScaleTiming
from drivers.emulators.scripted import Fault, ScriptedPeripheral
from drivers.emulators.tindeq_progressor import GripPerson, TindeqProgressor
from drivers.emulators.wss_bcs_scale import WEIGHT_SCALE_SERVICE, ScalePerson, WssBcsScale
from drivers.errors import DeviceLost, DriverError, Reason
from drivers.readings import (
    BloodPressureReading,
    BodyCompositionReading,
    CuffPressure,
    DeviceIdentity,
    GripReading,
    LinkKind,
    LiveForce,
    LiveMass,
    Progress,
    Reading,
)
from drivers.transport.ble import BleakAdvertisementSource, BleakGattLink, scan_for
from drivers.transport.gatt import normalize_uuid
from tests.support.bleak_bumble import BleakClientBumble, BleakScannerBumble, BumbleHub
from tests.support.bumble_peripheral import Serve

FAST_CUFF = CuffTiming(step_s=0.001)






async def _link_to(hub: BumbleHub, service_uuid: str) -> BleakGattLink:
    """Scan for the service like the kiosk does, then open a link to what answered."""
    device, _ = await scan_for(lambda _d, ad: service_uuid in ad.service_uuids, 5.0,
                               backend=BleakScannerBumble, bumble_hub=hub)
    return BleakGattLink(device, backend=BleakClientBumble, bumble_hub=hub)


def _cuff_identity(address: str) -> DeviceIdentity:
    return DeviceIdentity("UA-651BLE", "A&D", address, LinkKind.BLE)


# --- the backend itself, through bleak's public API -------------------------------------------
class _Beacon(VirtualPeripheral):
    """A minimal peripheral: an advertisement with every AD type the kiosk parses."""

    address = "C0:FF:EE:00:00:01"

    def __init__(self) -> None:
        super().__init__()
        self.advertisement = Advertisement(
            "BEACON", (normalize_uuid("181b"),), manufacturer_data={0x0157: b"\x01\x02"},
            service_data={normalize_uuid("181d"): b"\x22\x33"})
        self.services = {normalize_uuid("181b"): [
            VirtualCharacteristic("2a9b", frozenset({"read"}), b"\x01\x00\x00\x00")]}


async def test_scanner_reports_advertisement_fields_as_bleak_does(hub: BumbleHub, serve: Serve) -> None:
    await serve(_Beacon())
    device = await BleakScanner.find_device_by_filter(
        lambda _d, ad: ad.local_name == "BEACON", timeout=5.0, backend=BleakScannerBumble, bumble_hub=hub)
    assert device is not None
    assert device.address == "C0:FF:EE:00:00:01"
    async with BleakScanner(backend=BleakScannerBumble, bumble_hub=hub,
                            service_uuids=[normalize_uuid("181b")]) as scanner:
        await asyncio.sleep(0.1)
        seen = scanner.discovered_devices_and_advertisement_data
    _, adv = seen["C0:FF:EE:00:00:01"]
    assert adv.service_uuids == [normalize_uuid("181b")]
    assert adv.manufacturer_data == {0x0157: b"\x01\x02"}
    assert adv.service_data == {normalize_uuid("181d"): b"\x22\x33"}


async def test_scanner_service_filter_excludes_other_devices(hub: BumbleHub, serve: Serve) -> None:
    await serve(_Beacon())
    async with BleakScanner(backend=BleakScannerBumble, bumble_hub=hub,
                            service_uuids=[normalize_uuid("1810")]) as scanner:
        await asyncio.sleep(0.1)
        assert scanner.discovered_devices == []


async def test_client_maps_a_hook_att_error_to_bleak_protocol_error(hub: BumbleHub, serve: Serve) -> None:
    cuff = AndUA651BLE(timing=FAST_CUFF)
    await serve(cuff)
    async with BleakClient(cuff.address, backend=BleakClientBumble, bumble_hub=hub) as client:
        assert (await client.read_gatt_char("2a24")) == b"UA-651BLE"
        with pytest.raises(BleakGATTProtocolError) as caught:
            await client.write_gatt_char(DATE_TIME, b"\x00\x01", response=True)  # not a Date Time
    assert caught.value.code is BleakGATTProtocolErrorCode.VALUE_NOT_ALLOWED


class _Dropper(VirtualPeripheral):
    """Drops the link while a write request is still unanswered."""

    address = "C0:FF:EE:00:00:02"

    def __init__(self) -> None:
        super().__init__()
        self.advertisement = Advertisement("DROPPER", (normalize_uuid("1810"),))
        self.services = {normalize_uuid("1810"): [VirtualCharacteristic("2a08", frozenset({"write"}))]}

    async def on_write(self, uuid: str, data: bytes) -> None:
        assert self.host is not None
        await self.host.disconnect()


async def test_disconnected_callback_fires_only_when_the_peer_leaves(hub: BumbleHub, serve: Serve) -> None:
    await serve(_Dropper())
    calls: list[BleakClient] = []

    own = BleakClient("C0:FF:EE:00:00:02", calls.append, backend=BleakClientBumble, bumble_hub=hub)
    await own.connect()
    await own.disconnect()
    assert calls == [], "our own disconnect() is not 'unsolicited'"

    dropped = BleakClient("C0:FF:EE:00:00:02", calls.append, backend=BleakClientBumble, bumble_hub=hub)
    await dropped.connect()
    with pytest.raises(BleakError):  # a request in flight sees a disconnect, never CancelledError
        await dropped.write_gatt_char("2a08", b"\x01", response=True)
    await asyncio.sleep(0.05)
    assert calls == [dropped]
    assert not dropped.is_connected


# --- the three connected families, end to end -------------------------------------------------
@dataclass(frozen=True)
class Family:
    """One device family: its emulator, its real driver, and what a good reading looks like."""

    name: str
    service: str
    emulator: Callable[[Fault], ScriptedPeripheral]
    driver: Callable[[BleakGattLink, DeviceIdentity, bool], MeasuringDriver]
    check: Callable[[Reading, list[Progress]], None]


def _check_cuff(reading: Reading, progress: list[Progress]) -> None:
    assert isinstance(reading, BloodPressureReading)
    assert (reading.systolic_mmhg, reading.diastolic_mmhg, reading.pulse_bpm) == (141, 91, 77)
    assert reading.body_movement and not reading.irregular_pulse
    assert reading.device.serial_number == "5140300123"  # read over GATT from DIS
    assert any(frame.source == "2a35" for frame in reading.frames)
    assert any(isinstance(p, CuffPressure) for p in progress)


def _check_scale(reading: Reading, progress: list[Progress]) -> None:
    assert isinstance(reading, BodyCompositionReading)
    assert reading.mass_kg == pytest.approx(81.25, abs=0.005)
    assert reading.body_fat_pct == pytest.approx(29.5)
    assert reading.impedance_ohm == pytest.approx(501.2)
    assert reading.device.serial_number == "5160300456"
    body_frames = [frame for frame in reading.frames if frame.source == "2a9c"]
    assert len(body_frames) == 2, "the BCS record crossed the air as two Multiple Packet indications"


def _check_grip(reading: Reading, progress: list[Progress]) -> None:
    assert isinstance(reading, GripReading)
    assert reading.peak_force_kgf == pytest.approx(33.75, abs=0.001)
    assert max(reading.force_curve_kgf) == reading.peak_force_kgf
    assert reading.device.firmware == "1.2.8"
    assert any(isinstance(p, LiveForce) and p.force_kgf > 20 for p in progress)


FAMILIES = [
    Family("a&d-ua-651ble-cuff", BLOOD_PRESSURE_SERVICE,
           lambda fault: AndUA651BLE(BloodPressurePerson(141, 91, 77, body_movement=True), fault=fault,
                                     timing=FAST_CUFF),
           lambda link, identity, pair: BloodPressureCuffDriver(link, identity, pair=pair),
           _check_cuff),
    Family("wss-bcs-scale", WEIGHT_SCALE_SERVICE,
           lambda fault: WssBcsScale(ScalePerson(mass_kg=81.25, body_fat_pct=29.5, impedance_ohm=501.2),
                                     fault=fault),
           lambda link, identity, pair: BodyCompositionScaleDriver(link, identity, pair=pair),
           _check_scale),
    Family("tindeq-progressor-grip", TINDEQ_SERVICE,
           lambda fault: TindeqProgressor(GripPerson(peak_kgf=33.75), fault=fault),
           lambda link, identity, pair: TindeqGripDriver(link, identity, pair=pair),
           _check_grip),
]


def _identity(link: BleakGattLink) -> DeviceIdentity:
    return DeviceIdentity("emulated", "test", link.address, LinkKind.BLE)


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.name)
async def test_scan_connect_measure_with_the_real_driver(hub: BumbleHub, serve: Serve,
                                                        family: Family) -> None:
    device = family.emulator(Fault.NONE)
    host = await serve(device)
    link = await _link_to(hub, family.service)
    progress: list[Progress] = []

    reading = await family.driver(link, _identity(link), False).measure(progress.append)

    family.check(reading, progress)
    assert reading.device.address == device.address
    assert host.connections == 1
    assert not link.is_connected


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.name)
async def test_link_dropped_mid_measurement_is_device_lost(hub: BumbleHub, serve: Serve,
                                                          family: Family) -> None:
    device = family.emulator(Fault.DROP_MID_MEASUREMENT)
    await serve(device)
    link = await _link_to(hub, family.service)
    progress: list[Progress] = []

    with pytest.raises(DeviceLost):
        await family.driver(link, _identity(link), False).measure(progress.append)

    assert device.events[-1] == "disconnect"
    assert getattr(device, "measurements_sent", 0) == 0
    assert not link.is_connected


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.name)
async def test_bond_only_device_needs_pairing_then_measures(hub: BumbleHub, serve: Serve,
                                                           family: Family) -> None:
    device = family.emulator(Fault.NEEDS_PAIRING)
    await serve(device)
    link = await _link_to(hub, family.service)

    with pytest.raises(DriverError) as refused:
        await family.driver(link, _identity(link), False).measure()
    assert refused.value.reason is Reason.NEEDS_PAIRING

    link = await _link_to(hub, family.service)
    progress: list[Progress] = []
    reading = await family.driver(link, _identity(link), True).measure(progress.append)
    family.check(reading, progress)


# --- family details only a real GATT exchange shows ----------------------------------------------
async def test_cuff_clock_goes_over_the_air_before_indications(hub: BumbleHub, serve: Serve) -> None:
    cuff = AndUA651BLE(timing=FAST_CUFF)
    await serve(cuff)
    link = await _link_to(hub, BLOOD_PRESSURE_SERVICE)
    before = datetime.now(UTC)

    reading = await BloodPressureCuffDriver(link, _identity(link)).measure()

    # A&D data mode (§3.1): Date Time written, then the indication subscription.
    assert cuff.events.index("write 2a08") < cuff.events.index("subscribe 2a35")
    assert cuff.clock_set is not None
    assert abs(cuff.clock_set - before.astimezone().replace(tzinfo=None)) < timedelta(seconds=5)
    assert reading.device_time is not None


async def test_cuff_bond_is_kept_for_the_next_session(hub: BumbleHub, serve: Serve) -> None:
    cuff = AndUA651BLE(fault=Fault.NEEDS_PAIRING, timing=FAST_CUFF)
    await serve(cuff)
    await BloodPressureCuffDriver(await _link_to(hub, BLOOD_PRESSURE_SERVICE), _cuff_identity(cuff.address),
                                  pair=True).measure()

    # As BlueZ does from its bond store, the next link is encrypted without a pairing step,
    # so the bond-only Date Time characteristic accepts a plain write.
    link = await _link_to(hub, BLOOD_PRESSURE_SERVICE)
    await link.connect()
    await link.write(DATE_TIME, encode_date_time(DateTime.from_datetime(datetime(2026, 5, 4, 9, 30))))
    await link.disconnect()
    assert cuff.clock_set == datetime(2026, 5, 4, 9, 30)


async def test_grip_commands_reach_the_gauge_in_order(hub: BumbleHub, serve: Serve) -> None:
    gauge = TindeqProgressor()
    await serve(gauge)
    link = await _link_to(hub, TINDEQ_SERVICE)

    await TindeqGripDriver(link, _identity(link)).measure()

    assert gauge.commands[:2] == [Command.GET_APP_VERSION, Command.GET_BATTERY_VOLTAGE]
    assert gauge.commands.index(Command.TARE_SCALE) < gauge.commands.index(Command.START_WEIGHT_MEASUREMENT)
    assert gauge.commands[-1] is Command.STOP_WEIGHT_MEASUREMENT


async def test_mi_scale_is_read_from_advertisements_alone(hub: BumbleHub, serve: Serve) -> None:
    # Slower than the in-process sim so the 20 ms advertising interval shows every state.
    scale = MiScale2(MiScalePerson(mass_kg=64.75, impedance_ohm=501), previous=MiScalePerson(92.0, 400),
                     timing=MiScaleTiming(step_on_s=0.1, step_s=0.05, impedance_s=0.1, hold_s=0.3))
    source = BleakAdvertisementSource(lambda device, _adv: device.address == scale.address,
                                      backend=BleakScannerBumble, bumble_hub=hub)
    identity = DeviceIdentity("XMTZC05HM", "Xiaomi", scale.address, LinkKind.BLE)
    progress: list[Progress] = []
    measuring = asyncio.create_task(MiScaleDriver(source, identity, timeout_s=10).measure(progress.append))
    await asyncio.sleep(0.05)  # listening before the person steps on
    host = await serve(scale)

    reading = await measuring

    assert reading.mass_kg == pytest.approx(64.75)
    assert reading.impedance_ohm == 501
    assert any(isinstance(p, LiveMass) for p in progress)
    assert all(frame.source == "advertisement" for frame in reading.frames)
    assert host.connections == 0, "the Mi scale is never connected to"
