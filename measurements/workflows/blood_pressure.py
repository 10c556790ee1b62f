"""Blood-pressure protocol as a Qt-free state machine.

KSH 2018 Table 1 (https://clinicalhypertension.biomedcentral.com/articles/10.1186/s40885-019-0124-x/tables/1;
shared/reference/health-kiosk-anchors.md §3.1, §6 items 2 and 4):
posture checklist -> seated rest (default 5 min; only staff may skip it) -> reading 1 ->
1-2 min -> reading 2 -> [a third when the first two differ by > 10 mmHg, or the monitor
flags an irregular pulse] -> mean -> KSH category (ACC/AHA, ESH beside it).  A reading at or
above 180/110, or an irregular pulse, calls staff (an event on the view + an audit entry).

Storage (see measurements/workflows/core.py): each reading is saved as role='reading' when
it arrives; the averaged role='result' only when the protocol completes.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from drivers.errors import ProtocolViolation
from drivers.readings import BloodPressureReading, DeviceIdentity, DeviceKind, Reading
from measurements.clock import Clock
from measurements.interpretation import bp, plausibility
from measurements.norms.loader import NormsCatalog
from measurements.store import MeasurementRecord, Value
from measurements.workflows import prompts
from measurements.workflows.base import (
    AuditSink,
    Choice,
    DevicePort,
    RecordSink,
    ResultLine,
    ResultSummary,
    WorkflowView,
)
from measurements.workflows.core import (
    Actor,
    CommonStates,
    WorkflowCore,
    category_view,
    seconds_left,
)

KIND = "blood_pressure"


class State(enum.StrEnum):
    IDLE = "idle"
    POSTURE = "posture"  # checklist + which arm
    RESTING = "rest"  # seated rest timer
    INTERVAL = "interval"  # 1-2 min between readings
    MEASURING = "measuring"
    MEASURE_AGAIN = "measure_again"  # implausible reading: typed outcome, not a result
    DEVICE_ERROR = "device_error"
    DONE = "done"
    CANCELLED = "cancelled"
    FAILED = "failed"


TERMINAL_STATES = frozenset({State.DONE, State.CANCELLED, State.FAILED})


class Arm(enum.StrEnum):
    LEFT = "left"
    RIGHT = "right"


# KSH 2018 Table 1 + the ARMS trial (arm unsupported adds up to +6.5/+4.4 mmHg; anchors §3.1).
POSTURE_CHECKLIST = (
    "back_supported",  # seated, back against the chair
    "feet_flat_legs_uncrossed",
    "arm_supported_heart_level",
    "cuff_on_bare_upper_arm",
    "no_smoking_caffeine_30min",
    "not_talking",
)


@dataclass(frozen=True, slots=True)
class BpConfig:
    rest_s: float = 300.0  # KSH: rest >= 5 min
    interval_s: float = 60.0  # KSH: readings 1-2 min apart
    min_readings: int = 2
    max_readings: int = 3
    averaging: bp.Averaging = bp.Averaging.LAST_TWO
    max_attempts: int = 3
    primary_table: str = "bp-ksh"
    secondary_tables: tuple[str, ...] = ("bp-acc-aha", "bp-esh")

    def __post_init__(self) -> None:
        # station.toml gives the averaging rule as text; a wrong word fails here, at start-up
        object.__setattr__(self, "averaging", bp.Averaging(self.averaging))
        if self.rest_s < 0:
            raise ValueError("rest_s must not be negative")
        if not 60.0 <= self.interval_s <= 120.0:
            raise ValueError("interval_s must be 60-120 s (KSH: readings 1-2 min apart)")
        if not 2 <= self.min_readings <= self.max_readings:
            raise ValueError("need 2 <= min_readings <= max_readings")


@dataclass(frozen=True, slots=True)
class TakenReading:
    values: bp.BpValues
    record_id: str
    device: DeviceIdentity


@dataclass(frozen=True, slots=True)
class BpResult:
    values: bp.BpValues
    interpretation: bp.BpInterpretation
    record_id: str
    readings_taken: int
    staff_alert: bool
    summary: ResultSummary = field(repr=False)


class BloodPressureWorkflow(WorkflowCore[State]):
    kind = KIND

    def __init__(self, *, device: DevicePort, sink: RecordSink, audit: AuditSink, clock: Clock,
                 norms: NormsCatalog, config: BpConfig | None = None,
                 staff_session: Callable[[], bool] = lambda: False) -> None:
        self.config = config or BpConfig()
        super().__init__(
            device=device, sink=sink, audit=audit, clock=clock, initial=State.IDLE,
            states=CommonStates(State.MEASURING, State.MEASURE_AGAIN, State.DEVICE_ERROR,
                                State.DONE, State.CANCELLED, State.FAILED),
            terminal=TERMINAL_STATES, max_attempts=self.config.max_attempts,
            staff_session=staff_session)
        # Resolve the tables now: a missing table fails at start-up, not mid-visit.
        self.primary = norms.bp(self.config.primary_table)
        self.secondary = tuple(norms.bp(t) for t in self.config.secondary_tables)
        self.arm: Arm | None = None
        self.checklist: frozenset[str] = frozenset()
        self.missing_items: tuple[str, ...] = ()
        self.readings: list[TakenReading] = []
        self.result: BpResult | None = None
        self._sequence = 0  # every stored reading, valid or not, gets the next number
        self._rest_started: float | None = None
        self._rest_skipped_by: str | None = None
        self._rest_done_s: float | None = None
        self._interval_started: float | None = None
        self._last_valid_at: float | None = None
        self._shown_seconds: int | None = None

    # --- visitor / staff actions ---------------------------------------------------------

    def start(self) -> None:
        if self.state is State.IDLE:
            self._enter(State.POSTURE)

    def confirm_posture(self, arm: Arm, confirmed: Iterable[str]) -> bool:
        """Record the arm and the ticked checklist; rest starts once every item is ticked."""
        if self.state is not State.POSTURE:
            return False
        ticked = frozenset(confirmed)
        self.missing_items = tuple(i for i in POSTURE_CHECKLIST if i not in ticked)
        if self.missing_items:
            self.listeners.emit(self)
            return False
        self.arm = arm
        self.checklist = ticked & frozenset(POSTURE_CHECKLIST)
        self._rest_started = self.clock.monotonic()
        self._shown_seconds = None
        self._enter(State.RESTING)
        if self.config.rest_s <= 0:
            self.tick()
        return True

    def skip_rest(self, actor: Actor | None = None, staff_id: str | None = None) -> bool:
        """End the rest early: staff only (a visitor's skip is refused and changes nothing).

        The skip is audited and every reading carries the quality flag ``rest_skipped``.
        """
        if self.state is not State.RESTING or not self._is_staff(actor):
            return False
        self._rest_skipped_by = staff_id or "staff"
        self._finish_rest()
        self.audit_sink.audit("bp_rest_skipped", {"rest_done_s": self._rest_done_s},
                              actor_role="staff", actor_id=staff_id)
        return True

    def retry(self) -> bool:
        """After a device error or an implausible reading: measure again."""
        if not self._can_retry():
            return False
        self._next_reading()
        return True

    def choose(self, key: str, *, actor: Actor | None = None) -> None:
        """A button on the generic measurement screen (see :meth:`view`)."""
        if key in ("arm_left", "arm_right"):
            self.confirm_posture(Arm.LEFT if key == "arm_left" else Arm.RIGHT,
                                 POSTURE_CHECKLIST)  # the screen showed the whole list
        elif key == "skip_rest":
            self.skip_rest(actor)
        elif key == "retry":
            self.retry()

    # --- time ---------------------------------------------------------------------------

    @property
    def seconds_remaining(self) -> int | None:
        now = self.clock.monotonic()
        if self.state is State.RESTING:
            return seconds_left(self.config.rest_s, self._rest_started, now)
        if self.state is State.INTERVAL:
            return seconds_left(self.config.interval_s, self._interval_started, now)
        return None

    def tick(self) -> None:
        remaining = self.seconds_remaining
        if remaining is None:
            return
        if remaining <= 0:
            if self.state is State.RESTING:
                self._finish_rest()
            else:
                self._request_reading()
        elif remaining != self._shown_seconds:
            self._shown_seconds = remaining
            self.listeners.emit(self)

    # --- device answers -------------------------------------------------------------------

    def on_reading(self, reading: Reading) -> None:
        if not isinstance(reading, BloodPressureReading):
            self.on_device_error(ProtocolViolation(
                f"expected a blood-pressure reading, got {type(reading).__name__}"))
            return
        if not self._accept_device_answer():
            return
        values = bp.BpValues(reading.systolic_mmhg, reading.diastolic_mmhg, reading.pulse_bpm,
                             reading.irregular_pulse)
        # A person at 270/170 must not be left alone even if the number is an artefact, so
        # the alert rule runs before (and independently of) plausibility.
        self._check_alert(values)
        faults = plausibility.check_blood_pressure(values.systolic_mmhg,
                                                   values.diastolic_mmhg, values.pulse_bpm)
        record_id = self.sink.save(self._reading_record(reading, "implausible" if faults
                                                        else "valid"))
        if faults:
            self.implausible = faults
            self._attempt_failed(State.MEASURE_AGAIN)
            return
        self._attempt_succeeded()
        self.readings.append(TakenReading(values, record_id, reading.device))
        self._last_valid_at = self.clock.monotonic()
        if bp.needs_another_reading([r.values for r in self.readings],
                                    minimum=self.config.min_readings,
                                    maximum=self.config.max_readings):
            self._next_reading()
        else:
            self._complete()

    # --- steps ---------------------------------------------------------------------------

    def _finish_rest(self) -> None:
        started = self._rest_started if self._rest_started is not None else 0.0
        self._rest_done_s = round(self.clock.monotonic() - started, 1)
        self._request_reading()

    def _next_reading(self) -> None:
        """Wait out the 1-2 min gap since the last valid reading, then measure."""
        since = (None if self._last_valid_at is None
                 else self.clock.monotonic() - self._last_valid_at)
        if since is None or since >= self.config.interval_s:
            self._request_reading()
            return
        self._interval_started = self._last_valid_at
        self._shown_seconds = None
        self._enter(State.INTERVAL)

    def _request_reading(self) -> None:
        self._request(DeviceKind.BLOOD_PRESSURE)

    def _check_alert(self, values: bp.BpValues) -> None:
        reasons = bp.alert_reasons(values)
        if reasons:
            self._raise_alert(tuple(r.value for r in reasons),
                              {"systolic": values.systolic_mmhg,
                               "diastolic": values.diastolic_mmhg})

    def _method(self) -> dict[str, Any]:
        return {
            "arm": self.arm.value if self.arm else None,
            "posture": "seated",
            "checklist": sorted(self.checklist),
            "rest_s_configured": self.config.rest_s,
            "rest_s_done": self._rest_done_s,
            "rest_skipped_by": self._rest_skipped_by,
            "interval_s": self.config.interval_s,
        }

    def _flags(self) -> list[str]:
        return ["rest_skipped"] if self._rest_skipped_by else []

    def _reading_record(self, reading: BloodPressureReading, status: str) -> MeasurementRecord:
        self._sequence += 1
        flags = self._flags() + [name for name, on in (
            ("irregular_pulse", reading.irregular_pulse),
            ("body_movement", reading.body_movement),
            ("cuff_too_loose", reading.cuff_too_loose),
            ("improper_position", reading.improper_position)) if on]
        values = [Value("systolic", reading.systolic_mmhg, "mm[Hg]"),
                  Value("diastolic", reading.diastolic_mmhg, "mm[Hg]")]
        if reading.mean_arterial_mmhg is not None:
            values.append(Value("mean_arterial", reading.mean_arterial_mmhg, "mm[Hg]"))
        if reading.pulse_bpm is not None:
            values.append(Value("pulse", reading.pulse_bpm, "/min"))
        interpretation: dict[str, Any] = {}
        if status == "implausible":
            interpretation = {"implausible": [
                {"name": f.name, "value": f.value, "low": f.limit.low, "high": f.limit.high,
                 "why": f.limit.why}
                for f in plausibility.check_blood_pressure(
                    reading.systolic_mmhg, reading.diastolic_mmhg, reading.pulse_bpm)]}
        return MeasurementRecord(
            kind=KIND, role="reading", values=tuple(values),
            station_time=self.clock.now(), status=status, sequence=self._sequence,
            device=reading.device, device_time=reading.device_time, frames=reading.frames,
            quality_flags=tuple(flags), method={**self._method(), "reading": self._sequence},
            interpretation=interpretation, provenance={"source": "device"})

    def _complete(self) -> None:
        taken = [r.values for r in self.readings]
        mean = bp.average(taken, self.config.averaging)
        used = (self.readings[-2:] if self.config.averaging is bp.Averaging.LAST_TWO
                else self.readings)
        interpretation = bp.interpret(mean, self.primary, self.secondary)
        values = [Value("systolic", mean.systolic_mmhg, "mm[Hg]"),
                  Value("diastolic", mean.diastolic_mmhg, "mm[Hg]")]
        if mean.pulse_bpm is not None:
            values.append(Value("pulse", mean.pulse_bpm, "/min"))
        flags = self._flags() + (["irregular_pulse"] if mean.irregular_pulse else [])
        method = {**self._method(), "readings_taken": len(self.readings),
                  "averaging": self.config.averaging.value,
                  "readings_used": [r.record_id for r in used]}
        record_id = self.sink.save(MeasurementRecord(
            kind=KIND, role="result", values=tuple(values), station_time=self.clock.now(),
            status="valid", sequence=0, device=self.readings[-1].device,
            quality_flags=tuple(flags), method=method,
            interpretation=interpretation.as_json(), provenance={"source": "derived"}))
        alert = self.staff_alert is not None
        self.result = BpResult(mean, interpretation, record_id, len(self.readings), alert,
                               self._summary(mean, interpretation, record_id, alert))
        self._enter(State.DONE)

    # --- what the screen shows -------------------------------------------------------------

    @property
    def prompt_key(self) -> str:
        if self.state is State.INTERVAL and len(self.readings) >= self.config.min_readings:
            return "bp.interval_third"
        if self.state in (State.CANCELLED, State.FAILED):
            return f"workflow.{self.state.value}"
        if self.state is State.DEVICE_ERROR:
            return f"device.{self.error_reason.value if self.error_reason else 'error'}"
        return f"bp.{self.state.value}"

    def _choices(self) -> tuple[Choice, ...]:
        if self.state is State.POSTURE:
            return (Choice("arm_left", "왼팔에 감았어요", "Cuff on LEFT arm"),
                    Choice("arm_right", "오른팔에 감았어요", "Cuff on RIGHT arm"))
        if self.state is State.RESTING:
            return (Choice("skip_rest", "휴식 건너뛰기 (직원)", "Skip rest (staff)",
                           staff_only=True),)
        if self.state in (State.DEVICE_ERROR, State.MEASURE_AGAIN):
            return (Choice("retry", "다시 재기", "Measure again"),)
        return ()

    def view(self) -> WorkflowView:
        key = self.prompt_key
        prompt = prompts.PROMPTS.get(key) or prompts.PROMPTS["bp.measure_again"]
        error_ko, error_en = self._error_text()
        if self.state is State.MEASURE_AGAIN:
            error_ko, error_en = prompt.ko, prompt.en
        instruction_ko, instruction_en = prompt.ko, prompt.en
        if self.state is State.DEVICE_ERROR:
            instruction_ko, instruction_en = error_ko, error_en
        remaining = self.seconds_remaining
        return WorkflowView(
            step=self.state.value, instruction_ko=instruction_ko, instruction_en=instruction_en,
            speech_ko=prompt.speech_ko or instruction_ko,
            seconds_left=float(remaining) if remaining is not None else None,
            live_text=self.live_text,
            readings=tuple(f"{i}회: {r.values.systolic_mmhg:.0f}/{r.values.diastolic_mmhg:.0f}"
                           f" mmHg" + (f", 맥박 {r.values.pulse_bpm:.0f}"
                                       if r.values.pulse_bpm is not None else "")
                           for i, r in enumerate(self.readings, 1)),
            error_ko=error_ko, error_en=error_en, choices=self._choices(),
            staff_alert=self.staff_alert is not None, finished=self.finished,
            result=self.result.summary if self.result else None)

    def _summary(self, mean: bp.BpValues, interpretation: bp.BpInterpretation,
                 record_id: str, alert: bool) -> ResultSummary:
        lines = [ResultLine("최고 혈압 (수축기)", "Systolic", f"{mean.systolic_mmhg:.0f}", "mmHg"),
                 ResultLine("최저 혈압 (이완기)", "Diastolic", f"{mean.diastolic_mmhg:.0f}",
                            "mmHg")]
        if mean.pulse_bpm is not None:
            lines.append(ResultLine("맥박", "Pulse", f"{mean.pulse_bpm:.0f}", "회/분"))
        explanation = interpretation.explanation
        speech = (f"혈압은 {prompts.number_words(round(mean.systolic_mmhg))}에 "
                  f"{prompts.number_words(round(mean.diastolic_mmhg))}입니다. "
                  f"{interpretation.primary.category.ko}. {explanation.ko}")
        return ResultSummary(
            kind=KIND, lines=tuple(lines),
            # The KSH category only: ACC/AHA and ESH stay on BpResult and in the stored
            # interpretation JSON (a secondary display), so a visitor sees one verdict.
            categories=(category_view(interpretation.primary),),
            explanation_ko=explanation.ko, explanation_en=explanation.en, speech_ko=speech,
            staff_alert=alert, measurement_id=record_id,
            trend_values=("systolic", "diastolic"))
