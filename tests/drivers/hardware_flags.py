"""The command-line flags of the opt-in real-hardware tier (tests/drivers/test_hardware.py).

``tests/drivers/conftest.py`` re-exports :func:`pytest_addoption`.  pytest reads options only
from conftests loaded before it parses the command line: with a path under tests/drivers
that includes that conftest; for a bare ``pytest --ble-address ADDR`` from the repository
root, load this module early with ``-p tests.drivers.hardware_flags`` (or import the hook in
tests/conftest.py).  Registering twice is harmless.
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("hardware", "real measurement devices (opt-in)")
    if any(option.dest == "ble_address" for option in group.options):
        return  # already registered (early plugin and conftest both define the hook)
    group.addoption("--ble-address", metavar="ADDR", default=None,
                    help="run the BLE hardware tests against the device with this address")
    group.addoption("--ble-pair", action="store_true", default=False,
                    help="bond with the BLE device while connecting (A&D cuffs need it)")
    group.addoption("--device-port", metavar="PORT", default=None,
                    help="run the serial hardware tests on this port or pyserial URL")
    group.addoption("--device-model", metavar="ID", default=None,
                    help="registry id of the device on --device-port (a serial line cannot say what it is)")
