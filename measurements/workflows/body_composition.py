"""Weight / height / body composition as a Qt-free state machine.

shared/reference/health-kiosk-anchors.md §3.2 and §6 item 5: BIA is not for people with a
pacemaker or other implanted electronics, and food, exercise and a shower/sauna shift the
result.  So: safety question first -- "yes" makes the scale request weight-only
(``device.request(SCALE, impedance=False)``) and any impedance-derived value a scale sends
anyway is discarded -- then the validity questions (stored as quality flags), height (if not
known), waist (optional), the scale, and BMI (KSSO classes) + abdominal obesity by waist.

Storage (see core.py): the scale reading is saved as role='reading' when it arrives, the
result (mass, height, BMI, waist, body fat) as role='result' right after; typed-in height and
waist are inputs, not device readings, and are stored only inside the result.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from drivers.errors import ProtocolViolation
from drivers.readings import BodyCompositionReading, DeviceKind, Reading
from measurements.clock import Clock
from measurements.interpretation import body, plausibility, wording
from measurements.interpretation.body import ValidityFlag
from measurements.norms.loader import NormsCatalog
from measurements.norms.model import Sex
from measurements.store import MeasurementRecord, Value
from measurements.workflows import prompts
from measurements.workflows.base import (
    AuditSink,
    Choice,
    DevicePort,
    NumericInput,
    RecordSink,
    ResultLine,
    ResultSummary,
    WorkflowView,
)
from measurements.workflows.core import Actor, CommonStates, WorkflowCore, category_view

KIND = "body_composition"


class State(enum.StrEnum):
    IDLE = "idle"
    SAFETY = "safety"  # pacemaker / implanted electronics?
    ASK_MEAL = "ask_meal"
    ASK_EXERCISE = "ask_exercise"
    ASK_SHOWER = "ask_shower"
    HEIGHT = "height"
    WAIST = "waist"
    MEASURING = "measuring"
    MEASURE_AGAIN = "measure_again"
    DEVICE_ERROR = "device_error"
    DONE = "done"
    CANCELLED = "cancelled"
    FAILED = "failed"


TERMINAL_STATES = frozenset({State.DONE, State.CANCELLED, State.FAILED})

# Body-composition fields a scale derives from impedance: never kept after the implant answer.
_IMPEDANCE_FIELDS = ("body_fat_pct", "impedance_ohm", "muscle_mass_kg", "fat_free_mass_kg",
                     "body_water_kg", "basal_metabolism_kj")
_READING_VALUES = (  # reading field -> stored value name, UCUM unit
    ("body_fat_pct", "body_fat", "%"),
    ("impedance_ohm", "impedance", "Ohm"),
    ("muscle_mass_kg", "muscle_mass", "kg"),
    ("fat_free_mass_kg", "fat_free_mass", "kg"),
    ("body_water_kg", "body_water", "kg"),
    ("basal_metabolism_kj", "basal_metabolism", "kJ"),
)
_QUESTIONS = {
    State.ASK_MEAL: (ValidityFlag.MEAL_WITHIN_3H, State.ASK_EXERCISE),
    State.ASK_EXERCISE: (ValidityFlag.EXERCISE_WITHIN_12H, State.ASK_SHOWER),
    State.ASK_SHOWER: (ValidityFlag.SHOWER_OR_SAUNA, State.HEIGHT),
}


@dataclass(frozen=True, slots=True)
class BodyConfig:
    max_attempts: int = 3
    bmi_table: str = "bmi-ksso"
    waist_table: str = "waist-ksso"
    ask_waist: bool = True


@dataclass(frozen=True, slots=True)
class BodyResult:
    mass_kg: float
    height_cm: float | None
    bmi_kg_m2: float | None
    waist_cm: float | None
    body_fat_pct: float | None
    interpretation: body.BodyInterpretation
    record_id: str
    impedance_skipped: bool
    summary: ResultSummary = field(repr=False)


class BodyCompositionWorkflow(WorkflowCore[State]):
    kind = KIND

    def __init__(self, *, device: DevicePort, sink: RecordSink, audit: AuditSink, clock: Clock,
                 norms: NormsCatalog, sex: Sex | None = None, height_cm: float | None = None,
                 config: BodyConfig | None = None,
                 staff_session: Callable[[], bool] = lambda: False) -> None:
        self.config = config or BodyConfig()
        super().__init__(
            device=device, sink=sink, audit=audit, clock=clock, initial=State.IDLE,
            states=CommonStates(State.MEASURING, State.MEASURE_AGAIN, State.DEVICE_ERROR,
                                State.DONE, State.CANCELLED, State.FAILED),
            terminal=TERMINAL_STATES, max_attempts=self.config.max_attempts,
            staff_session=staff_session)
        self.bmi_table = norms.bands(self.config.bmi_table)
        self.waist_table = norms.bands(self.config.waist_table)
        self.sex = sex
        # A height from the profile or a previous visit; a bad one is asked for again.
        self.height_cm = height_cm if height_cm and not plausibility.check(
            "height", height_cm) else None
        self.has_implant: bool | None = None
        self.flags: set[ValidityFlag] = set()
        self.waist_cm: float | None = None
        self.input_rejected = False  # the number typed in was implausible
        self.result: BodyResult | None = None
        self._sequence = 0

    @property
    def impedance_allowed(self) -> bool:
        return self.has_implant is False

    # --- visitor actions -------------------------------------------------------------------

    def start(self) -> None:
        if self.state is State.IDLE:
            self._enter(State.SAFETY)

    def answer_safety(self, has_implant: bool) -> bool:
        """Pacemaker / implanted electronics?  "Yes" means weight only, no impedance."""
        if self.state is not State.SAFETY:
            return False
        self.has_implant = has_implant
        if has_implant:
            self.flags.add(ValidityFlag.IMPEDANCE_SKIPPED_IMPLANT)
            # Without BIA the meal/exercise/shower answers change nothing: don't ask them.
            self._after_questions()
        else:
            self._enter(State.ASK_MEAL)
        return True

    def answer_validity(self, yes: bool) -> bool:
        """Answer the current validity question (meal 3 h / exercise / shower or sauna)."""
        if self.state not in _QUESTIONS:
            return False
        flag, following = _QUESTIONS[self.state]
        if yes:
            self.flags.add(flag)
        if following is State.HEIGHT:
            self._after_questions()
        else:
            self._enter(following)
        return True

    def enter_number(self, value: float | None) -> bool:
        """Height or waist in cm (None skips).  An implausible number is asked for again."""
        if self.state not in (State.HEIGHT, State.WAIST):
            return False
        name = "height" if self.state is State.HEIGHT else "waist"
        if value is not None and plausibility.check(name, value):
            self.input_rejected = True
            self.listeners.emit(self)
            return False
        self.input_rejected = False
        if self.state is State.HEIGHT:
            self.height_cm = value
            self._after_height()
        else:
            self.waist_cm = value
            self._measure()
        return True

    def retry(self) -> bool:
        if not self._can_retry():
            return False
        self._measure()
        return True

    def choose(self, key: str, *, actor: Actor | None = None) -> None:
        del actor  # nothing here is staff-only
        if self.state is State.SAFETY and key in ("yes", "no"):
            self.answer_safety(key == "yes")
        elif self.state in _QUESTIONS and key in ("yes", "no"):
            self.answer_validity(key == "yes")
        elif key == "skip":
            self.enter_number(None)
        elif key == "retry":
            self.retry()

    def tick(self) -> None:
        """No timers in this protocol."""

    # --- steps ----------------------------------------------------------------------------

    def _after_questions(self) -> None:
        if self.height_cm is None:
            self._enter(State.HEIGHT)
        else:
            self._after_height()

    def _after_height(self) -> None:
        if self.config.ask_waist:
            self._enter(State.WAIST)
        else:
            self._measure()

    def _measure(self) -> None:
        if self.impedance_allowed:
            self._request(DeviceKind.SCALE)
        else:
            self._request(DeviceKind.SCALE, impedance=False)

    def on_reading(self, reading: Reading) -> None:
        if not isinstance(reading, BodyCompositionReading):
            self.on_device_error(ProtocolViolation(
                f"expected a scale reading, got {type(reading).__name__}"))
            return
        if not self._accept_device_answer():
            return
        flags = sorted(f.value for f in self.flags)
        if not self.impedance_allowed and any(
                getattr(reading, name) is not None for name in _IMPEDANCE_FIELDS):
            # The scale sent BIA values although weight-only was requested: drop them and
            # say so (the technician must check that scale's weight-only mode).
            flags.append("impedance_values_discarded")
        height = self.height_cm
        if height is None and reading.height_m is not None:
            height = round(reading.height_m * 100.0, 1)
        kept = {name: getattr(reading, name) for name, _, _ in _READING_VALUES
                if self.impedance_allowed and getattr(reading, name) is not None}
        bmi = body.bmi(reading.mass_kg, height) if height else None
        faults = plausibility.check_all({
            "mass": reading.mass_kg, "bmi": bmi, "height": height,
            "body_fat": kept.get("body_fat_pct"), "impedance": kept.get("impedance_ohm")})
        status = "implausible" if faults else "valid"
        values = [Value("mass", reading.mass_kg, "kg")]
        values += [Value(stored, kept[name], unit) for name, stored, unit in _READING_VALUES
                   if name in kept]
        self._sequence += 1
        self.sink.save(MeasurementRecord(
            kind=KIND, role="reading", values=tuple(values), station_time=self.clock.now(),
            status=status, sequence=self._sequence, device=reading.device,
            device_time=reading.device_time,
            # Raw frames of a weight-only request are kept: they are the audit trail.
            frames=reading.frames, quality_flags=tuple(flags), method=self._method(),
            interpretation={"implausible": [f.name for f in faults]} if faults else {},
            provenance={"source": "device"}))
        if faults:
            self.implausible = faults
            self._attempt_failed(State.MEASURE_AGAIN)
            return
        self._attempt_succeeded()
        self._complete(reading, height, bmi, kept.get("body_fat_pct"), tuple(flags))

    def _method(self) -> dict[str, Any]:
        return {"impedance": self.impedance_allowed,
                "implanted_device_answer": self.has_implant,
                "validity_answers": {f.value: f in self.flags for f in ValidityFlag
                                     if f is not ValidityFlag.IMPEDANCE_SKIPPED_IMPLANT},
                "height_source": "entered" if self.height_cm is not None else "device"}

    def _complete(self, reading: BodyCompositionReading, height: float | None,
                  bmi: float | None, body_fat: float | None, flags: tuple[str, ...]) -> None:
        interpretation = body.interpret(
            bmi_kg_m2=bmi, waist_cm=self.waist_cm, sex=self.sex, bmi_table=self.bmi_table,
            waist_table=self.waist_table, flags=frozenset(self.flags))
        values = [Value("mass", reading.mass_kg, "kg")]
        for name, value, unit in (("height", height, "cm"), ("bmi", bmi, "kg/m2"),
                                  ("waist", self.waist_cm, "cm"), ("body_fat", body_fat, "%")):
            if value is not None:
                values.append(Value(name, value, unit))
        record_id = self.sink.save(MeasurementRecord(
            kind=KIND, role="result", values=tuple(values), station_time=self.clock.now(),
            status="valid", device=reading.device, quality_flags=flags, method=self._method(),
            interpretation=interpretation.as_json(), provenance={"source": "derived"}))
        self.result = BodyResult(
            reading.mass_kg, height, bmi, self.waist_cm, body_fat, interpretation, record_id,
            not self.impedance_allowed,
            self._summary(reading.mass_kg, height, bmi, body_fat=body_fat,
                          interpretation=interpretation, record_id=record_id))
        self._enter(State.DONE)

    # --- what the screen shows -------------------------------------------------------------

    @property
    def prompt_key(self) -> str:
        if self.state in (State.CANCELLED, State.FAILED):
            return f"workflow.{self.state.value}"
        if self.state is State.DEVICE_ERROR:
            return f"device.{self.error_reason.value if self.error_reason else 'error'}"
        if self.state is State.MEASURING and not self.impedance_allowed:
            return "body.measuring_weight_only"
        return f"body.{self.state.value}"

    def _choices(self) -> tuple[Choice, ...]:
        if self.state is State.SAFETY or self.state in _QUESTIONS:
            return (Choice("yes", "네", "Yes"), Choice("no", "아니요", "No"))
        if self.state in (State.HEIGHT, State.WAIST):
            return (Choice("skip", "건너뛰기", "Skip"),)
        if self.state in (State.DEVICE_ERROR, State.MEASURE_AGAIN):
            return (Choice("retry", "다시 재기", "Measure again"),)
        return ()

    def _numeric_input(self) -> NumericInput | None:
        if self.state is State.HEIGHT:
            limit = plausibility.LIMITS["height"]
            return NumericInput("height_cm", "키", "Height", "cm", limit.low, limit.high)
        if self.state is State.WAIST:
            limit = plausibility.LIMITS["waist"]
            return NumericInput("waist_cm", "허리둘레", "Waist", "cm", limit.low, limit.high)
        return None

    def view(self) -> WorkflowView:
        prompt = prompts.PROMPTS.get(self.prompt_key) or prompts.PROMPTS["body.measure_again"]
        error_ko, error_en = self._error_text()
        if self.state is State.MEASURE_AGAIN:
            error_ko, error_en = prompt.ko, prompt.en
        elif self.input_rejected:
            again = prompts.PROMPTS["body.input_again"]
            error_ko, error_en = again.ko, again.en
        instruction_ko, instruction_en = ((error_ko, error_en)
                                          if self.state is State.DEVICE_ERROR
                                          else (prompt.ko, prompt.en))
        return WorkflowView(
            step=self.state.value, instruction_ko=instruction_ko, instruction_en=instruction_en,
            speech_ko=prompt.speech_ko or instruction_ko, live_text=self.live_text,
            error_ko=error_ko, error_en=error_en, choices=self._choices(),
            staff_alert=self.staff_alert is not None, finished=self.finished,
            result=self.result.summary if self.result else None,
            numeric_input=self._numeric_input())

    def _summary(self, mass: float, height: float | None, bmi: float | None, *,
                 body_fat: float | None, interpretation: body.BodyInterpretation,
                 record_id: str) -> ResultSummary:
        lines = [ResultLine("체중", "Weight", f"{mass:.1f}", "kg")]
        if height is not None:
            lines.append(ResultLine("키", "Height", f"{height:.1f}", "cm"))
        if bmi is not None:
            lines.append(ResultLine("체질량지수 (BMI)", "BMI", f"{bmi:.1f}", "kg/m²"))
        if self.waist_cm is not None:
            lines.append(ResultLine("허리둘레", "Waist", f"{self.waist_cm:.1f}", "cm"))
        if body_fat is not None:
            lines.append(ResultLine("체지방률", "Body fat", f"{body_fat:.1f}", "%"))
        categories = tuple(category_view(c) for c in (interpretation.bmi, interpretation.waist)
                           if c is not None)
        explanation = interpretation.explanation
        ko, en = explanation.ko, explanation.en
        if interpretation.bia_caveat and body_fat is not None:
            ko, en = f"{ko} {wording.BIA_CAVEAT.ko}", f"{en} {wording.BIA_CAVEAT.en}"
        speech = f"체중은 {prompts.number_words(mass, 1)} 킬로그램입니다. "
        if bmi is not None and interpretation.bmi is not None:
            speech += (f"체질량지수는 {prompts.number_words(bmi, 1)}, "
                       f"{interpretation.bmi.category.ko}입니다. ")
        return ResultSummary(
            kind=KIND, lines=tuple(lines), categories=categories, explanation_ko=ko,
            explanation_en=en, speech_ko=speech + ko, measurement_id=record_id,
            trend_values=("mass", "bmi"))
