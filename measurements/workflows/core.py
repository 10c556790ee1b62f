"""Machinery the three measurement workflows share (Qt-free).

Storage rule, for every workflow: each device reading is saved as one complete
``role='reading'`` record the moment it arrives (it is a real measurement, valid or flagged
'implausible'); the ``role='result'`` record is saved only when the protocol completes.
Cancelling, or failing, at any step therefore never writes a result and never leaves half a
record: the store writes a record, its values and its outbox row in one transaction.
A device answer that arrives after ``cancel()`` is ignored.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from drivers.errors import FINAL_REASONS, DriverError, Reason
from drivers.readings import CuffPressure, DeviceKind, LiveMass, Progress
from measurements.clock import Clock
from measurements.interpretation.plausibility import Implausible
from measurements.norms.model import Classification
from measurements.workflows import prompts
from measurements.workflows.base import (
    AuditSink,
    Category,
    DevicePort,
    Listeners,
    RecordSink,
)

StateT = TypeVar("StateT", bound=enum.Enum)

# After this many failed attempts in a row (device errors or implausible readings) the
# workflow stops and asks for staff: repeating a failing measurement on an older person
# (e.g. re-inflating a cuff again and again) does more harm than good.
DEFAULT_MAX_ATTEMPTS = 3


class Actor(enum.StrEnum):
    VISITOR = "visitor"
    STAFF = "staff"


@dataclass(frozen=True, slots=True)
class StaffAlert:
    """An event the UI shows ("직원을 불렀어요") and the audit log records."""

    reasons: tuple[str, ...]
    values: Mapping[str, float]


@dataclass(frozen=True, slots=True)
class CommonStates(Generic[StateT]):
    measuring: StateT
    measure_again: StateT
    device_error: StateT
    done: StateT
    cancelled: StateT
    failed: StateT


class WorkflowCore(Generic[StateT]):
    """State, listeners, the device request in flight, failures, staff alerts."""

    kind: str  # the measurement kind stored with every record

    def __init__(self, *, device: DevicePort, sink: RecordSink, audit: AuditSink, clock: Clock,
                 initial: StateT, states: CommonStates[StateT], terminal: frozenset[StateT],
                 max_attempts: int = DEFAULT_MAX_ATTEMPTS,
                 staff_session: Callable[[], bool] = lambda: False) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.device = device
        self.sink = sink
        self.audit_sink = audit
        self.clock = clock
        self.listeners = Listeners()
        self.state: StateT = initial
        self._states = states
        self._terminal = terminal
        self._max_attempts = max_attempts
        # Is a signed-in member of staff at the kiosk right now?  Staff-only choices (skip
        # the rest timer) are refused unless it says so or the caller passes Actor.STAFF.
        self._staff_session = staff_session
        self._pending = False  # a device request is running
        self.failures = 0  # consecutive failed attempts
        self.error: DriverError | None = None  # the last device error (DEVICE_ERROR state)
        self.implausible: tuple[Implausible, ...] = ()  # why "measure again"
        self.staff_alert: StaffAlert | None = None
        self._alerted: set[str] = set()
        self.live_text = ""

    # --- the MeasurementWorkflow surface ---------------------------------------------------

    @property
    def busy(self) -> bool:
        """True while a device measurement runs (the kiosk suspends its idle timeout)."""
        return self._pending

    @property
    def finished(self) -> bool:
        return self.state in self._terminal

    @property
    def error_reason(self) -> Reason | None:
        return self.error.reason if self.error is not None else None

    def on_progress(self, progress: Progress) -> None:
        """Live value while the device measures (cuff pressure, unsettled weight, force)."""
        if not self._pending:
            return
        if isinstance(progress, CuffPressure):
            self.live_text = f"커프 압력 {progress.pressure_mmhg:.0f} mmHg"
        elif isinstance(progress, LiveMass):
            self.live_text = f"{progress.mass_kg:.1f} kg"
        else:
            self.live_text = f"{progress.force_kgf:.1f} kg"
        self.listeners.emit(self)

    def cancel(self) -> None:
        """Stop at any step.  Readings already saved stay (they are complete records); no
        result is written."""
        if self.finished:
            return
        if self._pending:
            self._pending = False
            self.device.cancel()
        self._enter(self._states.cancelled)

    def on_device_error(self, error: DriverError) -> None:
        if not self._accept_device_answer():
            return
        self.error = error
        if error.reason in FINAL_REASONS:
            # retrying cannot help (locked out, unsupported, not paired): straight to staff
            self.failures = self._max_attempts - 1
        self._attempt_failed(self._states.device_error)

    # --- helpers for the workflows ---------------------------------------------------------

    def _enter(self, state: StateT) -> None:
        self.state = state
        if state != self._states.measuring:
            self.live_text = ""
        self.listeners.emit(self)

    def _request(self, kind: DeviceKind, **options: Any) -> None:
        self.error = None
        self.implausible = ()
        self._pending = True
        self._enter(self._states.measuring)
        self.device.request(kind, **options)

    def _accept_device_answer(self) -> bool:
        """False for an answer nobody asked for (late, after cancel, or duplicated)."""
        if not self._pending or self.finished:
            return False
        self._pending = False
        return True

    def _attempt_failed(self, state: StateT) -> None:
        self.failures += 1
        self._enter(self._states.failed if self.failures >= self._max_attempts else state)

    def _attempt_succeeded(self) -> None:
        self.failures = 0
        self.error = None
        self.implausible = ()

    def _can_retry(self) -> bool:
        return self.state in (self._states.device_error, self._states.measure_again)

    def _is_staff(self, actor: Actor | None) -> bool:
        return actor is Actor.STAFF or (actor is None and self._staff_session())

    def _error_text(self) -> tuple[str, str]:
        """The current problem in plain words (device error or implausible reading)."""
        if self.state == self._states.device_error and self.error is not None:
            prompt = prompts.device_error(self.error.reason)
            return prompt.ko, prompt.en
        return "", ""

    def _raise_alert(self, reasons: tuple[str, ...], values: Mapping[str, float]) -> None:
        """Record a staff alert once per reason: the UI shows it; the audit log keeps it."""
        new = tuple(r for r in reasons if r not in self._alerted)
        if not new:
            return
        self._alerted.update(new)
        self.staff_alert = StaffAlert(tuple(sorted(self._alerted)), dict(values))
        # The audit entry says that and why staff were called; the values stay in the
        # measurement rows (the audit log is read by technicians, not only by nurses).
        self.audit_sink.audit("staff_alert", {"kind": self.kind, "reasons": list(new)})


def category_view(classification: Classification) -> Category:
    """A norm-table classification as the result screen's badge data."""
    table = classification.table
    category = classification.category
    return Category(code=f"{table.id}.{category.code}", label_ko=category.ko,
                    label_en=category.en, tone=category.colour, icon=category.icon,
                    table=f"{table.id}@{table.version}")


def seconds_left(total_s: float, started_at: float | None, now: float) -> int:
    """Whole seconds still to wait (rounded up, so the screen never shows 0 while waiting)."""
    if started_at is None:
        return 0
    return max(0, math.ceil(total_s - (now - started_at)))
