"""``SimulatedAdvertisementSource``: advertisements of a VirtualPeripheral, in-process (``sim://``).

Implements :class:`drivers.transport.adverts.AdvertisementSource` for advertisement-only
devices (the Xiaomi Mi scale).  Each :meth:`stream` call is one listening session: the
peripheral is told advertising started (``on_advertising``), so a scripted person steps on
after the station began to listen, and the current advertisement is reported first -- a
real scanner also hears whatever the scale was already broadcasting (often the previous
visitor's result).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

from drivers.emulators.gatt import Advertisement, VirtualPeripheral
from drivers.emulators.scripted import ScriptedPeripheral
from drivers.transport.adverts import AdvertisementReport
from drivers.transport.gatt import normalize_uuid


def report_of(address: str, advertisement: Advertisement) -> AdvertisementReport:
    return AdvertisementReport(
        address=address,
        local_name=advertisement.local_name,
        service_uuids=tuple(normalize_uuid(u) for u in advertisement.service_uuids),
        manufacturer_data=dict(advertisement.manufacturer_data),
        service_data={normalize_uuid(k): bytes(v) for k, v in advertisement.service_data.items()},
        rssi=-60,
    )


class _AdvertisingHost:
    """PeripheralHost for a device nobody connects to: only advertising changes."""

    def __init__(self, address: str, queue: asyncio.Queue[AdvertisementReport],
                 peripheral: VirtualPeripheral) -> None:
        self._address = address
        self._queue = queue
        self._peripheral = peripheral

    async def notify(self, uuid: str, data: bytes) -> None:
        raise ConnectionError("not connected: advertising only")

    async def disconnect(self) -> None:
        raise ConnectionError("not connected: advertising only")

    async def set_advertisement(self, advertisement: Advertisement) -> None:
        self._peripheral.advertisement = advertisement
        self._queue.put_nowait(report_of(self._address, advertisement))


class SimulatedAdvertisementSource:
    """Reports a peripheral's advertisements as a scanner would.

    Args:
        peripheral: the advertisement-only emulator.
        address: what reports carry as the address (default: the peripheral's).
    """

    def __init__(self, peripheral: VirtualPeripheral, *, address: str | None = None) -> None:
        self.peripheral = peripheral
        self.address = address or peripheral.address

    async def stream(self) -> AsyncGenerator[AdvertisementReport, None]:
        queue: asyncio.Queue[AdvertisementReport] = asyncio.Queue()
        queue.put_nowait(report_of(self.address, self.peripheral.advertisement))
        await self.peripheral.on_advertising(_AdvertisingHost(self.address, queue, self.peripheral))
        try:
            while True:
                yield await queue.get()
        finally:
            if isinstance(self.peripheral, ScriptedPeripheral):
                await self.peripheral.cancel_tasks()
