"""Host a serial device emulator on the device side of a pty, behind a stable path.

The driver opens :attr:`PtyHost.path` with real pyserial, exactly like a USB adapter's
``/dev/serial/by-id/...`` link; the emulator reads and writes the pty master.  ``unplug()``
closes the pty (the driver's next read fails with EIO, as when an adapter is pulled) and
``replug()`` creates a new pty and re-points the same link at it, so the driver's re-open with
backoff finds the device again.

Linux ptys ignore baud, parity and byte size (reference §5.1): line settings are tested as
data (tests/drivers/transport/test_serial.py), ptys only carry the byte stream.

The emulator runs in one daemon thread per host, independent of the driver's event loop --
hardware does not share the kiosk's loop either.  All emulator state is touched only by that
thread; tests and the kiosk talk to it through :meth:`PtyHost.call_soon`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import shutil
import tempfile
import threading
import time
import tty
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass
class SerialFaults:
    """Fault injection shared by the serial emulators (set between measurements).

    Attributes:
        drop_mid_measurement: pull the cable half-way through the next measurement (one shot),
            plug it back after ``replug_after_s`` (never when None).
        garbage: one line of noise sent half-way through the next measurement (one shot).
        error_code: the device's own error code, answered instead of a result (A&D ``E2``,
            Tanita ``E2``, Mark-10 ``10``).
        overload: the reading is over range (A&D ``OL``, Tanita ``E1``, Mark-10 over capacity).
        nan: the reading carries no number (A&D blanked ``OL``, Tanita empty results,
            Mark-10 ``NaN``).
        response_delay_s: every reply goes out this late (a slow device).
        silent: the device stops answering altogether.
    """

    drop_mid_measurement: bool = False
    replug_after_s: float | None = 0.2
    garbage: bytes | None = None
    error_code: str | None = None
    overload: bool = False
    nan: bool = False
    response_delay_s: float = 0.0
    silent: bool = False


class SerialDeviceEmulator:
    """Device-side behaviour.  Subclasses implement :meth:`on_command` and :meth:`step`.

    Attributes:
        host: set by :class:`PtyHost` when started; use :meth:`send` to transmit.
    """

    host: PtyHost | None = None

    def __init__(self, faults: SerialFaults | None = None) -> None:
        self.faults = faults if faults is not None else SerialFaults()
        self._timers: list[tuple[float, Callable[[], None]]] = []

    def on_command(self, command: bytes) -> None:
        """One line from the host, without its terminator (CR, LF or CR LF)."""

    def step(self, now: float) -> None:
        """Timed behaviour; called every host tick with monotonic seconds."""

    def tick(self, now: float) -> None:
        due = [fn for at, fn in self._timers if at <= now]
        self._timers = [(at, fn) for at, fn in self._timers if at > now]
        for fn in due:
            fn()
        self.step(now)

    def later(self, delay_s: float, fn: Callable[[], None]) -> None:
        """Run ``fn`` on the emulator thread after ``delay_s``."""
        self._timers.append((time.monotonic() + delay_s, fn))

    def send(self, data: bytes) -> None:
        if self.host is not None:
            self.host.write(data)

    def reply(self, data: bytes) -> None:
        """Send now, or after ``faults.response_delay_s``; nothing when ``faults.silent``."""
        if self.faults.silent:
            return
        if self.faults.response_delay_s > 0:
            self.later(self.faults.response_delay_s, lambda: self.send(data))
        else:
            self.send(data)

    def drop_link(self) -> None:
        """The one-shot mid-measurement unplug (``faults.drop_mid_measurement``)."""
        self.faults.drop_mid_measurement = False
        self._timers.clear()
        if self.host is not None:
            self.host.unplug(self.faults.replug_after_s)

    def send_garbage(self) -> None:
        """The one-shot noise line (``faults.garbage``)."""
        noise, self.faults.garbage = self.faults.garbage, None
        if noise is not None:
            self.send(noise)


class PtyHost:
    """Serve one emulator on a pty; :attr:`path` stays the same across unplug/replug.

    Args:
        emulator: the device behaviour.
        name: the link's file name (e.g. ``"and-scale"``).
        directory: where the link lives (a fresh temporary directory when None).
        tick_s: the host loop period; emulator timing is quantised to it.
    """

    def __init__(self, emulator: SerialDeviceEmulator, name: str, *, directory: Path | None = None,
                 tick_s: float = 0.005) -> None:
        self.emulator = emulator
        self.tick_s = tick_s
        self._own_dir = directory is None
        self._dir = Path(tempfile.mkdtemp(prefix="serial-sim-")) if directory is None else directory
        self.path = str(self._dir / name)
        self._master: int | None = None
        self._slave: int | None = None
        self._inbox = bytearray()
        self._replug_at: float | None = None
        self._calls: list[Callable[[], None]] = []
        self._calls_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"pty-sim:{name}", daemon=True)
        self.plug_count = 0

    # --- lifecycle (any thread) -----------------------------------------------------------

    def start(self) -> PtyHost:
        self.emulator.host = self
        self._plug()
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout=2.0)
        self._close_pty()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)
        if self._own_dir:
            shutil.rmtree(self._dir, ignore_errors=True)

    def call_soon(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` on the emulator thread (thread-safe)."""
        with self._calls_lock:
            self._calls.append(fn)

    @property
    def plugged(self) -> bool:
        return self._master is not None

    # --- emulator-thread API --------------------------------------------------------------

    def write(self, data: bytes) -> None:
        """Transmit; bytes are lost when unplugged or nobody reads (as on a real UART)."""
        if self._master is None:
            return
        try:
            os.write(self._master, data)
        except BlockingIOError:
            log.debug("pty %s: receiver not reading, %d bytes dropped", self.path, len(data))
        except OSError:
            log.debug("pty %s: write failed", self.path, exc_info=True)

    def unplug(self, replug_after_s: float | None = None) -> None:
        """Pull the cable; plug it back after ``replug_after_s`` (never when None)."""
        self._close_pty()
        # the device node disappears, as /dev/ttyUSB0 does: a stale link would point at a
        # /dev/pts number the kernel may hand to another emulator meanwhile
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)
        self._inbox.clear()
        self._replug_at = None if replug_after_s is None else time.monotonic() + replug_after_s

    def replug(self) -> None:
        if self._master is None:
            self._plug()
        self._replug_at = None

    # --- internals ------------------------------------------------------------------------

    def _plug(self) -> None:
        master, slave = os.openpty()
        # raw, no echo, before the driver opens it: the line discipline must not answer for us
        tty.setraw(slave)
        os.set_blocking(master, False)
        tmp = f"{self.path}.{self.plug_count}.tmp"
        os.symlink(os.ttyname(slave), tmp)
        os.replace(tmp, self.path)  # atomic re-point, like udev updating a by-id link
        # keep our slave fd open: otherwise reading the master fails with EIO whenever the
        # driver has the port closed
        self._master, self._slave = master, slave
        self.plug_count += 1

    def _close_pty(self) -> None:
        for fd in (self._master, self._slave):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._master = self._slave = None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._step()
            except Exception:
                log.exception("serial emulator %s failed; continuing", self.path)

    def _step(self) -> None:
        with self._calls_lock:
            calls, self._calls = self._calls, []
        for call in calls:
            call()
        if self._master is None:
            if self._replug_at is not None and time.monotonic() >= self._replug_at:
                self.replug()
            else:
                time.sleep(self.tick_s)
                return
        master = self._master
        if master is None:
            return
        readable, _, _ = select.select([master], [], [], self.tick_s)
        if readable:
            try:
                self._inbox += os.read(master, 4096)
            except (BlockingIOError, InterruptedError):
                pass
            except OSError:  # EIO: nothing holds the slave; cannot happen while we hold it
                log.debug("pty %s: read failed", self.path, exc_info=True)
        self._dispatch_lines()
        self.emulator.tick(time.monotonic())

    def _dispatch_lines(self) -> None:
        while self._master is not None:
            ends = [at for at in (self._inbox.find(b"\r"), self._inbox.find(b"\n")) if at >= 0]
            if not ends:
                return
            at = min(ends)
            line = bytes(self._inbox[:at])
            del self._inbox[: at + 1]
            if line:
                self.emulator.on_command(line)


def start_emulator(emulator: SerialDeviceEmulator, name: str, *, directory: Path | None = None,
                   tick_s: float = 0.005) -> PtyHost:
    """Start ``emulator`` on a pty; open ``host.path`` with pyserial.  ``host.stop()`` ends it."""
    return PtyHost(emulator, name, directory=directory, tick_s=tick_s).start()
