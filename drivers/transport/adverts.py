"""Advertisement-only devices (Xiaomi Mi scale): what a driver reads instead of a GattLink.

Two sources implement :class:`AdvertisementSource`:

* ``drivers.transport.ble.BleakAdvertisementSource`` -- a BleakScanner (production);
* ``drivers.emulators.sim_adverts.SimulatedAdvertisementSource`` -- a VirtualPeripheral's
  advertisement changes, in-process (``sim://``).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class AdvertisementReport:
    """One received advertisement; UUID keys are normalised (drivers.transport.gatt)."""

    address: str
    local_name: str | None = None
    service_uuids: tuple[str, ...] = ()
    manufacturer_data: dict[int, bytes] = field(default_factory=dict)
    service_data: dict[str, bytes] = field(default_factory=dict)
    rssi: int | None = None


class AdvertisementSource(Protocol):
    def stream(self) -> AsyncGenerator[AdvertisementReport, None]:
        """Advertisements as they arrive, until the consumer stops iterating.

        Consumers wrap the iterator in ``contextlib.aclosing`` so scanning stops promptly.
        Raises DriverError.
        """
        ...
