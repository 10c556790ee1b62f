"""The only place where threads meet: the Qt main thread and the asyncio device loop.

One asyncio loop runs in one daemon thread for the whole process; it owns every driver
(bleak, pyserial) and the uploader (httpx).  Qt owns the main thread.  Work crosses in one
direction with ``run_coroutine_threadsafe``; results and progress come back as queued Qt
signals, so every callback given to :meth:`Bridge.run` executes on the GUI thread.
A single dedicated loop (rather than qasync) follows the evidence in bleak#851/#871 of
freezes when bleak shares the GUI event loop (style-anchors.md principle 11).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import os
import queue
import threading
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier

log = logging.getLogger(__name__)


class DeviceLoop:
    """An asyncio event loop running forever in its own thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="device-loop", daemon=True)
        self._started = threading.Event()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.call_soon(self._started.set)
        self.loop.run_forever()

    def start(self) -> DeviceLoop:
        self._thread.start()
        self._started.wait()
        return self

    def submit(self, coro: Coroutine[Any, Any, Any]) -> concurrent.futures.Future[Any]:
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def call_soon(self, fn: Callable[[], None]) -> None:
        self.loop.call_soon_threadsafe(fn)

    def stop(self, timeout_s: float = 5.0) -> None:
        if not self._thread.is_alive():
            return

        async def _drain() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        try:
            self.submit(_drain()).result(timeout_s)
        except (concurrent.futures.TimeoutError, RuntimeError):
            log.warning("device loop did not drain within %.1f s", timeout_s)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout_s)
        if not self._thread.is_alive():
            # an unclosed loop warns from __del__ at some later garbage collection
            self.loop.close()


class Handle:
    """A running cross-thread call; cancel() drops its result even if it already finished."""

    def __init__(self, future: concurrent.futures.Future[Any]) -> None:
        self._future = future
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True
        self._future.cancel()

    def done(self) -> bool:
        return self._future.done()


class Bridge(QObject):
    """Runs coroutines on the device loop and delivers outcomes on the GUI thread.

    No PySide call is ever made from the device thread.  PySide6 6.12.0 corrupts the
    reference counts of ``True``/``False``/``None`` when Qt API is called from a thread Qt did
    not create -- ``Signal.emit()`` and ``QCoreApplication.postEvent()`` alike -- and the
    interpreter later aborts with "bool_dealloc"/"none_dealloc" (reproduced in
    tests/kiosk/test_bridge.py).  So callbacks go into a thread-safe queue and the device
    thread wakes the GUI thread with the classic self-pipe: one byte written with plain
    ``os.write``, noticed by a QSocketNotifier owned by the GUI thread, which drains the queue.
    """

    def __init__(self, device_loop: DeviceLoop) -> None:
        super().__init__()
        self.device_loop = device_loop
        self._pending: queue.SimpleQueue[tuple[Callable[[Any], None], Any]] = (
            queue.SimpleQueue())
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_read, False)
        os.set_blocking(self._wake_write, False)
        self._notifier = QSocketNotifier(self._wake_read, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        self._gui_thread = threading.get_ident()

    def _drain(self) -> None:
        with contextlib.suppress(BlockingIOError):
            os.read(self._wake_read, 65536)
        while True:
            try:
                callback, argument = self._pending.get_nowait()
            except queue.Empty:
                return
            callback(argument)

    def post(self, callback: Callable[[Any], None], argument: Any = None) -> None:
        """Call ``callback(argument)`` on the GUI thread (safe from any thread)."""
        self._pending.put((callback, argument))
        # a full pipe already holds a pending wake-up: nothing more is needed
        with contextlib.suppress(BlockingIOError):
            os.write(self._wake_write, b"\x01")

    def close(self) -> None:
        self._notifier.setEnabled(False)
        for fd in (self._wake_read, self._wake_write):
            with contextlib.suppress(OSError):
                os.close(fd)

    def run(
        self,
        coro: Coroutine[Any, Any, Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> Handle:
        handle = Handle(self.device_loop.submit(coro))

        def finished(future: concurrent.futures.Future[Any]) -> None:
            if handle.cancelled or future.cancelled():
                return
            error = future.exception()
            if error is not None:
                self.post(lambda e: None if handle.cancelled else on_error(e), error)
            else:
                self.post(lambda r: None if handle.cancelled else on_done(r), future.result())

        handle._future.add_done_callback(finished)
        return handle

    def progress_callback(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        """Wrap a GUI-thread callback so a driver can call it from the device loop."""
        return lambda value: self.post(callback, value)
