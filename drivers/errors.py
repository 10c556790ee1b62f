"""Errors a driver can end a measurement with.

Tree::

    DriverError (reason: Reason)       -- every failure a driver reports
    ├── DeviceNotFound                 -- nothing matching answered a scan / the port is absent
    ├── DeviceLost                     -- the link dropped mid-measurement
    ├── DeviceReportedError            -- the device itself reported an error code
    └── ProtocolViolation              -- a frame that did not decode (wraps a CodecError)

Low-level exceptions (bleak, pyserial, codec errors) are re-raised ``from err`` exactly once,
at the driver boundary.  The ``reason`` is what the UI turns into a plain-Korean message; the
``detail`` is for the log and the technician screen, and never contains personal data.
"""

from __future__ import annotations

import enum


class Reason(enum.StrEnum):
    NOT_FOUND = "not_found"  # no device answered
    NEEDS_PAIRING = "needs_pairing"  # device refuses without a bond
    DEVICE_LOST = "device_lost"  # disconnected / unplugged mid-measurement
    TIMEOUT = "timeout"  # device stopped answering
    CUFF_ERROR = "cuff_error"  # cuff fitted wrongly, air leak, over-pressure
    MEASUREMENT_FAILED = "measurement_failed"  # device returned NaN/NRes/0xFFFF
    BATTERY_LOW = "battery_low"
    MALFORMED_DATA = "malformed_data"  # bytes that break the protocol
    DEVICE_BUSY = "device_busy"
    LOCKED_OUT = "locked_out"  # calibration overdue or failed: station refuses to use it
    # the device cannot do what was asked, e.g. a weight-only (no current through the body)
    # measurement on an analyser that always measures impedance: retrying cannot help
    NOT_SUPPORTED = "not_supported"


# Failures that no retry on the same device can fix: a workflow stops at once and sends the
# person to staff instead of repeating the attempt.
FINAL_REASONS = frozenset({Reason.LOCKED_OUT, Reason.NOT_SUPPORTED, Reason.NEEDS_PAIRING})


class DriverError(Exception):
    """A measurement could not be completed.  ``reason`` picks the user message."""

    def __init__(self, reason: Reason, detail: str = "") -> None:
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)
        self.reason = reason
        self.detail = detail


class DeviceNotFound(DriverError):
    def __init__(self, detail: str = "") -> None:
        super().__init__(Reason.NOT_FOUND, detail)


class DeviceLost(DriverError):
    def __init__(self, detail: str = "") -> None:
        super().__init__(Reason.DEVICE_LOST, detail)


class DeviceReportedError(DriverError):
    """The device sent an error code; ``code`` is the device's own (e.g. A&D "E1")."""

    def __init__(self, reason: Reason, code: str, detail: str = "") -> None:
        super().__init__(reason, f"device code {code}" + (f": {detail}" if detail else ""))
        self.code = code


class ProtocolViolation(DriverError):
    def __init__(self, detail: str = "") -> None:
        super().__init__(Reason.MALFORMED_DATA, detail)
