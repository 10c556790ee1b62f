"""Serial links: pyserial ``serial_for_url`` + a per-model line-settings table, for asyncio.

* Any pyserial URL works: a device path (``/dev/ttyUSB0``, a ``/dev/serial/by-id`` link, the
  emulator's pty link), ``socket://host:port`` (serial-to-Ethernet box), ``loop://``, and
  ``spy://`` for field diagnostics (native ports only -- reference §5.1).
* Line settings are DATA (:data:`SERIAL_SETTINGS`), one row per supported model, each with its
  source.  A pty cannot check baud, parity or byte size (Linux ptys force CS8, no parity --
  reference §5.1), so ``tests/drivers/transport/test_serial.py`` checks the table itself.
* Transport failures are translated here, once, into ``drivers.errors`` types: an I/O error
  on an open port (USB adapter unplugged, pty closed, socket dropped) -> ``DeviceLost``; a port
  that cannot be (re)opened within ``reopen_timeout_s`` -> ``DeviceNotFound``; no complete line
  in time -> ``DriverError(TIMEOUT)``; an endless line without terminator -> ``ProtocolViolation``.

Why a dedicated thread and not pyserial-asyncio: pyserial-asyncio 0.6 re-configures the port
(``timeout=0``) after opening, which fails with EINVAL on a pty opened 7E1 (reference §5.1,
reproduced here with pyserial 3.5), it needs a selectable ``fileno`` (no ``loop://``), and it
still calls the deprecated ``asyncio.get_event_loop()``.  Blocking pyserial calls with a short
read timeout in ONE worker thread per link keep the event loop free, never re-configure the
port, serialise all port access without locks in pyserial, and work for every URL handler.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import termios
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Protocol, TypeVar

import serial

from drivers.errors import DeviceLost, DeviceNotFound, DriverError, ProtocolViolation, Reason

log = logging.getLogger(__name__)

T = TypeVar("T")

MAX_LINE_BYTES = 4096  # far above any record in the cited formats (Tanita MC-980 ~ 600 bytes)


@dataclass(frozen=True, slots=True)
class LineSettings:
    """How one device model's serial line is configured.

    ``verified`` is True only when the cited source states this exact default; otherwise the
    row is a documented assumption that the installer must check on the unit (reference §7.5).
    """

    baudrate: int
    bytesize: int
    parity: str  # serial.PARITY_NONE / _EVEN / _ODD
    stopbits: float
    terminator: bytes  # what ends one line from the device
    source: str
    verified: bool
    xonxoff: bool = False
    rtscts: bool = False

    def with_baudrate(self, baudrate: int) -> LineSettings:
        """A site whose unit was set to another speed overrides it here (config)."""
        return replace(self, baudrate=baudrate)


_AND_DEFAULT = LineSettings(
    baudrate=2400, bytesize=serial.SEVENBITS, parity=serial.PARITY_EVEN, stopbits=serial.STOPBITS_ONE,
    terminator=b"\r\n",
    source="reference §4: '2400 bps 7E1 commonly cited as an A&D default, verify per unit'; "
    "CR LF terminator: GC manual §16.2 / EK-L §9-2",
    verified=False,
)
_TANITA_PC_MODE = LineSettings(
    baudrate=9600, bytesize=serial.EIGHTBITS, parity=serial.PARITY_NONE, stopbits=serial.STOPBITS_ONE,
    terminator=b"\r\n",
    source="MC-980MA PC-mode instructions §1: 4800/9600/19200 selectable, 8 bits, no parity, "
    "1 stop bit, flow control selectable (none used), terminator CR+LF",
    verified=True,
)
_MARK10 = LineSettings(
    baudrate=9600, bytesize=serial.EIGHTBITS, parity=serial.PARITY_NONE, stopbits=serial.STOPBITS_ONE,
    terminator=b"\r\n",
    source="reference §4: 9600 8N1 in public client code (idealabasu/code_idealab_ros "
    "mark10/src/mark10/mark10_serial.py); replies end CR LF (Series 4 User's Guide §9.1.3); "
    "verify on site",
    verified=False,
)

SERIAL_SETTINGS: dict[str, LineSettings] = {
    # A&D standard-format balances and indicators (reference §4 row 1)
    "and-standard-format": _AND_DEFAULT,
    "and-fx-i": _AND_DEFAULT,
    "and-gx-a": _AND_DEFAULT,
    "and-ad-4329a": _AND_DEFAULT,
    "and-ad-4404": replace(_AND_DEFAULT, source=_AND_DEFAULT.source
                           + "; AD-4404 spec p.80 allows CR alone as terminator (set CR LF)"),
    # Tanita analysers (reference §4 rows 2-3)
    "tanita-mc-980": _TANITA_PC_MODE,
    "tanita-mc-780": replace(_TANITA_PC_MODE, verified=False,
                             source="assumed equal to MC-980MA (same PC-mode family); verify on site"),
    "tanita-bc-418": replace(_TANITA_PC_MODE, verified=False,
                             source="BC-418MA manual 'Remote Mode' says 'per manual'; 9600 8N1 CR LF "
                             "assumed like MC-980MA/BD-815U; verify on site"),
    "tanita-sc-240": replace(_TANITA_PC_MODE, verified=False,
                             source="SC-240 manual p.24 gives the format, not the line settings; "
                             "9600 8N1 CR LF assumed like BD-815U; verify on site"),
    "tanita-sc-330": replace(_TANITA_PC_MODE, verified=False,
                             source="SC-330 manual p.24 gives the format, not the line settings; "
                             "9600 8N1 CR LF assumed like BD-815U; verify on site"),
    "tanita-bd-815u": replace(_TANITA_PC_MODE,
                              source="BD-815U manual p.22: 9600 bps, 8 bit, no parity, 1 stop bit, "
                              "CR+LF, no flow control"),
    # Mark-10 force gauges (reference §4 row 7)
    "mark10-series4": _MARK10,
    "mark10-series5": replace(_MARK10, baudrate=115200,
                              source="reference §4: newer gauges at 115200 (Opentrons force-gauge "
                              "driver FG_BAUDRATE); verify on site"),
}


def settings_for(model: str) -> LineSettings:
    """The table row for ``model``.

    Raises:
        DeviceNotFound: no row (an unsupported model in the station configuration).
    """
    try:
        return SERIAL_SETTINGS[model]
    except KeyError:
        raise DeviceNotFound(f"no serial settings for model {model!r}") from None


class LineLink(Protocol):
    """What a serial driver talks to.  Every method raises only ``DriverError``."""

    @property
    def address(self) -> str: ...

    @property
    def is_open(self) -> bool: ...

    async def open(self) -> None:
        """Open (or re-open after an unplug); no-op when already open."""
        ...

    async def write(self, data: bytes) -> None: ...

    async def read_line(self, timeout_s: float) -> bytes:
        """The next complete line, terminator included."""
        ...

    async def discard_input(self) -> None:
        """Drop whatever arrived before now (stale lines, noise from plugging in)."""
        ...

    async def close(self) -> None:
        """Close the port.  Safe to call twice."""
        ...


PortFactory = Callable[..., Any]  # serial.serial_for_url's signature


class _Lost(Exception):
    """Internal: the open port failed; carries the low-level cause as __cause__."""


class _WriteStalled(Exception):
    """Internal: a write timed out (hardware/software flow control held it)."""


class SerialLink:
    """A :class:`LineLink` over ``serial.serial_for_url``.

    Args:
        url: any pyserial URL or device path.
        settings: the model's :class:`LineSettings` row.
        reopen_timeout_s: how long :meth:`open` keeps retrying an absent port (a replugged USB
            adapter takes a moment to re-enumerate) before ``DeviceNotFound``.
        poll_s: the blocking read slice in the worker thread; bounds cancellation latency.
        port_factory: ``serial.serial_for_url`` unless a test injects another opener.
        address: what readings and logs call this device (``sim://NAME`` for a simulator);
            the URL when None.
    """

    def __init__(self, url: str, settings: LineSettings, *, reopen_timeout_s: float = 10.0,
                 poll_s: float = 0.05, port_factory: PortFactory = serial.serial_for_url,
                 address: str | None = None) -> None:
        self._url = url
        self._address = address if address is not None else url
        self.settings = settings
        self.reopen_timeout_s = reopen_timeout_s
        self.poll_s = poll_s
        self._factory = port_factory
        self._port: Any = None
        self._buffer = bytearray()
        self._lock = threading.Lock()  # the buffer is filled by the worker, read by the loop
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None

    @property
    def address(self) -> str:
        return self._address

    @property
    def is_open(self) -> bool:
        return self._port is not None

    def _worker(self) -> concurrent.futures.ThreadPoolExecutor:
        if self._executor is None:
            self._executor = concurrent.futures.ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="serial-link")
        return self._executor

    async def _call(self, fn: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._worker(), fn)

    async def _io(self, fn: Callable[[], T], what: str) -> T:
        """Run port I/O in the worker; the one place I/O errors become DeviceLost."""
        try:
            return await self._call(fn)
        except _Lost as err:
            cause = err.__cause__
            await self._drop_port()
            raise DeviceLost(f"{what} on {self._url} failed: {type(cause).__name__}: {cause}") from cause

    def _open_port(self) -> Any:
        s = self.settings
        # Opened once with the final settings and never re-configured: re-configuring a pty
        # opened 7E1 fails with EINVAL (reference §5.1).
        return self._factory(self._url, baudrate=s.baudrate, bytesize=s.bytesize, parity=s.parity,
                             stopbits=s.stopbits, xonxoff=s.xonxoff, rtscts=s.rtscts,
                             timeout=self.poll_s, write_timeout=2.0)

    async def open(self) -> None:
        if self._port is not None:
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.reopen_timeout_s
        delay = 0.05
        while True:
            try:
                port = await self._call(self._open_port)
            except ValueError as err:  # pyserial: bad settings or malformed URL -- retrying cannot help
                raise DeviceNotFound(f"cannot open {self._url}: {err}") from err
            except (serial.SerialException, OSError, termios.error) as err:
                if loop.time() + delay > deadline:
                    raise DeviceNotFound(f"{self._url} is absent: {err}") from err
                log.info("serial port %s not available yet (%s); retrying", self._url, err)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 1.0)  # exponential backoff, capped
                continue
            with self._lock:
                self._buffer.clear()
            self._port = port
            return

    def _require_port(self) -> Any:
        port = self._port
        if port is None:
            raise _Lost from serial.SerialException("port is not open")
        return port

    async def write(self, data: bytes) -> None:
        if self._port is None:
            raise DeviceLost(f"{self._url} is not open")

        def do_write() -> None:
            port = self._require_port()
            try:
                port.write(data)
                port.flush()
            except serial.SerialTimeoutException as err:
                raise _WriteStalled from err  # flow control holding us: the device is not ready
            except (serial.SerialException, OSError, termios.error) as err:
                raise _Lost from err

        try:
            await self._io(do_write, "write")
        except _WriteStalled as err:
            raise DriverError(Reason.TIMEOUT, f"{self._url} does not accept data") from err.__cause__

    def _fill(self) -> None:
        port = self._require_port()
        try:
            chunk = port.read(port.in_waiting or 1)  # blocks at most poll_s
        except (serial.SerialException, OSError, termios.error) as err:
            raise _Lost from err
        if chunk:
            with self._lock:
                self._buffer += chunk

    def _take_line(self) -> bytes | None:
        terminator = self.settings.terminator
        with self._lock:
            at = self._buffer.find(terminator)
            if at < 0:
                if len(self._buffer) > MAX_LINE_BYTES:
                    self._buffer.clear()
                    raise ProtocolViolation(f"no line terminator in {MAX_LINE_BYTES} bytes")
                return None
            end = at + len(terminator)
            line = bytes(self._buffer[:end])
            del self._buffer[:end]
            return line

    async def read_line(self, timeout_s: float) -> bytes:
        if self._port is None:
            raise DeviceLost(f"{self._url} is not open")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while True:
            line = self._take_line()
            if line is not None:
                return line
            if loop.time() >= deadline:
                raise DriverError(Reason.TIMEOUT, f"no complete line from {self._url} in {timeout_s:g} s")
            await self._io(self._fill, "read")

    async def discard_input(self) -> None:
        if self._port is None:
            return

        def drain() -> None:
            port = self._require_port()
            try:
                port.reset_input_buffer()
            except (serial.SerialException, OSError, termios.error) as err:
                raise _Lost from err
            with self._lock:
                self._buffer.clear()

        await self._io(drain, "reset input")

    async def _drop_port(self) -> None:
        port, self._port = self._port, None
        if port is None:
            return

        def close_quietly() -> None:
            try:
                port.close()
            except (serial.SerialException, OSError, termios.error):
                log.debug("closing %s after a failure raised", self._url, exc_info=True)

        await self._call(close_quietly)

    async def close(self) -> None:
        await self._drop_port()
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False)
