"""Weight, height, BMI, waist and body fat (Korea: KSSO 2022).  Pure.

Source: shared/reference/health-kiosk-anchors.md §3.2.  KSSO gives no %fat bands for older
adults (and NF100's are not public), so body fat is reported as a value without a category.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from measurements.interpretation import wording
from measurements.norms.model import BandsTable, Classification, Sex


class ValidityFlag(enum.StrEnum):
    """BIA validity conditions the visitor was asked about (anchors §3.2); stored as
    quality flags so a later reader knows the body-composition values may be off."""

    MEAL_WITHIN_3H = "meal_within_3h"  # no food for 3-4 h
    EXERCISE_WITHIN_12H = "exercise_within_12h"  # no exercise for 6-12 h
    SHOWER_OR_SAUNA = "shower_or_sauna_just_before"  # no shower or sauna just before
    IMPEDANCE_SKIPPED_IMPLANT = "impedance_skipped_implant"  # pacemaker / implanted device


def bmi(mass_kg: float, height_cm: float) -> float:
    """Body-mass index, rounded to 0.1 kg/m2 -- the value shown is the value classified, so
    22.96 is shown AND classified as 23.0.

    Raises:
        ValueError: height is not positive.
    """
    if height_cm <= 0:
        raise ValueError("height must be positive")
    height_m = height_cm / 100.0
    return round(mass_kg / (height_m * height_m), 1)


@dataclass(frozen=True, slots=True)
class BodyInterpretation:
    bmi: Classification | None
    waist: Classification | None  # None without a waist or without the visitor's sex
    explanation: wording.Explanation
    bia_caveat: bool  # a validity condition was not met: values may be off

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = self.bmi.as_json() if self.bmi else {}
        if self.waist is not None:
            data["waist"] = self.waist.as_json()
        data["explanation_ko"] = self.explanation.ko
        data["bia_caveat"] = self.bia_caveat
        return data


def interpret(*, bmi_kg_m2: float | None, waist_cm: float | None, sex: Sex | None,
              bmi_table: BandsTable, waist_table: BandsTable,
              flags: frozenset[ValidityFlag] = frozenset()) -> BodyInterpretation:
    """Classify BMI (KSSO classes) and waist (abdominal obesity, sex-specific)."""
    bmi_class = bmi_table.classify("bmi", bmi_kg_m2) if bmi_kg_m2 is not None else None
    waist_class = (waist_table.classify("waist", waist_cm, sex)
                   if waist_cm is not None else None)
    explanation = (wording.explain(wording.BMI, bmi_class.category.code) if bmi_class
                   else wording.NO_CATEGORY)
    caveat = bool(flags - {ValidityFlag.IMPEDANCE_SKIPPED_IMPLANT})
    return BodyInterpretation(bmi_class, waist_class, explanation, caveat)
