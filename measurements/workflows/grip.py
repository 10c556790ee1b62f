"""Grip strength as a Qt-free state machine.

Both hands, two or three trials each (configured), alternating right/left so each hand rests
while the other works.  Each trial is stored as role='reading' with hand, trial number,
posture and device type (anchors §2.4: "store raw trials, hand, posture and device type so
any protocol can be recomputed"); the result (best and mean per hand, overall best, relative
grip, the AWGS 2019 low-grip flag) as role='result' after the last trial.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from drivers.errors import ProtocolViolation
from drivers.readings import DeviceIdentity, DeviceKind, GripReading, Reading
from measurements.clock import Clock
from measurements.interpretation import grip, plausibility
from measurements.interpretation.grip import Hand, Posture
from measurements.norms.loader import NormsCatalog
from measurements.norms.model import Sex
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
from measurements.workflows.core import Actor, CommonStates, WorkflowCore, category_view

KIND = "grip"


class State(enum.StrEnum):
    IDLE = "idle"
    POSTURE = "posture"
    READY = "ready"  # waiting for "start" for the next hand/trial
    MEASURING = "measuring"
    MEASURE_AGAIN = "measure_again"
    DEVICE_ERROR = "device_error"
    DONE = "done"
    CANCELLED = "cancelled"
    FAILED = "failed"


TERMINAL_STATES = frozenset({State.DONE, State.CANCELLED, State.FAILED})


@dataclass(frozen=True, slots=True)
class GripConfig:
    trials_per_hand: int = 2
    hands: tuple[Hand, ...] = (Hand.RIGHT, Hand.LEFT)
    posture: Posture = Posture.SEATED_ELBOW_90
    device_type: str = "digital"  # "hydraulic" (Jamar), "spring" (Smedley), "digital"
    max_attempts: int = 3
    awgs_table: str = "awgs"

    def __post_init__(self) -> None:
        if self.trials_per_hand not in (2, 3):
            raise ValueError("trials_per_hand must be 2 or 3")
        if not self.hands or len(set(self.hands)) != len(self.hands):
            raise ValueError("hands must name each hand at most once")


@dataclass(frozen=True, slots=True)
class GripResult:
    summary_values: grip.GripSummary
    interpretation: grip.GripInterpretation
    record_id: str
    summary: ResultSummary = field(repr=False)


class GripWorkflow(WorkflowCore[State]):
    kind = KIND

    def __init__(self, *, device: DevicePort, sink: RecordSink, audit: AuditSink, clock: Clock,
                 norms: NormsCatalog, sex: Sex | None = None, mass_kg: float | None = None,
                 config: GripConfig | None = None,
                 staff_session: Callable[[], bool] = lambda: False) -> None:
        self.config = config or GripConfig()
        super().__init__(
            device=device, sink=sink, audit=audit, clock=clock, initial=State.IDLE,
            states=CommonStates(State.MEASURING, State.MEASURE_AGAIN, State.DEVICE_ERROR,
                                State.DONE, State.CANCELLED, State.FAILED),
            terminal=TERMINAL_STATES, max_attempts=self.config.max_attempts,
            staff_session=staff_session)
        self.awgs_table = norms.bands(self.config.awgs_table)
        self.sex = sex
        self.mass_kg = mass_kg if mass_kg and not plausibility.check("mass", mass_kg) else None
        # Alternate hands: R1 L1 R2 L2 (R3 L3).
        self.plan: list[tuple[Hand, int]] = [
            (hand, n) for n in range(1, self.config.trials_per_hand + 1)
            for hand in self.config.hands]
        self.trials: list[grip.Trial] = []
        self.skipped_hands: set[Hand] = set()
        self.result: GripResult | None = None
        self._sequence = 0
        self._device: DeviceIdentity | None = None

    @property
    def current(self) -> tuple[Hand, int] | None:
        """The hand and trial number measured next (None when all are done)."""
        return self.plan[0] if self.plan else None

    # --- visitor actions -------------------------------------------------------------------

    def start(self) -> None:
        if self.state is State.IDLE:
            self._enter(State.POSTURE)

    def confirm_posture(self) -> bool:
        if self.state is not State.POSTURE:
            return False
        self._enter(State.READY)
        return True

    def begin_trial(self) -> bool:
        if self.state is not State.READY or self.current is None:
            return False
        self._request(DeviceKind.GRIP)
        return True

    def skip_hand(self) -> bool:
        """Leave out the current hand's remaining trials (pain, injury); recorded in the
        result's method.  Skipping every hand ends the workflow without a result."""
        if self.state not in (State.READY, State.MEASURE_AGAIN, State.DEVICE_ERROR):
            return False
        current = self.current
        if current is None:
            return False
        hand = current[0]
        self.skipped_hands.add(hand)
        self.plan = [step for step in self.plan if step[0] is not hand]
        self._attempt_succeeded()
        self._after_trial()
        return True

    def retry(self) -> bool:
        if not self._can_retry():
            return False
        self._request(DeviceKind.GRIP)
        return True

    def choose(self, key: str, *, actor: Actor | None = None) -> None:
        del actor  # nothing here is staff-only
        if key == "ready":
            self.confirm_posture()
        elif key == "start":
            self.begin_trial()
        elif key == "skip_hand":
            self.skip_hand()
        elif key == "retry":
            self.retry()

    def tick(self) -> None:
        """No timers in this protocol."""

    # --- device answers ---------------------------------------------------------------------

    def on_reading(self, reading: Reading) -> None:
        if not isinstance(reading, GripReading):
            self.on_device_error(ProtocolViolation(
                f"expected a grip reading, got {type(reading).__name__}"))
            return
        if not self._accept_device_answer() or self.current is None:
            return
        hand, number = self.current
        fault = plausibility.check("grip", reading.peak_force_kgf)
        self._sequence += 1
        # kgf as "kg": grip cut-offs (AWGS, NF100) and LOINC grip codes are stated in kg.
        self.sink.save(MeasurementRecord(
            kind=KIND, role="reading",
            values=(Value(f"grip_{hand.value}", reading.peak_force_kgf, "kg"),),
            station_time=self.clock.now(), status="implausible" if fault else "valid",
            sequence=self._sequence, device=reading.device, device_time=reading.device_time,
            frames=reading.frames,
            method={"hand": hand.value, "trial": number, "posture": self.config.posture.value,
                    "device_type": self.config.device_type,
                    "force_curve_kgf": list(reading.force_curve_kgf)},
            interpretation={"implausible": [fault.name]} if fault else {},
            provenance={"source": "device"}))
        if fault:
            self.implausible = (fault,)
            self._attempt_failed(State.MEASURE_AGAIN)
            return
        self._attempt_succeeded()
        self._device = reading.device
        self.trials.append(grip.Trial(hand, number, reading.peak_force_kgf))
        self.plan.pop(0)
        self._after_trial()

    def _after_trial(self) -> None:
        if self.plan:
            self._enter(State.READY)
        elif self.trials:
            self._complete()
        else:
            self._enter(State.CANCELLED)  # every hand skipped: nothing to report

    def _complete(self) -> None:
        summary = grip.summarize(self.trials, self.mass_kg)
        interpretation = grip.interpret(summary, self.sex, self.awgs_table)
        values: list[Value] = []
        for hand_summary in summary.hands:
            values += [Value(f"grip_{hand_summary.hand.value}_max", hand_summary.best_kg, "kg"),
                       Value(f"grip_{hand_summary.hand.value}_mean", hand_summary.mean_kg,
                             "kg")]
        values.append(Value("grip_max", summary.best_kg, "kg"))
        if summary.relative_pct is not None:
            values.append(Value("grip_relative", summary.relative_pct, "%"))
        method: dict[str, Any] = {
            "posture": self.config.posture.value, "device_type": self.config.device_type,
            "trials_per_hand": self.config.trials_per_hand,
            "skipped_hands": sorted(h.value for h in self.skipped_hands),
            "best_of": "max_of_all_trials", "body_mass_kg": self.mass_kg}
        record_id = self.sink.save(MeasurementRecord(
            kind=KIND, role="result", values=tuple(values), station_time=self.clock.now(),
            status="valid", device=self._device, method=method,
            interpretation=interpretation.as_json(), provenance={"source": "derived"}))
        self.result = GripResult(summary, interpretation, record_id,
                                 self._summary(summary, interpretation, record_id))
        self._enter(State.DONE)

    # --- what the screen shows -------------------------------------------------------------

    @property
    def prompt_key(self) -> str:
        if self.state in (State.CANCELLED, State.FAILED):
            return f"workflow.{self.state.value}"
        if self.state is State.DEVICE_ERROR:
            return f"device.{self.error_reason.value if self.error_reason else 'error'}"
        if self.state is State.POSTURE and self.config.posture is Posture.STANDING_ARM_DOWN:
            return "grip.posture_standing"
        if self.state is State.READY and self.current is not None:
            return f"grip.ready_{self.current[0].value}"
        return f"grip.{self.state.value}"

    def _choices(self) -> tuple[Choice, ...]:
        if self.state is State.POSTURE:
            return (Choice("ready", "준비됐어요", "Ready"),)
        if self.state is State.READY:
            return (Choice("start", "시작", "Start"),
                    Choice("skip_hand", "이 손은 건너뛰기", "Skip this hand"))
        if self.state in (State.DEVICE_ERROR, State.MEASURE_AGAIN):
            return (Choice("retry", "다시 재기", "Measure again"),
                    Choice("skip_hand", "이 손은 건너뛰기", "Skip this hand"))
        return ()

    def view(self) -> WorkflowView:
        prompt = prompts.PROMPTS.get(self.prompt_key) or prompts.PROMPTS["grip.measure_again"]
        error_ko, error_en = self._error_text()
        if self.state is State.MEASURE_AGAIN:
            error_ko, error_en = prompt.ko, prompt.en
        instruction_ko, instruction_en = ((error_ko, error_en)
                                          if self.state is State.DEVICE_ERROR
                                          else (prompt.ko, prompt.en))
        names = {Hand.RIGHT: "오른손", Hand.LEFT: "왼손"}
        return WorkflowView(
            step=self.state.value, instruction_ko=instruction_ko, instruction_en=instruction_en,
            speech_ko=prompt.speech_ko or instruction_ko, live_text=self.live_text,
            readings=tuple(f"{names[t.hand]} {t.number}회: {t.force_kg:.1f} kg"
                           for t in self.trials),
            error_ko=error_ko, error_en=error_en, choices=self._choices(),
            staff_alert=self.staff_alert is not None, finished=self.finished,
            result=self.result.summary if self.result else None)

    def _summary(self, summary: grip.GripSummary, interpretation: grip.GripInterpretation,
                 record_id: str) -> ResultSummary:
        names = {Hand.RIGHT: ("오른손", "Right hand"), Hand.LEFT: ("왼손", "Left hand")}
        lines = [ResultLine(f"{names[h.hand][0]} 최고", f"{names[h.hand][1]} best",
                            f"{h.best_kg:.1f}", "kg") for h in summary.hands]
        if summary.relative_pct is not None:
            lines.append(ResultLine("상대악력 (체중 대비)", "Relative grip",
                                    f"{summary.relative_pct:.1f}", "%"))
        explanation = interpretation.explanation
        speech = (f"가장 센 악력은 {prompts.number_words(summary.best_kg, 1)} "
                  f"킬로그램입니다. {explanation.ko}")
        return ResultSummary(
            kind=KIND, lines=tuple(lines),
            categories=(category_view(interpretation.awgs),) if interpretation.awgs else (),
            explanation_ko=explanation.ko, explanation_en=explanation.en, speech_ko=speech,
            measurement_id=record_id, trend_values=("grip_max",))
