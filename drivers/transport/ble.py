"""The production GATT link over bleak 3.1's public API, plus scanning.

``BleakGattLink`` implements :class:`drivers.transport.gatt.GattLink`.  The bleak backend is
injectable (``backend=`` and any extra keyword arguments go straight to ``BleakClient``), so
the same class runs over the OS stack in production, over a bumble virtual controller
(tests/support/bleak_bumble.py) and over bleak's BlueZ backend against bluezoo.

Every bleak exception is translated into :mod:`drivers.errors` exactly once, here, by
:func:`translate_bleak_error`; nothing above this module sees a bleak type.

Scanning registers the detection callback when the scanner is *constructed*, before
``start()``: ``BleakScanner.find_device_by_filter`` registers its callback only after
``start()`` returns and so misses a device that is reported once (bluezoo reports a device
once and never re-emits it; sleepy scales advertise briefly).  Reference
devices-and-protocols.md §5.4 ("Finding - race").
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterator
from typing import Any

from bleak import BleakClient, BleakScanner
from bleak.backends.client import BaseBleakClient
from bleak.backends.device import BLEDevice
from bleak.backends.scanner import AdvertisementData, BaseBleakScanner
from bleak.exc import (
    BleakCharacteristicNotFoundError,
    BleakDBusError,
    BleakDeviceNotFoundError,
    BleakError,
    BleakGATTProtocolError,
    BleakGATTProtocolErrorCode,
)
from bleak_retry_connector import BleakNotFoundError, establish_connection

from drivers.errors import DeviceLost, DeviceNotFound, DriverError, ProtocolViolation, Reason
from drivers.transport.adverts import AdvertisementReport
from drivers.transport.gatt import NotificationCallback, normalize_uuid

_LOG = logging.getLogger(__name__)

# ATT error codes meaning "bond/encrypt first" (Core Spec Vol 3 Part F §3.4.1.1 Table 3.4).
_PAIRING_CODES = frozenset({
    BleakGATTProtocolErrorCode.INSUFFICIENT_AUTHENTICATION,
    BleakGATTProtocolErrorCode.INSUFFICIENT_AUTHORIZATION,
    BleakGATTProtocolErrorCode.INSUFFICIENT_ENCRYPTION_KEY_SIZE,
    BleakGATTProtocolErrorCode.INSUFFICIENT_ENCRYPTION,
})
# BlueZ reports the same conditions as D-Bus errors (org.bluez.Error.*).
_PAIRING_DBUS_ERRORS = ("AuthenticationFailed", "AuthenticationRejected", "AuthenticationCanceled",
                        "NotPermitted", "NotAuthorized", "Insufficient")


def translate_bleak_error(err: BaseException, operation: str) -> DriverError:  # noqa: PLR0911 - one case each
    """Map a bleak / asyncio exception raised by ``operation`` to the DriverError to raise.

    Args:
        err: what bleak (or bleak-retry-connector, or asyncio) raised.
        operation: a short description for the log (``"read 2a24"``), no personal data.
    """
    if isinstance(err, DriverError):
        return err
    if isinstance(err, BleakGATTProtocolError):
        if err.code in _PAIRING_CODES:
            return DriverError(Reason.NEEDS_PAIRING, f"{operation}: ATT {err.code.name}")
        return ProtocolViolation(f"{operation}: ATT error 0x{int(err.code):02x}")
    if isinstance(err, BleakDBusError) and any(
            name in err.dbus_error for name in _PAIRING_DBUS_ERRORS):
        return DriverError(Reason.NEEDS_PAIRING, f"{operation}: {err.dbus_error}")
    if isinstance(err, BleakDeviceNotFoundError | BleakNotFoundError):
        return DeviceNotFound(f"{operation}: device not found")
    if isinstance(err, BleakCharacteristicNotFoundError):
        return ProtocolViolation(f"{operation}: characteristic missing")
    if isinstance(err, TimeoutError):
        return DriverError(Reason.TIMEOUT, f"{operation}: timed out")
    # Any other bleak failure (``Not connected``, aborted connection, a dropped D-Bus pipe)
    # means the link is gone as far as this measurement is concerned.
    return DeviceLost(f"{operation}: {type(err).__name__}")


@contextlib.contextmanager
def _translated(operation: str) -> Iterator[None]:
    try:
        yield
    except DriverError:
        raise
    except (BleakError, TimeoutError, EOFError, BrokenPipeError, OSError) as err:
        raise translate_bleak_error(err, operation) from err


class BleakGattLink:
    """:class:`GattLink` over ``bleak.BleakClient``.

    Args:
        device: a ``BLEDevice`` from a scan, or an address string.
        backend: a bleak client backend class (``None``: the platform's).
        connect_timeout_s: how long one connection attempt may take.
        max_attempts: connection attempts via bleak-retry-connector (BLEDevice only).
        use_retry_connector: use ``bleak_retry_connector.establish_connection`` when
            ``device`` is a ``BLEDevice``.  It retries the transient BlueZ failures.
        **client_kwargs: passed to ``BleakClient`` (and on to the backend), e.g.
            ``bluez={"adapter": "hci0"}`` or a test backend's hub.
    """

    def __init__(self, device: BLEDevice | str, *, backend: type[BaseBleakClient] | None = None,
                 connect_timeout_s: float = 20.0, max_attempts: int = 3,
                 use_retry_connector: bool = True, **client_kwargs: Any) -> None:
        self._device = device
        self._backend = backend
        self._connect_timeout_s = connect_timeout_s
        self._max_attempts = max_attempts
        self._use_retry_connector = use_retry_connector
        self._client_kwargs = client_kwargs
        self._client: BleakClient | None = None
        self._closing = False
        self._disconnect_callbacks: list[Callable[[], None]] = []

    @property
    def address(self) -> str:
        return self._device if isinstance(self._device, str) else self._device.address

    @property
    def is_connected(self) -> bool:
        return self._client is not None and self._client.is_connected

    def _on_bleak_disconnect(self, client: BleakClient) -> None:
        if self._closing or client is not self._client:
            return  # our own disconnect(), or a stale client
        for callback in list(self._disconnect_callbacks):
            callback()

    async def connect(self, *, pair: bool = False) -> None:
        """Connect (bonding first when ``pair``), then discover services (bleak does both)."""
        if self.is_connected:
            return
        self._closing = False
        with _translated(f"connect {self.address}"):
            if isinstance(self._device, BLEDevice) and self._use_retry_connector:
                kwargs = dict(self._client_kwargs)
                if self._backend is not None:
                    kwargs["backend"] = self._backend
                self._client = await establish_connection(
                    BleakClient, self._device, self._device.name or self._device.address,
                    disconnected_callback=self._on_bleak_disconnect,
                    max_attempts=self._max_attempts, pair=pair, **kwargs)
            else:
                client = BleakClient(self._device, self._on_bleak_disconnect,
                                     timeout=self._connect_timeout_s, pair=pair,
                                     backend=self._backend, **self._client_kwargs)
                self._client = client
                async with asyncio.timeout(self._connect_timeout_s + 5.0):
                    await client.connect()

    async def disconnect(self) -> None:
        client, self._client = self._client, None
        if client is None:
            return
        self._closing = True
        try:
            await client.disconnect()
        except (BleakError, TimeoutError, EOFError, OSError) as err:
            # Closing a link that is already gone is not a failure of the measurement.
            _LOG.debug("disconnect %s: %s", self.address, type(err).__name__)

    async def pair(self) -> None:
        """Bond with the connected peripheral (bleak's public ``BleakClient.pair``).

        Used by the technician's pairing step (drivers/discovery.py); drivers bond through
        ``connect(pair=True)`` instead.

        Raises:
            DriverError: ``NEEDS_PAIRING`` when the bond was refused and the link is still
                up (not in pairing mode, wrong PIN); ``DeviceLost`` when the link dropped.
        """
        client = self._connected_client("pair")
        try:
            await client.pair()
        except (BleakError, TimeoutError, EOFError, BrokenPipeError, OSError) as err:
            translated = translate_bleak_error(err, f"pair {self.address}")
            if isinstance(translated, DeviceLost) and client.is_connected:
                raise DriverError(Reason.NEEDS_PAIRING,
                                  f"pair {self.address}: refused ({type(err).__name__})") from err
            raise translated from err

    def _connected_client(self, operation: str) -> BleakClient:
        if self._client is None or not self._client.is_connected:
            raise DeviceLost(f"{operation}: not connected")
        return self._client

    def has_characteristic(self, uuid: str) -> bool:
        client = self._client
        if client is None:
            return False
        try:
            return client.services.get_characteristic(normalize_uuid(uuid)) is not None
        except BleakError:  # services not discovered (never connected, or the link is gone)
            return False

    async def read(self, uuid: str) -> bytes:
        key = normalize_uuid(uuid)
        operation = f"read {key[4:8]}"
        client = self._connected_client(operation)
        with _translated(operation):
            return bytes(await client.read_gatt_char(key))

    async def write(self, uuid: str, data: bytes, *, response: bool = True) -> None:
        key = normalize_uuid(uuid)
        operation = f"write {key[4:8]}"
        client = self._connected_client(operation)
        with _translated(operation):
            await client.write_gatt_char(key, data, response=response)

    async def subscribe(self, uuid: str, callback: NotificationCallback) -> None:
        key = normalize_uuid(uuid)
        operation = f"subscribe {key[4:8]}"
        client = self._connected_client(operation)

        def deliver(_sender: object, data: bytearray) -> None:
            callback(bytes(data))

        with _translated(operation):
            await client.start_notify(key, deliver)

    def on_disconnect(self, callback: Callable[[], None]) -> None:
        self._disconnect_callbacks.append(callback)


def _report(device: BLEDevice, adv: AdvertisementData) -> AdvertisementReport:
    return AdvertisementReport(
        address=device.address,
        local_name=adv.local_name or device.name,
        service_uuids=tuple(normalize_uuid(u) for u in adv.service_uuids),
        manufacturer_data=dict(adv.manufacturer_data),
        service_data={normalize_uuid(k): bytes(v) for k, v in adv.service_data.items()},
        rssi=adv.rssi,
    )


AdvertisementMatch = Callable[[BLEDevice, AdvertisementData], bool]


async def scan_for(match: AdvertisementMatch, timeout: float, *,  # noqa: ASYNC109 - scan length
                   backend: type[BaseBleakScanner] | None = None,
                   **kwargs: Any) -> tuple[BLEDevice, AdvertisementData]:
    """Scan until an advertisement satisfies ``match``; the callback is registered first.

    Args:
        match: predicate over bleak's (device, advertisement data).
        timeout: seconds to scan before giving up.
        backend: a bleak scanner backend class (``None``: the platform's).
        **kwargs: passed to ``BleakScanner`` (``service_uuids=``, ``bluez=``, a test hub).

    Raises:
        DeviceNotFound: nothing matched within ``timeout``.
        DriverError: the scan itself failed (translated bleak error).
    """
    loop = asyncio.get_running_loop()
    found: asyncio.Future[tuple[BLEDevice, AdvertisementData]] = loop.create_future()

    def on_detection(device: BLEDevice, adv: AdvertisementData) -> None:
        if not found.done() and match(device, adv):
            found.set_result((device, adv))

    # The callback goes in at construction, never after start() (see module docstring).
    scanner = BleakScanner(on_detection, backend=backend, **kwargs)
    with _translated("scan"):
        await scanner.start()
        try:
            async with asyncio.timeout(timeout):
                return await found
        except TimeoutError:
            raise DeviceNotFound(f"no matching advertisement within {timeout:g} s") from None
        finally:
            await scanner.stop()


class BleakAdvertisementSource:
    """An :class:`drivers.transport.adverts.AdvertisementSource` backed by a BleakScanner.

    Every advertisement passing ``match`` is queued from the detection callback (registered
    at construction, §5.4) and yielded by :meth:`stream` while scanning.
    """

    def __init__(self, match: AdvertisementMatch | None = None, *,
                 backend: type[BaseBleakScanner] | None = None, **scanner_kwargs: Any) -> None:
        self._match = match
        self._backend = backend
        self._scanner_kwargs = scanner_kwargs

    @contextlib.asynccontextmanager
    async def _scanning(self, queue: asyncio.Queue[AdvertisementReport]) -> AsyncIterator[None]:
        def on_detection(device: BLEDevice, adv: AdvertisementData) -> None:
            if self._match is None or self._match(device, adv):
                queue.put_nowait(_report(device, adv))

        scanner = BleakScanner(on_detection, backend=self._backend, **self._scanner_kwargs)
        with _translated("scan"):
            await scanner.start()
        try:
            yield
        finally:
            with _translated("scan stop"):
                await scanner.stop()

    async def stream(self) -> AsyncGenerator[AdvertisementReport, None]:
        """Yield matching advertisements until the consumer stops iterating."""
        queue: asyncio.Queue[AdvertisementReport] = asyncio.Queue()
        async with self._scanning(queue):
            while True:
                yield await queue.get()
