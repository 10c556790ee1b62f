"""drivers/transport/ble.py: bleak errors become DriverErrors once; scanning does not race.

The full BleakGattLink path runs over bumble in test_ble_bumble.py and over bluezoo in the
bluezoo tier; here are the parts that need no radio at all.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from bleak import BleakScanner
from bleak.backends.scanner import AdvertisementData, AdvertisementDataCallback, BaseBleakScanner
from bleak.exc import (
    BleakCharacteristicNotFoundError,
    BleakDBusError,
    BleakDeviceNotFoundError,
    BleakError,
    BleakGATTProtocolError,
)
from bleak_retry_connector import BleakNotFoundError

from drivers.errors import DeviceLost, DeviceNotFound, DriverError, ProtocolViolation, Reason
from drivers.transport.ble import BleakAdvertisementSource, scan_for, translate_bleak_error
from drivers.transport.gatt import normalize_uuid


@pytest.mark.parametrize(("err", "reason"), [
    (BleakGATTProtocolError(0x05), Reason.NEEDS_PAIRING),  # insufficient authentication
    (BleakGATTProtocolError(0x0F), Reason.NEEDS_PAIRING),  # insufficient encryption
    (BleakGATTProtocolError(0x0C), Reason.NEEDS_PAIRING),  # encryption key size
    (BleakGATTProtocolError(0x08), Reason.NEEDS_PAIRING),  # insufficient authorization
    (BleakGATTProtocolError(0x13), Reason.MALFORMED_DATA),  # value not allowed
    (BleakDBusError("org.bluez.Error.AuthenticationFailed", []), Reason.NEEDS_PAIRING),
    (BleakDBusError("org.bluez.Error.Failed", ["le-connection-abort-by-local"]), Reason.DEVICE_LOST),
    (BleakDeviceNotFoundError("AA:BB:CC:DD:EE:FF"), Reason.NOT_FOUND),
    (BleakNotFoundError("no device"), Reason.NOT_FOUND),
    (BleakCharacteristicNotFoundError("2a35"), Reason.MALFORMED_DATA),
    (TimeoutError(), Reason.TIMEOUT),
    (BleakError("Not connected"), Reason.DEVICE_LOST),
    (EOFError(), Reason.DEVICE_LOST),
])
def test_bleak_errors_map_to_one_reason(err: BaseException, reason: Reason) -> None:
    translated = translate_bleak_error(err, "read 2a35")
    assert isinstance(translated, DriverError)
    assert translated.reason is reason
    assert "read 2a35" in translated.detail


def test_a_driver_error_is_not_wrapped_twice() -> None:
    original = DeviceLost("already translated")
    assert translate_bleak_error(original, "x") is original
    assert isinstance(translate_bleak_error(BleakGATTProtocolError(0x01), "x"), ProtocolViolation)


class _ReportOnceScanner(BaseBleakScanner):
    """An OS scanner that reports a device exactly once, while ``start()`` runs.

    This is bluezoo's behaviour (one InterfacesAdded, no RSSI updates) and a sleepy scale's
    short advertising burst: reference devices-and-protocols.md §5.4.
    """

    def __init__(self, detection_callback: AdvertisementDataCallback | None,
                 service_uuids: list[str] | None, scanning_mode: str, **kwargs: Any) -> None:
        super().__init__(detection_callback, service_uuids)
        self.address = kwargs.get("address", "AA:BB:CC:DD:EE:01")

    async def start(self) -> None:
        self.seen_devices = {}
        adv = AdvertisementData(local_name="A&D_UA-651_1B", manufacturer_data={},
                                service_data={normalize_uuid("181b"): b"\x01"},
                                service_uuids=[normalize_uuid("1810")], tx_power=None, rssi=-50,
                                platform_data=())
        device = self.create_or_update_device(self.address, self.address, adv.local_name, None, adv)
        self.call_detection_callbacks(device, adv)

    async def stop(self) -> None:
        return None


async def test_scan_for_sees_a_device_reported_once_during_start() -> None:
    device, adv = await scan_for(lambda _d, ad: normalize_uuid("1810") in ad.service_uuids, 0.5,
                                 backend=_ReportOnceScanner)
    assert device.address == "AA:BB:CC:DD:EE:01"
    assert adv.local_name == "A&D_UA-651_1B"


async def test_bleaks_find_device_by_filter_misses_it_which_is_why_scan_for_exists() -> None:
    # If bleak ever registers its callback before start(), this test fails and scan_for can
    # go back to the library call.
    found = await BleakScanner.find_device_by_filter(lambda _d, _ad: True, timeout=0.2,
                                                     backend=_ReportOnceScanner)
    assert found is None


async def test_scan_for_times_out_as_not_found() -> None:
    with pytest.raises(DeviceNotFound):
        await scan_for(lambda _d, _ad: False, 0.05, backend=_ReportOnceScanner)


async def test_advertisement_source_yields_reports_from_the_scanner() -> None:
    source = BleakAdvertisementSource(backend=_ReportOnceScanner)
    stream = source.stream()
    report = await asyncio.wait_for(anext(stream), 1.0)
    await stream.aclose()
    assert report.address == "AA:BB:CC:DD:EE:01"
    assert report.service_data == {normalize_uuid("181b"): b"\x01"}
    assert report.rssi == -50
