"""What every scorer returns: the score, the event times behind it, confidence, validity."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class TestKind(enum.StrEnum):
    __test__ = False  # not a pytest test class, despite the name
    CHAIR_STAND_30S = "chair_stand_30s"  # SFT 30-s chair stand: full stands
    SIT_TO_STAND_5X = "sit_to_stand_5x"  # SPPB 5x chair stand: seconds
    TIMED_UP_AND_GO = "timed_up_and_go"  # TUG (3 m) / SFT 8-ft up-and-go: seconds
    STEP_2MIN = "step_2min"  # SFT 2-min step: right-knee raises
    ONE_LEG_STANCE = "one_leg_stance"  # eyes open, seconds to foot-down, cap 120 s
    ARM_CURL_30S = "arm_curl_30s"  # SFT 30-s arm curl: full curls


class InvalidReason(enum.StrEnum):
    """Why an automated score must not be reported as is (staff may still confirm/edit)."""

    TRACKER_JUMPED = "tracker_jumped"  # the skeleton jumped to another person (bystander)
    PERSON_LEFT_FRAME = "person_left_frame"  # lost for longer than a short dropout
    BODY_NOT_IN_FRAME = "body_not_in_frame"  # key landmarks outside the image
    LOW_FRAME_RATE = "low_frame_rate"  # too few frames per second to time the events
    POOR_TRACKING = "poor_tracking"  # too many frames without a person
    ARMS_USED = "arms_used"  # chair stand: pushed up with the hands (SFT: arms crossed)
    INCOMPLETE = "incomplete"  # the test did not run to its end / was not finished
    NOT_STARTED = "not_started"  # no movement of the kind the test needs
    TOO_SHORT = "too_short"  # recording shorter than the test window


@dataclass(frozen=True, slots=True)
class Event:
    """One timed event behind a score, e.g. ("stand", 3.42) or ("foot_down", 17.9)."""

    name: str
    t_s: float  # seconds from the start of the test (the "go" signal)


@dataclass(frozen=True, slots=True)
class ScoreResult:
    test: TestKind
    score: float | None  # None only when nothing could be scored at all
    unit: str  # UCUM: {count}, s
    valid: bool
    confidence: float  # 0..1: detection rate x landmark visibility x frame-rate margin
    events: tuple[Event, ...] = ()
    invalid_reasons: tuple[InvalidReason, ...] = ()
    flags: tuple[str, ...] = ()  # notes that do not invalidate: "incomplete_stand@12.3"
    method: dict[str, Any] = field(default_factory=dict)  # protocol, course length, side...

    def as_json(self) -> dict[str, Any]:
        return {
            "test": self.test.value,
            "score": self.score,
            "unit": self.unit,
            "valid": self.valid,
            "confidence": round(self.confidence, 3),
            "events": [{"name": e.name, "t_s": round(e.t_s, 3)} for e in self.events],
            "invalid_reasons": [r.value for r in self.invalid_reasons],
            "flags": list(self.flags),
            "method": dict(self.method),
        }
