"""Finding and pairing devices for the technician: a BLE scan, a serial inventory, a bond.

Qt-free; runs on the device loop.  Everything goes through code the drivers already use:

* the scan is a :class:`drivers.transport.ble.BleakAdvertisementSource` (bleak's public
  ``BleakScanner`` with its detection callback registered at construction, before
  ``start()``: reference devices-and-protocols.md §5.4), each advertisement matched with
  :func:`drivers.registry.match_advertisement`;
* pairing is :class:`drivers.transport.ble.BleakGattLink` (connect, ``pair()``) and the
  identity is read with :func:`drivers.devices.gatt_common.read_identity` (DIS 0x180A);
* the serial inventory is pyserial's ``serial.tools.list_ports.comports()`` (sysfs on
  Linux), matched by USB VID:PID (``SerialMatch.usb_ids``) or by a USB product string that
  names a registry model.

The bleak backends are injectable (``scanner_backend`` / ``client_backend`` + keyword
arguments for them), so tests run this unchanged over bumble (tests/support/bleak_bumble.py)
and production passes nothing (bleak picks the OS backend).

Failures are typed :class:`drivers.errors.DriverError`: ``DeviceNotFound`` (nothing
answered the scan / no adapter), :class:`PairingRefused` (the device refused the bond) and
``DeviceLost`` (the link dropped while pairing or reading the identity).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bleak.backends.client import BaseBleakClient
from bleak.backends.scanner import BaseBleakScanner
from serial.tools import list_ports
from serial.tools.list_ports_common import ListPortInfo

from drivers import registry
from drivers.devices.gatt_common import read_identity
from drivers.errors import DeviceNotFound, DriverError, Reason
from drivers.readings import DeviceIdentity, DeviceKind, LinkKind
from drivers.registry import DeviceSpec, LinkType, SerialMatch
from drivers.transport.adverts import AdvertisementReport
from drivers.transport.ble import BleakAdvertisementSource, BleakGattLink, scan_for

DEFAULT_SCAN_S = 8.0  # a sleepy scale advertises every ~1-2 s; 8 s catches several rounds
FIND_BEFORE_PAIR_S = 10.0  # how long pair() looks for the address before giving up


class PairingRefused(DriverError):
    """The device (or the OS stack) refused to bond: it wants its pairing mode, or a PIN."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(Reason.NEEDS_PAIRING, detail)


@dataclass(frozen=True)
class FoundBleDevice:
    """One advertiser heard during a scan, matched against the registry."""

    address: str
    name: str | None
    rssi_dbm: int | None  # strongest heard during the scan
    spec_id: str | None  # registry id, None: not a supported model
    model: str | None
    kind: DeviceKind | None
    needs_bond: bool

    @property
    def supported(self) -> bool:
        return self.spec_id is not None


@dataclass(frozen=True)
class SerialPortFound:
    """One serial port; ``usb_id`` is ``"VID:PID"`` in hex when the port is a USB device."""

    port: str
    usb_id: str | None
    description: str
    spec_id: str | None


@dataclass(frozen=True)
class PairedDevice:
    """What pairing learned: the registry spec and the identity read from the device."""

    spec_id: str
    kind: DeviceKind
    identity: DeviceIdentity
    bonded: bool


def _found(address: str, reports: Sequence[AdvertisementReport]) -> FoundBleDevice:
    spec = next((s for r in reports if (s := registry.match_advertisement(r)) is not None), None)
    name = next((r.local_name for r in reversed(reports) if r.local_name), None)
    rssis = [r.rssi for r in reports if r.rssi is not None]
    return FoundBleDevice(
        address=address, name=name, rssi_dbm=max(rssis) if rssis else None,
        spec_id=spec.id if spec else None, model=spec.model if spec else None,
        kind=spec.kind if spec else None,
        needs_bond=bool(spec and spec.capabilities.needs_bond))


class DeviceDiscovery:
    """Scan and pair over bleak; one instance per technician screen.

    Args:
        scanner_backend / client_backend: bleak backend classes (``None``: the OS stack).
        backend_kwargs: passed to ``BleakScanner`` and ``BleakClient`` (e.g. ``bluez=``, or a
            test backend's hub).
        connect_timeout_s: one connection attempt while pairing.
    """

    def __init__(self, *, scanner_backend: type[BaseBleakScanner] | None = None,
                 client_backend: type[BaseBleakClient] | None = None,
                 backend_kwargs: dict[str, Any] | None = None,
                 connect_timeout_s: float = 20.0) -> None:
        self._scanner_backend = scanner_backend
        self._client_backend = client_backend
        self._kwargs = dict(backend_kwargs or {})
        self._connect_timeout_s = connect_timeout_s

    async def scan(self, seconds: float = DEFAULT_SCAN_S) -> list[FoundBleDevice]:
        """Listen for ``seconds``; every advertiser heard, supported models first, then by RSSI.

        Raises:
            DeviceNotFound: the scan could not start (no Bluetooth adapter, adapter off).
        """
        heard: dict[str, list[AdvertisementReport]] = {}
        source = BleakAdvertisementSource(backend=self._scanner_backend, **self._kwargs)
        try:
            async with contextlib.aclosing(source.stream()) as stream:
                # the window includes the scanner's start-up; a timeout is the normal end
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(seconds):
                        async for report in stream:
                            heard.setdefault(report.address.upper(), []).append(report)
        except DriverError as err:
            # a scan has no link to lose: a failure here means there is no usable adapter
            raise DeviceNotFound(f"scan failed: {err.detail or err.reason.value}") from err
        found = [_found(address, reports) for address, reports in heard.items()]
        return sorted(found, key=lambda f: (not f.supported, -(f.rssi_dbm if f.rssi_dbm is not None
                                                                  else -999), f.address))

    async def pair(self, address: str, spec: DeviceSpec, *,
                   find_timeout_s: float = FIND_BEFORE_PAIR_S) -> PairedDevice:
        """Find ``address``, connect, bond when ``spec`` needs it, read the DIS identity.

        The link is closed afterwards; the OS (or the test backend) keeps the bond, so the
        station's driver connects encrypted from then on.

        Raises:
            DeviceNotFound: the address did not advertise within ``find_timeout_s``.
            PairingRefused: the device refused to bond (not in pairing mode, wrong PIN).
            DeviceLost: the link dropped while pairing or reading the identity.
            DriverError: ``NOT_SUPPORTED`` for a spec that is not a connectable BLE device.
        """
        if spec.link is not LinkType.GATT:
            raise DriverError(Reason.NOT_SUPPORTED, f"{spec.id} is not paired (link {spec.link})")
        wanted = address.upper()
        device, _ = await scan_for(lambda d, _adv: d.address.upper() == wanted, find_timeout_s,
                                   backend=self._scanner_backend, **self._kwargs)
        link = BleakGattLink(device, backend=self._client_backend,
                             connect_timeout_s=self._connect_timeout_s, max_attempts=2, **self._kwargs)
        default = DeviceIdentity(spec.model, spec.manufacturer, device.address, LinkKind.BLE)
        try:
            await link.connect()
            if spec.capabilities.needs_bond:
                await link.pair()
            identity = await read_identity(link, default)
        except DriverError as err:
            if err.reason is Reason.NEEDS_PAIRING:
                raise PairingRefused(err.detail) from err
            raise
        finally:
            await link.disconnect()
        return PairedDevice(spec.id, spec.kind, identity, bonded=spec.capabilities.needs_bond)


# --- serial ------------------------------------------------------------------------------------
def _match_port(info: ListPortInfo, specs: Iterable[DeviceSpec]) -> DeviceSpec | None:
    serial_specs = [s for s in specs if isinstance(s.match, SerialMatch)]
    if info.vid is not None and info.pid is not None:
        for spec in serial_specs:
            assert isinstance(spec.match, SerialMatch)
            if (info.vid, info.pid) in spec.match.usb_ids:
                return spec
    product = (info.product or "").strip()
    if product:
        for spec in serial_specs:
            assert isinstance(spec.match, SerialMatch)
            if spec.match.matches(product):
                return spec
    return None


def serial_inventory(*, ports: Callable[[], Iterable[ListPortInfo]] = list_ports.comports,
                     extra_paths: Iterable[str] = (),
                     specs: Sequence[DeviceSpec] = registry.SPECS) -> list[SerialPortFound]:
    """Every serial port the OS lists, plus ``extra_paths`` (configured ptys, by-id links).

    ``comports()`` reads sysfs: a pty or a serial-over-IP URL never appears there, so the
    configured serial addresses are passed as ``extra_paths`` and listed when they exist.
    Most stations use generic USB-serial adapters (FTDI, CH340) that no registry row can
    claim; those are listed with ``spec_id`` None and the technician picks the model.
    """
    listed = {info.device: info for info in ports()}
    for path in extra_paths:
        if path and path not in listed and "://" not in path:
            listed[path] = ListPortInfo(path, skip_link_detection=True)
    found = []
    for port, info in sorted(listed.items()):
        spec = _match_port(info, specs)
        usb_id = (f"{info.vid:04X}:{info.pid:04X}" if info.vid is not None and info.pid is not None
                  else None)
        description = info.description if info.description not in (None, "", "n/a") else ""
        found.append(SerialPortFound(port, usb_id, description, spec.id if spec else None))
    return found
