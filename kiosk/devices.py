"""The station's devices as the GUI sees them: availability, and a DevicePort per workflow.

Drivers live on the device loop; ``BridgeDevicePort`` runs ``driver.measure()`` there and
delivers the reading or the error back to the workflow on the GUI thread (kiosk/bridge.py).
Any exception that is not a DriverError is a bug in a driver: it is logged with its
traceback and reaches the workflow as a DriverError(MALFORMED_DATA), so the visitor sees
"please measure again" rather than a frozen screen.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Mapping
from typing import Any

from drivers.base import MeasuringDriver
from drivers.errors import DriverError, Reason
from drivers.readings import DeviceKind
from kiosk.bridge import Bridge, Handle

log = logging.getLogger(__name__)

# menu / workflow measurement kind -> the device kind that measures it
DEVICE_FOR = {
    "blood_pressure": DeviceKind.BLOOD_PRESSURE,
    "body_composition": DeviceKind.SCALE,
    "grip": DeviceKind.GRIP,
}


class DeviceHub:
    def __init__(
        self,
        bridge: Bridge,
        drivers: Mapping[DeviceKind, MeasuringDriver],
        lockout: Callable[[DeviceKind], str | None] = lambda kind: None,
    ) -> None:
        self.bridge = bridge
        self.drivers = dict(drivers)
        self._lockout = lockout

    def unavailable_reason(self, kind: str | DeviceKind) -> str | None:
        """Why this measurement cannot run now (None when it can)."""
        device_kind = DEVICE_FOR.get(kind, kind) if isinstance(kind, str) else kind
        if device_kind not in self.drivers:
            return "not configured"
        return self._lockout(DeviceKind(device_kind))

    def port(self, workflow: Any, on_progress: Callable[[Any], None] | None = None
             ) -> BridgeDevicePort:
        return BridgeDevicePort(self, workflow, on_progress)

    def close_all(self) -> None:
        for driver in self.drivers.values():
            try:
                self.bridge.device_loop.submit(driver.close()).result(5)
            except Exception:
                log.exception("closing %s failed", driver.identity.model)


class BridgeDevicePort:
    """A workflow's DevicePort: one request at a time, results on the GUI thread."""

    def __init__(self, hub: DeviceHub, workflow: Any,
                 on_progress: Callable[[Any], None] | None) -> None:
        self.hub = hub
        self.workflow = workflow
        self.on_progress = on_progress
        # extra options (visitor profile) offered to every request; each driver gets only
        # the ones its measure() accepts (e.g. a Tanita analyser takes sex/height/age for
        # its PC mode, an A&D scale does not)
        self.profile: Callable[[], dict[str, Any]] = dict
        self._handle: Handle | None = None

    def request(self, kind: DeviceKind, **options: Any) -> None:
        self.cancel()
        reason = self.hub.unavailable_reason(kind)
        driver = self.hub.drivers.get(kind)
        if reason is not None or driver is None:
            self.hub.bridge.post(
                self.workflow.on_device_error,
                DriverError(Reason.LOCKED_OUT if driver else Reason.NOT_FOUND, reason or ""),
            )
            return
        progress = self.hub.bridge.progress_callback(self.on_progress) if self.on_progress else None
        options = accepted_options(driver, {**self.profile(), **options})
        coro = driver.measure(progress, **options)
        self._handle = self.hub.bridge.run(coro, self._done, self._failed)

    def _done(self, reading: Any) -> None:
        self._handle = None
        self.workflow.on_reading(reading)

    def _failed(self, error: BaseException) -> None:
        self._handle = None
        if not isinstance(error, DriverError):
            log.error("driver failed unexpectedly", exc_info=error)
            error = DriverError(Reason.MALFORMED_DATA, type(error).__name__)
        self.workflow.on_device_error(error)

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None


def accepted_options(driver: MeasuringDriver, options: dict[str, Any]) -> dict[str, Any]:
    """The subset of ``options`` that ``driver.measure`` declares (None values dropped)."""
    parameters = inspect.signature(driver.measure).parameters
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
    return {k: v for k, v in options.items()
            if v is not None and (takes_any or k in parameters)}
