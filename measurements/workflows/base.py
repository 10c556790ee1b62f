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

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from drivers.errors import DriverError
from drivers.readings import DeviceKind, Reading
from measurements.store import MeasurementRecord


class DevicePort(Protocol):
    def request(self, kind: DeviceKind, **options: Any) -> None:
        """Start one measurement on the device of this kind (non-blocking).

        ``options`` are passed to the driver's ``measure`` only when given, so a plain
        ``request(kind)`` works with every driver.  Known options:
        ``impedance=False`` (SCALE): weight only, never pass current through the body --
        the BIA safety answer for pacemakers / implanted electronics.
        """
        ...

    def cancel(self) -> None:
        """Abort a running request; no on_reading/on_device_error follows."""
        ...


class RecordSink(Protocol):
    def save(self, record: MeasurementRecord) -> str: ...


class AuditSink(Protocol):
    def audit(self, action: str, detail: Mapping[str, Any], *, actor_role: str = "system",
              actor_id: str | None = None) -> None:
        """Append to the audit log (staff alerts, staff overrides)."""
        ...


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


@dataclass(frozen=True)
class ResultLine:
    """One value on the result screen, e.g. ("최고 혈압", "Systolic", "128", "mmHg")."""

    label_ko: str
    label_en: str
    value_text: str
    unit_text: str = ""


@dataclass(frozen=True)
class Category:
    """A guideline category, shown as colour + word + icon (never colour alone)."""

    code: str  # e.g. "ksh.prehypertension", "ksso.obesity_1", "awgs.low_grip"
    label_ko: str
    label_en: str
    tone: str  # colour token: normal | caution | warning | danger | info (kiosk/theme.py)
    icon: str  # icon token: ok | caution | alert | info
    table: str = ""  # norm table id + version that produced it, e.g. "ksh-2022@1"


@dataclass(frozen=True)
class ResultSummary:
    """What a finished workflow tells the visitor: the ``result`` of its final WorkflowView.

    ``trend_values`` names the stored measurement_values (role='result', same ``kind``) to
    chart over the visitor's previous visits, e.g. ("systolic", "diastolic").
    """

    kind: str  # blood_pressure | body_composition | grip
    lines: tuple[ResultLine, ...]
    categories: tuple[Category, ...] = ()
    explanation_ko: str = ""  # one line, plain Korean, "for reference" wording
    explanation_en: str = ""
    speech_ko: str = ""  # as pronounced, numbers in words
    staff_alert: bool = False
    measurement_id: str | None = None  # the stored role='result' row
    trend_values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Choice:
    """A button the person (or staff) can press in the current step."""

    key: str  # passed back to ``workflow.choose(key)``
    label_ko: str
    label_en: str
    staff_only: bool = False  # e.g. "skip the rest timer": the kiosk asks for a staff PIN


@dataclass(frozen=True)
class NumericInput:
    """A number the step asks for (height, waist): the screen shows a keypad and calls
    ``workflow.enter_number(value)``; ``choices`` may still offer "skip"."""

    key: str  # "height_cm", "waist_cm"
    label_ko: str
    label_en: str
    unit_text: str
    min_value: float
    max_value: float
    decimals: int = 1


@dataclass(frozen=True)
class WorkflowView:
    """Everything a screen renders for the current step, as plain data (no Qt).

    The kiosk's generic measurement screen draws exactly this: the instruction in large
    type (and speaks ``speech_ko``), a timer when ``seconds_left`` is set, the live value,
    the readings so far, and one button per choice.  When ``finished`` is true the screen
    moves to the result screen with ``result``.
    """

    step: str  # the state's name, for tests and logs
    instruction_ko: str
    instruction_en: str
    speech_ko: str = ""  # written as pronounced (numbers in words); "" = say nothing new
    seconds_left: float | None = None  # a running timer (rest, interval between readings)
    live_text: str = ""  # e.g. "커프 압력 142 mmHg" while measuring
    readings: tuple[str, ...] = ()  # one short line per reading taken so far
    error_ko: str = ""  # what went wrong, in plain Korean ("다시 재 볼게요")
    error_en: str = ""
    choices: tuple[Choice, ...] = ()
    staff_alert: bool = False  # show the staff-alert banner (e.g. >= 180/110 mmHg)
    finished: bool = False
    result: ResultSummary | None = None  # set when finished (None if nothing to show)
    numeric_input: NumericInput | None = None  # set when the step asks for a number


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

    def view(self) -> WorkflowView:
        """The current step as plain data for the screen."""
        ...

    def choose(self, key: str) -> None:
        """The person pressed the choice with this key (ignored if not offered now)."""
        ...
