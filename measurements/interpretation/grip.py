"""Grip strength: best and mean per hand, relative grip, the AWGS 2019 low-grip flag.  Pure.

Protocols differ (anchors §2.4): AWGS uses the maximum of the trials; Jamar convention
averages three trials per hand; 국민체력100 uses relative grip (grip / body weight x 100).
The raw trials are stored with hand, posture and device type so any of them can be
recomputed later; this module computes all three.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from measurements.interpretation import wording
from measurements.norms.model import BandsTable, Classification, Sex


class Hand(enum.StrEnum):
    RIGHT = "right"
    LEFT = "left"


class Posture(enum.StrEnum):
    SEATED_ELBOW_90 = "seated_elbow_90"  # AWGS / Jamar (ASHT) position
    STANDING_ARM_DOWN = "standing_arm_down"  # Smedley-type tests (e.g. 국민체력100)


@dataclass(frozen=True, slots=True)
class Trial:
    hand: Hand
    number: int  # 1-based within the hand
    force_kg: float


@dataclass(frozen=True, slots=True)
class HandSummary:
    hand: Hand
    best_kg: float
    mean_kg: float
    trials: int


@dataclass(frozen=True, slots=True)
class GripSummary:
    hands: tuple[HandSummary, ...]
    best_kg: float  # the maximum over both hands (AWGS)
    relative_pct: float | None  # best / body mass x 100 (NF100 상대악력), None without mass


def summarize(trials: Sequence[Trial], mass_kg: float | None = None) -> GripSummary:
    """Best and mean per hand (rounded to 0.1 kg), overall best, relative grip.

    Raises:
        ValueError: no trials.
    """
    if not trials:
        raise ValueError("no grip trials")
    hands: list[HandSummary] = []
    for hand in Hand:
        forces = [t.force_kg for t in trials if t.hand is hand]
        if forces:
            hands.append(HandSummary(hand, max(forces), round(sum(forces) / len(forces), 1),
                                     len(forces)))
    best = max(h.best_kg for h in hands)
    relative = round(best / mass_kg * 100.0, 1) if mass_kg else None
    return GripSummary(tuple(hands), best, relative)


@dataclass(frozen=True, slots=True)
class GripInterpretation:
    awgs: Classification | None  # None when the visitor's sex is unknown
    explanation: wording.Explanation

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = self.awgs.as_json() if self.awgs else {}
        data["explanation_ko"] = self.explanation.ko
        return data


def interpret(summary: GripSummary, sex: Sex | None, awgs_table: BandsTable
              ) -> GripInterpretation:
    """AWGS 2019 low grip: maximum < 28 kg (men) / < 18 kg (women)."""
    awgs = awgs_table.classify("grip_max", summary.best_kg, sex)
    explanation = (wording.explain(wording.GRIP, awgs.category.code) if awgs
                   else wording.NO_CATEGORY)
    return GripInterpretation(awgs, explanation)
