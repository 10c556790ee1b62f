"""Opt-in real-hardware tier for the drivers: off unless a device is named on the command line.

    pytest tests/drivers/test_hardware.py -s --ble-address 5C:0E:8B:00:65:1B --ble-pair
    pytest tests/drivers/test_hardware.py -s --device-port /dev/ttyUSB0 --device-model and-fx-i

Without these flags every ``@pytest.mark.hardware`` test is skipped, never failed.  The
flags themselves are defined in tests/drivers/hardware_flags.py (see there for running
from the repository root).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from drivers.emulators.gatt import VirtualPeripheral
from drivers.emulators.scripted import ScriptedPeripheral
from tests.drivers.hardware_flags import pytest_addoption
from tests.support.bleak_bumble import BumbleHub
from tests.support.bumble_peripheral import BumblePeripheralHost, Serve

__all__ = ["ble_address", "ble_pair", "device_port", "hub", "pytest_addoption", "serve"]


@pytest.fixture
async def hub() -> AsyncIterator[BumbleHub]:
    """bumble virtual controllers on one in-process link (the test-only bleak backend's)."""
    hub = BumbleHub()
    await hub.start()
    yield hub
    await hub.close()


@pytest.fixture
async def serve(hub: BumbleHub) -> AsyncIterator[Serve]:
    """Put emulators on the hub's link; stops them (and fails on a broken hook) after."""
    hosts: list[BumblePeripheralHost] = []

    async def start(peripheral: VirtualPeripheral) -> BumblePeripheralHost:
        host = BumblePeripheralHost(hub, peripheral)
        await host.start()
        hosts.append(host)
        return host

    yield start
    for host in hosts:
        if isinstance(host.peripheral, ScriptedPeripheral):
            await host.peripheral.aclose()
        await host.close()


def _option(request: pytest.FixtureRequest, name: str) -> object:
    # default=None: the flags exist only when hardware_flags was loaded in time (see there)
    return request.config.getoption(name, default=None)


@pytest.fixture
def ble_address(request: pytest.FixtureRequest) -> str | None:
    value = _option(request, "--ble-address")
    return str(value) if value else None


@pytest.fixture
def ble_pair(request: pytest.FixtureRequest) -> bool:
    return bool(_option(request, "--ble-pair"))


@pytest.fixture
def device_port(request: pytest.FixtureRequest) -> tuple[str, str] | None:
    """(port, registry id), or None when no serial device was named."""
    port = _option(request, "--device-port")
    if not port:
        return None
    model = _option(request, "--device-model")
    if not model:
        pytest.fail("--device-port needs --device-model ID (a registry id from drivers/registry.py)")
    return str(port), str(model)
