"""A private BlueZ for bleak's real BlueZ backend: dbus-daemon + bluezoo with two adapters.

Reference devices-and-protocols.md §5.4.  bluezoo (a BlueZ D-Bus mock, GPL-2.0, run as a
separate process and never vendored) serves ``org.bluez`` on a throw-away bus::

    dbus-daemon --config-file=<private bus.conf> --nofork --print-address
    DBUS_SYSTEM_BUS_ADDRESS=<that> bluezoo --auto-enable --scan-interval 1 -a <hci0> -a <hci1>

(§5.4 used ``--session``; a config of our own, listening in the test's temporary directory,
needs only the ``dbus-daemon`` binary, not the distribution's session.conf.)

bleak connects to the *system* bus named by ``DBUS_SYSTEM_BUS_ADDRESS``, so the fixture
sets that variable for the test.  The kiosk (bleak) scans and connects on ``hci0``; the
emulated device is a BlueZ GATT application + LE advertisement on ``hci1``
(tests/support/bluezoo_peripheral.py).

Both processes are started in their own process group and the whole group is killed at
teardown, so nothing outlives the test even if it fails half way.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from dbus_fast import BusType, Message, MessageType
from dbus_fast.aio import MessageBus

CENTRAL_ADDRESS = "00:11:22:33:44:55"  # hci0: the kiosk
PERIPHERAL_ADDRESS = "00:AA:BB:CC:DD:EE"  # hci1: the emulated device
_START_TIMEOUT_S = 10.0
# A bus open to this user only (EXTERNAL auth), where anyone may own any name: bluezoo must
# own org.bluez, the emulator its application paths.
_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={directory}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


@dataclass(frozen=True)
class BluezooEnv:
    """A running private bus with bluezoo on it."""

    bus_address: str
    log_path: Path  # bluezoo's own log, for a failing test's post-mortem
    central_adapter: str = "hci0"
    peripheral_adapter: str = "hci1"
    central_address: str = CENTRAL_ADDRESS
    peripheral_address: str = PERIPHERAL_ADDRESS

    @property
    def bleak_kwargs(self) -> dict[str, Any]:
        """What a BleakScanner / BleakClient needs to use the central adapter."""
        return {"bluez": {"adapter": self.central_adapter}}

    async def connect(self) -> MessageBus:
        """A new dbus-fast connection to the private bus (the caller disconnects it)."""
        return await MessageBus(bus_address=self.bus_address, bus_type=BusType.SYSTEM).connect()


def missing_tools() -> str | None:
    """Why this tier cannot run here, or None when it can."""
    if shutil.which("dbus-daemon") is None:
        return "dbus-daemon not installed (apt-get install dbus-daemon)"
    if _bluezoo_command() is None:
        return "bluezoo not installed (pip install bluezoo)"
    return None


def _bluezoo_command() -> list[str] | None:
    beside_python = Path(sys.executable).with_name("bluezoo")
    if beside_python.exists():
        return [str(beside_python)]
    found = shutil.which("bluezoo")
    return [found] if found else None


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=3)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=3)
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()


def _read_address(daemon: subprocess.Popen[bytes]) -> str:
    assert daemon.stdout is not None
    ready, _, _ = select.select([daemon.stdout], [], [], _START_TIMEOUT_S)
    line = daemon.stdout.readline().decode().strip() if ready else ""
    if not line:
        raise RuntimeError("dbus-daemon did not print its address")
    return line


@contextlib.contextmanager
def bluezoo_processes(adapters: tuple[str, ...] = (CENTRAL_ADDRESS, PERIPHERAL_ADDRESS)
                      ) -> Iterator[tuple[str, Path]]:
    """Start dbus-daemon and bluezoo; yield (bus address, bluezoo log); kill both after."""
    command = _bluezoo_command()
    if command is None or shutil.which("dbus-daemon") is None:
        raise RuntimeError(missing_tools())
    with tempfile.TemporaryDirectory(prefix="bluezoo-") as tmp:
        log_path = Path(tmp) / "bluezoo.log"
        config = Path(tmp) / "bus.conf"
        config.write_text(_BUS_CONFIG.format(directory=tmp))
        daemon = subprocess.Popen(["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address"],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                                  start_new_session=True)
        mock: subprocess.Popen[bytes] | None = None
        try:
            address = _read_address(daemon)
            args = [*command, "--auto-enable", "--scan-interval", "1"]
            for adapter in adapters:
                args += ["-a", adapter]
            env = {**os.environ, "DBUS_SYSTEM_BUS_ADDRESS": address}
            with log_path.open("wb") as log:
                mock = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, start_new_session=True)
            yield address, log_path
        finally:
            if mock is not None:
                _kill_group(mock)
            _kill_group(daemon)


async def wait_until_ready(env: BluezooEnv, adapters: int = 2) -> None:
    """Block until bluezoo owns org.bluez and every adapter is exported and powered."""
    bus = await env.connect()
    try:
        deadline = time.monotonic() + _START_TIMEOUT_S
        while time.monotonic() < deadline:
            reply = await bus.call(Message(destination="org.bluez", path="/",
                                           interface="org.freedesktop.DBus.ObjectManager",
                                           member="GetManagedObjects"))
            if reply is not None and reply.message_type == MessageType.METHOD_RETURN:
                objects = reply.body[0]
                powered = [path for path, ifaces in objects.items()
                           if "org.bluez.Adapter1" in ifaces
                           and ifaces["org.bluez.Adapter1"]["Powered"].value]
                if len(powered) >= adapters:
                    return
            await asyncio.sleep(0.05)
        raise RuntimeError(f"bluezoo did not come up; see {env.log_path}: "
                           + env.log_path.read_text(errors="replace")[-2000:])
    finally:
        bus.disconnect()


@contextlib.asynccontextmanager
async def running_bluezoo() -> AsyncIterator[BluezooEnv]:
    """Start a private bus + bluezoo, point bleak at it, tear both down afterwards.

    ``DBUS_SYSTEM_BUS_ADDRESS`` is set for the duration and restored after, so one test may
    run several fresh instances in a row (bleak's BlueZ manager reconnects when its bus dies).
    """
    with bluezoo_processes() as (address, log_path):
        env = BluezooEnv(bus_address=address, log_path=log_path)
        previous = os.environ.get("DBUS_SYSTEM_BUS_ADDRESS")
        os.environ["DBUS_SYSTEM_BUS_ADDRESS"] = address
        try:
            await wait_until_ready(env)
            yield env
        finally:
            if previous is None:
                os.environ.pop("DBUS_SYSTEM_BUS_ADDRESS", None)
            else:
                os.environ["DBUS_SYSTEM_BUS_ADDRESS"] = previous


def require_bluezoo() -> None:
    """Skip (with the reason) when dbus-daemon or bluezoo is missing -- but FAIL under CI.

    CI services set ``CI`` (GitHub Actions, GitLab, ...): there the tier must run, so a
    missing tool is a broken CI image, not a reason to skip silently.
    """
    reason = missing_tools()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"bluezoo tier cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture
async def bluezoo() -> AsyncIterator[BluezooEnv]:
    """A fresh private BlueZ (bluezoo) for one test; bleak in the test uses it as the system bus.

    See :func:`require_bluezoo` for when it skips.  Import it into the test module (or a
    conftest) to use it.
    """
    require_bluezoo()
    async with running_bluezoo() as env:
        yield env
