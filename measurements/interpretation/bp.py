"""Blood pressure: averaging, the re-measure rule, staff-alert rule, classification.  Pure.

Protocol (KSH 2018 Table 1, https://clinicalhypertension.biomedcentral.com/articles/10.1186/s40885-019-0124-x/tables/1,
shared/reference/health-kiosk-anchors.md §3.1): at least two readings 1-2 min apart,
averaged; a further reading when the first two differ by more than 10 mmHg; with an
arrhythmia, at least three readings.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from measurements.interpretation import wording
from measurements.norms.model import BpTable, Classification

# "differ by more than 10 mmHg" (systolic or diastolic) -> a third reading.
THIRD_READING_DIFFERENCE_MMHG = 10.0
# Staff alert at >= 180 systolic or >= 110 diastolic: ESH grade 3 / the severe band, where a
# kiosk must not leave the visitor alone with a number (anchors §6 item 4: "≥180/110 → staff
# alert").
ALERT_SYSTOLIC_MMHG = 180.0
ALERT_DIASTOLIC_MMHG = 110.0
# 국민체력100 excludes anyone whose on-site BP is >= 160/100 from the fitness tests
# (https://silverin.kr/bbs/board.php?bo_table=tl_news&wr_id=1324; anchors §3.1).
FITNESS_GATE_SYSTOLIC_MMHG = 160.0
FITNESS_GATE_DIASTOLIC_MMHG = 100.0


class Averaging(enum.StrEnum):
    ALL = "all"  # mean of every valid reading
    # ESH 2018 §4.2 (and ESH 2023): when more readings are taken, record the mean of the last
    # two -- the first reading is the one most raised by the alerting reaction.
    LAST_TWO = "last_two"


class AlertReason(enum.StrEnum):
    SEVERE_BP = "bp_at_or_above_180_110"
    IRREGULAR_PULSE = "irregular_pulse"


@dataclass(frozen=True, slots=True)
class BpValues:
    systolic_mmhg: float
    diastolic_mmhg: float
    pulse_bpm: float | None = None
    irregular_pulse: bool = False


def differ_too_much(first: BpValues, second: BpValues,
                    limit_mmhg: float = THIRD_READING_DIFFERENCE_MMHG) -> bool:
    """True when systolic or diastolic differ by MORE than ``limit_mmhg`` (10 is not enough)."""
    return (abs(first.systolic_mmhg - second.systolic_mmhg) > limit_mmhg
            or abs(first.diastolic_mmhg - second.diastolic_mmhg) > limit_mmhg)


def needs_another_reading(readings: Sequence[BpValues], *, minimum: int = 2,
                          maximum: int = 3) -> bool:
    """Whether the protocol asks for one more valid reading after ``readings``."""
    if len(readings) < minimum:
        return True
    if len(readings) >= maximum:
        return False
    # KSH: with an arrhythmia take >= 3 readings; otherwise only when the first two disagree.
    return differ_too_much(readings[0], readings[1]) or any(r.irregular_pulse for r in readings)


def average(readings: Sequence[BpValues], averaging: Averaging = Averaging.LAST_TWO
            ) -> BpValues:
    """The protocol result: the mean, rounded to 0.1 mmHg (and 0.1 /min).

    Raises:
        ValueError: no readings.
    """
    if not readings:
        raise ValueError("no readings to average")
    used = readings[-2:] if averaging is Averaging.LAST_TWO and len(readings) > 2 else readings
    pulses = [r.pulse_bpm for r in used if r.pulse_bpm is not None]
    return BpValues(
        round(sum(r.systolic_mmhg for r in used) / len(used), 1),
        round(sum(r.diastolic_mmhg for r in used) / len(used), 1),
        round(sum(pulses) / len(pulses), 1) if pulses else None,
        any(r.irregular_pulse for r in readings),
    )


def alert_reasons(values: BpValues) -> tuple[AlertReason, ...]:
    """Why staff must be called for this reading (empty when they need not)."""
    reasons: list[AlertReason] = []
    if (values.systolic_mmhg >= ALERT_SYSTOLIC_MMHG
            or values.diastolic_mmhg >= ALERT_DIASTOLIC_MMHG):
        reasons.append(AlertReason.SEVERE_BP)
    if values.irregular_pulse:
        reasons.append(AlertReason.IRREGULAR_PULSE)
    return tuple(reasons)


def clears_fitness_gate(values: BpValues) -> bool:
    """False when the BP is too high for the physical-fitness tests today (>= 160/100)."""
    return (values.systolic_mmhg < FITNESS_GATE_SYSTOLIC_MMHG
            and values.diastolic_mmhg < FITNESS_GATE_DIASTOLIC_MMHG)


@dataclass(frozen=True, slots=True)
class BpInterpretation:
    primary: Classification  # KSH
    secondary: tuple[Classification, ...]  # ACC/AHA, ESH
    isolated_systolic: bool
    explanation: wording.Explanation
    fitness_gate_clear: bool = True

    def as_json(self) -> dict[str, Any]:
        data = self.primary.as_json()
        data["isolated_systolic"] = self.isolated_systolic
        data["fitness_gate_clear"] = self.fitness_gate_clear
        data["secondary"] = [c.as_json() for c in self.secondary]
        data["explanation_ko"] = self.explanation.ko
        return data


def interpret(values: BpValues, primary: BpTable, secondary: Sequence[BpTable] = ()
              ) -> BpInterpretation:
    """Classify by the primary table (KSH) and the secondary tables (shown beside it)."""
    main = primary.classify(values.systolic_mmhg, values.diastolic_mmhg)
    explanation = wording.explain(wording.BLOOD_PRESSURE, main.category.code)
    if alert_reasons(values):
        explanation = wording.STAFF_ALERT
    return BpInterpretation(
        main,
        tuple(t.classify(values.systolic_mmhg, values.diastolic_mmhg) for t in secondary),
        primary.is_isolated_systolic(values.systolic_mmhg, values.diastolic_mmhg),
        explanation,
        clears_fitness_gate(values),
    )
