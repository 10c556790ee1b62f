"""Device specs as data: what each supported model is, how it is found, and what drives it.

A station configuration names a device by registry id (``model = "and-ua-651ble"``) and an
address; :func:`open_driver` turns that into a :class:`drivers.base.MeasuringDriver`:

* a BLE address -> ``BleakGattLink`` (or a ``BleakAdvertisementSource`` for advert-only
  scales) -> the spec's driver;
* a serial port or pyserial URL -> ``SerialLink`` with the model's settings row;
* ``sim://NAME`` -> the spec's emulator (NAME is only a label): BLE emulators behind
  ``SimulatedGattLink`` / ``SimulatedAdvertisementSource``, serial emulators on a pty so the
  real pyserial path runs (drivers/emulators/serial_sims.py).

Order matters for discovery: :func:`match_advertisement` returns the FIRST spec whose rule
matches, so vendor-specific rows come before the generic profile rows they would otherwise
be shadowed by (tests/drivers/test_registry.py checks that no rule is shadowed).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bleak.backends.client import BaseBleakClient
from bleak.backends.scanner import BaseBleakScanner

from drivers.base import MeasuringDriver
from drivers.devices.and_scale_serial import AndScaleDriver
from drivers.devices.bp_bls import BloodPressureCuffDriver
from drivers.devices.mark10_grip import Mark10GripDriver
from drivers.devices.mi_scale import MiScaleDriver
from drivers.devices.scale_wss_bcs import BodyCompositionScaleDriver
from drivers.devices.tanita_serial import TanitaDriver
from drivers.devices.tindeq_grip import TindeqGripDriver
from drivers.emulators.ble_sims import SIMULATORS as BLE_SIMULATORS
from drivers.emulators.serial_sims import start_simulated
from drivers.emulators.sim_adverts import SimulatedAdvertisementSource
from drivers.emulators.sim_link import SimulatedGattLink
from drivers.errors import DeviceNotFound
from drivers.readings import DeviceIdentity, DeviceKind, LinkKind
from drivers.transport.adverts import AdvertisementReport
from drivers.transport.ble import BleakAdvertisementSource, BleakGattLink
from drivers.transport.gatt import normalize_uuid
from drivers.transport.serial import SerialLink, settings_for

SIM_PREFIX = "sim://"


class LinkType(enum.StrEnum):
    GATT = "gatt"  # connect and talk GATT
    ADVERTISEMENT = "advertisement"  # listen only (Mi scale)
    SERIAL = "serial"  # RS-232 / USB-serial / serial-over-IP


@dataclass(frozen=True)
class BleMatch:
    """All given criteria must hold.  ``local_name`` is a regular expression matched at the start."""

    service_uuids: frozenset[str] = frozenset()  # any one of them advertised
    local_name: str | None = None
    manufacturer_id: int | None = None
    service_data_uuid: str | None = None

    def matches(self, report: AdvertisementReport) -> bool:
        if self.service_uuids and not self.service_uuids & {normalize_uuid(u) for u in report.service_uuids}:
            return False
        if self.local_name is not None and not re.match(self.local_name, report.local_name or ""):
            return False
        if self.manufacturer_id is not None and self.manufacturer_id not in report.manufacturer_data:
            return False
        return self.service_data_uuid is None or normalize_uuid(self.service_data_uuid) in {
            normalize_uuid(k) for k in report.service_data}


@dataclass(frozen=True)
class SerialMatch:
    """Model names as staff type them or the device reports them (Tanita ``MO``)."""

    models: tuple[str, ...]
    usb_ids: tuple[tuple[int, int], ...] = ()  # (VID, PID); empty: sold with generic USB-serial adapters

    def matches(self, model: str) -> bool:
        wanted = model.strip().upper()
        return any(wanted == name.upper() for name in self.models)


@dataclass(frozen=True)
class Capabilities:
    body_composition: bool = False
    impedance: bool = False  # passes current through the body (BIA)
    stored_records: bool = False  # uploads earlier readings too (burst / memory)
    live_progress: bool = False
    needs_bond: bool = False


@dataclass(frozen=True)
class DeviceSpec:
    """One supported model.

    ``driver`` is called as ``driver(link, identity, options)`` where ``link`` is a GattLink,
    an AdvertisementSource or a LineLink according to ``link``.  ``emulator`` names the
    simulator in ``drivers.emulators.ble_sims`` or ``drivers.emulators.serial_sims``.
    ``frame_kinds`` are ``drivers.codecs.decode.KINDS`` keys (what ``lifelog-kiosk decode``
    accepts for this device's raw frames); ``vectors`` the test modules with cited vectors.
    """

    id: str
    kind: DeviceKind
    link: LinkType
    model: str
    manufacturer: str
    match: BleMatch | SerialMatch
    driver: Callable[[Any, DeviceIdentity, DriverOptions], MeasuringDriver]
    emulator: str
    frame_kinds: tuple[str, ...]
    vectors: tuple[str, ...]
    source: str
    capabilities: Capabilities = field(default_factory=Capabilities)


@dataclass(frozen=True)
class DriverOptions:
    pair: bool = False
    clock: Callable[[], datetime] | None = None
    address: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def clock_kwargs(self) -> dict[str, Any]:
        return {} if self.clock is None else {"clock": self.clock}


def _cuff(link: Any, identity: DeviceIdentity, o: DriverOptions) -> MeasuringDriver:
    return BloodPressureCuffDriver(link, identity, pair=o.pair, **o.clock_kwargs(), **o.extra)


def _generic_cuff(link: Any, identity: DeviceIdentity, o: DriverOptions) -> MeasuringDriver:
    return BloodPressureCuffDriver(link, identity, pair=o.pair, and_quirks=False, **o.clock_kwargs(),
                                   **o.extra)


def _scale(link: Any, identity: DeviceIdentity, o: DriverOptions) -> MeasuringDriver:
    return BodyCompositionScaleDriver(link, identity, pair=o.pair, **o.clock_kwargs(), **o.extra)


def _generic_scale(link: Any, identity: DeviceIdentity, o: DriverOptions) -> MeasuringDriver:
    return BodyCompositionScaleDriver(link, identity, pair=o.pair, and_quirks=False, **o.clock_kwargs(),
                                      **o.extra)


def _mi(source: Any, identity: DeviceIdentity, o: DriverOptions) -> MeasuringDriver:
    return MiScaleDriver(source, identity, address=o.address or None, **o.clock_kwargs(), **o.extra)


def _tindeq(link: Any, identity: DeviceIdentity, o: DriverOptions) -> MeasuringDriver:
    return TindeqGripDriver(link, identity, pair=o.pair, **o.clock_kwargs(), **o.extra)


def _and_serial(link: Any, identity: DeviceIdentity, o: DriverOptions) -> MeasuringDriver:
    return AndScaleDriver(link, model=identity.model, link_kind=identity.link, **o.extra)


def _tanita(link: Any, identity: DeviceIdentity, o: DriverOptions) -> MeasuringDriver:
    return TanitaDriver(link, model=identity.model, link_kind=identity.link, **o.extra)


def _mark10(link: Any, identity: DeviceIdentity, o: DriverOptions) -> MeasuringDriver:
    return Mark10GripDriver(link, model=identity.model, link_kind=identity.link, **o.extra)


_BP_VECTORS = ("tests/drivers/codecs/test_blood_pressure.py", "tests/drivers/codecs/test_date_time.py",
               "tests/drivers/codecs/test_device_info.py")
_SCALE_VECTORS = ("tests/drivers/codecs/test_weight_scale.py",
                  "tests/drivers/codecs/test_body_composition.py",
                  "tests/drivers/codecs/test_date_time.py", "tests/drivers/codecs/test_device_info.py")
_DIS = ("2A24", "2A25", "2A26", "2A29", "2A19")
_BPS, _WSS, _BCS = normalize_uuid("1810"), normalize_uuid("181d"), normalize_uuid("181b")
_TINDEQ_SERVICE = "7e4e1701-1ea6-40c9-9dcc-13d34ffead57"

_TANITA_VECTORS = ("tests/drivers/codecs/test_tanita.py",)


def _tanita_spec(model: str, models: tuple[str, ...], source: str) -> DeviceSpec:
    return DeviceSpec(
        id=f"tanita-{model.lower()}", kind=DeviceKind.SCALE, link=LinkType.SERIAL, model=model,
        manufacturer="Tanita", match=SerialMatch(models), driver=_tanita, emulator=f"tanita-{model.lower()}",
        frame_kinds=("tanita",), vectors=_TANITA_VECTORS, source=source,
        capabilities=Capabilities(body_composition=True, impedance=True))


SPECS: tuple[DeviceSpec, ...] = (
    # --- BLE, vendor-specific rows first --------------------------------------------------------
    DeviceSpec(
        id="and-ua-651ble", kind=DeviceKind.BLOOD_PRESSURE, link=LinkType.GATT, model="UA-651BLE",
        manufacturer="A&D", driver=_cuff, emulator="and-ua-651ble",
        # name prefix: obniz src/parts/Ble/UA651BLE isDevice ("A&D_UA-651")
        match=BleMatch(frozenset({_BPS}), local_name=r"A&D_UA-651"),
        frame_kinds=("2A35", "2A36", "2A49", "2A08", *_DIS), vectors=_BP_VECTORS,
        source="reference §2.2, §3.1 (A&D AndroidSampleCode, obniz UA651BLE)",
        capabilities=Capabilities(stored_records=True, live_progress=True, needs_bond=True)),
    DeviceSpec(
        id="and-uc-352ble", kind=DeviceKind.SCALE, link=LinkType.GATT, model="UC-352BLE",
        manufacturer="A&D", driver=_scale, emulator="and-uc-352ble",
        # name prefix assumed by analogy with the UA-651BLE; verify on a real unit
        match=BleMatch(frozenset({_WSS}), local_name=r"A&D_UC-352"),
        frame_kinds=("2A9D", "2A9E", "2A08", *_DIS), vectors=_SCALE_VECTORS,
        source="reference §2.4, §3.1 (HEADS-project/ThingML-BLE AND_Medical_UC352BLE.md)",
        capabilities=Capabilities(stored_records=True, needs_bond=True)),
    DeviceSpec(
        id="xiaomi-mi-scale-2", kind=DeviceKind.SCALE, link=LinkType.ADVERTISEMENT, model="XMTZC05HM",
        manufacturer="Xiaomi", driver=_mi, emulator="xiaomi-mi-scale-2",
        # openScale MiScaleHandler names MIBFS/MIBCS; xiaomi-ble keys on 0x181B service data
        match=BleMatch(local_name=r"MIB[FC]S", service_data_uuid="181b"),
        frame_kinds=("mi-scale-2",), vectors=("tests/drivers/codecs/test_mi_scale.py",),
        source="reference §3.3 (xiaomi-ble parser, openScale MiScaleHandler)",
        capabilities=Capabilities(body_composition=False, impedance=True, live_progress=True)),
    DeviceSpec(
        id="tindeq-progressor", kind=DeviceKind.GRIP, link=LinkType.GATT, model="Progressor",
        manufacturer="Tindeq", driver=_tindeq, emulator="tindeq-progressor",
        match=BleMatch(frozenset({_TINDEQ_SERVICE})),
        frame_kinds=("tindeq", "tindeq-command"), vectors=("tests/drivers/codecs/test_tindeq.py",),
        source="reference §3.4 (tindeq.com/progressor_api, PyTindeq)",
        capabilities=Capabilities(live_progress=True)),
    # --- BLE, generic SIG profiles last ------------------------------------------------------------
    DeviceSpec(
        id="bls-cuff", kind=DeviceKind.BLOOD_PRESSURE, link=LinkType.GATT, model="BLS cuff",
        manufacturer="(per DIS)", driver=_generic_cuff, emulator="bls-cuff",
        match=BleMatch(frozenset({_BPS})),
        frame_kinds=("2A35", "2A36", "2A49", "2A2B", *_DIS), vectors=_BP_VECTORS,
        source="reference §2.2 (BLS 1.0 / BPS 1.1.1)",
        capabilities=Capabilities(stored_records=True, live_progress=True)),
    DeviceSpec(
        id="wss-bcs-scale", kind=DeviceKind.SCALE, link=LinkType.GATT, model="WSS/BCS scale",
        manufacturer="(per DIS)", driver=_generic_scale, emulator="wss-bcs-scale",
        match=BleMatch(frozenset({_WSS, _BCS})),
        frame_kinds=("2A9D", "2A9E", "2A9C", "2A9B", "2A2B", *_DIS), vectors=_SCALE_VECTORS,
        source="reference §2.4-2.5 (WSS 1.0, BCS 1.0; openScale StandardWeightProfileHandler)",
        capabilities=Capabilities(body_composition=True, impedance=True, stored_records=True)),
    # --- serial ------------------------------------------------------------------------------------
    DeviceSpec(
        id="and-fx-i", kind=DeviceKind.SCALE, link=LinkType.SERIAL, model="FX-i",
        manufacturer="A&D", driver=_and_serial, emulator="and-fx-i",
        match=SerialMatch(("FX-i", "FX-120i", "FX-300i", "FX-1200i", "FX-3000i")),
        frame_kinds=("and-weighing",), vectors=("tests/drivers/codecs/test_and_weighing.py",),
        source="reference §4 row 1 (A&D standard format)", capabilities=Capabilities(live_progress=True)),
    _tanita_spec("BC-418", ("BC-418", "BC-418MA"), "reference §4 (BC-418MA manual 'Remote Mode')"),
    _tanita_spec("SC-240", ("SC-240", "SC-240MA"), "reference §4 (SC-240 manual p.24)"),
    _tanita_spec("MC-780", ("MC-780", "MC-780MA"), "reference §4 (MC-980MA output, same family)"),
    DeviceSpec(
        id="mark10-series4", kind=DeviceKind.GRIP, link=LinkType.SERIAL, model="Mark-10 Series 4",
        manufacturer="Mark-10", driver=_mark10, emulator="mark10-series4",
        match=SerialMatch(("M4-012", "M4-025", "M4-050", "M4-100", "M4-200", "Series 4")),
        frame_kinds=("mark10",), vectors=("tests/drivers/codecs/test_mark10.py",),
        source="reference §4 (Series 4 User's Guide §9.1.3)", capabilities=Capabilities(live_progress=True)),
)


def spec_for(device_id_or_model: str) -> DeviceSpec:
    """The spec by registry id, model name, or serial model name (case-insensitive).

    Raises:
        DeviceNotFound: no such device in the registry (a configuration mistake).
    """
    key = device_id_or_model.strip().lower()
    for spec in SPECS:
        if key in (spec.id, spec.model.lower()):
            return spec
    for spec in SPECS:
        if isinstance(spec.match, SerialMatch) and spec.match.matches(device_id_or_model):
            return spec
    raise DeviceNotFound(f"unknown device model {device_id_or_model!r}")


def match_advertisement(report: AdvertisementReport) -> DeviceSpec | None:
    """The first BLE spec whose rule matches a scanned advertisement."""
    return next((s for s in SPECS if isinstance(s.match, BleMatch) and s.match.matches(report)), None)


def match_serial_model(model: str) -> DeviceSpec | None:
    return next((s for s in SPECS if isinstance(s.match, SerialMatch) and s.match.matches(model)), None)


def open_driver(device_id_or_model: str, address: str, *, pair: bool = False,
                clock: Callable[[], datetime] | None = None,
                ble_client_backend: type[BaseBleakClient] | None = None,
                ble_scanner_backend: type[BaseBleakScanner] | None = None,
                link_kwargs: dict[str, Any] | None = None,
                driver_kwargs: dict[str, Any] | None = None) -> MeasuringDriver:
    """Build the driver for one configured device.

    Args:
        device_id_or_model: registry id (``"and-ua-651ble"``) or a model name.
        address: BLE address, serial port / pyserial URL, or ``sim://NAME``.
        pair: bond with a BLE device while connecting (A&D cuffs need a bond).
        clock: station time for BLE drivers (timezone-aware); default: system UTC.
        ble_client_backend / ble_scanner_backend: bleak backends (tests inject bumble here).
        link_kwargs: passed to BleakGattLink / BleakAdvertisementSource (e.g. ``bluez=``).
        driver_kwargs: passed to the driver (timeouts).

    Raises:
        DeviceNotFound: unknown model, unknown simulator, or no serial settings row.
    """
    spec = spec_for(device_id_or_model)
    simulated = address.startswith(SIM_PREFIX)
    options = DriverOptions(pair=pair, clock=clock, address=address, extra=dict(driver_kwargs or {}))
    if spec.link is LinkType.SERIAL:
        if simulated:
            return start_simulated(spec.emulator)
        link = SerialLink(address, settings_for(spec.id), **(link_kwargs or {}))
        identity = DeviceIdentity(spec.model, spec.manufacturer, address, LinkKind.SERIAL)
        return spec.driver(link, identity, options)
    identity = DeviceIdentity(spec.model, spec.manufacturer, address,
                              LinkKind.SIMULATED if simulated else LinkKind.BLE)
    if simulated:
        make = BLE_SIMULATORS.get(spec.emulator)
        if make is None:
            raise DeviceNotFound(f"no simulator {spec.emulator!r}")
        peripheral = make()
        if spec.link is LinkType.ADVERTISEMENT:
            return spec.driver(SimulatedAdvertisementSource(peripheral, address=address), identity, options)
        return spec.driver(SimulatedGattLink(peripheral, address=address), identity, options)
    if spec.link is LinkType.ADVERTISEMENT:
        wanted = address.upper()
        source = BleakAdvertisementSource(lambda device, _adv: device.address.upper() == wanted,
                                          backend=ble_scanner_backend, **(link_kwargs or {}))
        return spec.driver(source, identity, options)
    link_ble = BleakGattLink(address, backend=ble_client_backend, **(link_kwargs or {}))
    return spec.driver(link_ble, identity, options)
