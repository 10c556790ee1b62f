"""What every measurement workflow shares: ports to the outside world and listeners.

A workflow is a Qt-free state machine.  It never calls a driver or the database directly;
it asks through two injected ports and is told the outcome by method calls:

* ``DevicePort.request(kind)`` -- start one device measurement.  The owner (the kiosk's
  bridge, or a test) later calls ``workflow.on_reading(reading)`` or
  ``workflow.on_device_error(error)`` on the workflow's thread.
* ``RecordSink.save(record)`` -- persist a MeasurementRecord (measurement + outbox row in
  one transaction); returns the stored id.

Time advances only through ``tick()``, which reads the injected clock; the GUI calls it
from a QTimer, tests call it after ``FakeClock.advance``.  Listeners get the workflow
itself after every state change and render from its public attributes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from drivers.errors import DriverError
from drivers.readings import DeviceKind, Reading
from measurements.store import MeasurementRecord


class DevicePort(Protocol):
    def request(self, kind: DeviceKind) -> None:
        """Start one measurement on the device of this kind (non-blocking)."""
        ...

    def cancel(self) -> None:
        """Abort a running request; no on_reading/on_device_error follows."""
        ...


class RecordSink(Protocol):
    def save(self, record: MeasurementRecord) -> str: ...


class Listeners:
    """Plain callbacks (no Qt): the Qt view subscribes and re-renders."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[[object], None]] = []

    def subscribe(self, callback: Callable[[object], None]) -> Callable[[], None]:
        self._callbacks.append(callback)
        return lambda: self._callbacks.remove(callback)

    def emit(self, source: object) -> None:
        for callback in list(self._callbacks):
            callback(source)


class MeasurementWorkflow(Protocol):
    """The surface the kiosk's measurement screens drive."""

    listeners: Listeners

    @property
    def busy(self) -> bool:
        """True while a device measurement runs: the kiosk suspends its idle timeout."""
        ...

    @property
    def finished(self) -> bool: ...

    def start(self) -> None: ...

    def tick(self) -> None: ...

    def cancel(self) -> None: ...

    def on_reading(self, reading: Reading) -> None: ...

    def on_device_error(self, error: DriverError) -> None: ...
