"""One entry point for every camera test: ``score(test, sequence, **options)``.

The kiosk workflow and ``lifelog-kiosk score`` both call this, so a file scored on the
command line goes through exactly the code a live test does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from measurements.pose.arm_curl import score_arm_curl_30s
from measurements.pose.chair_stand import score_chair_stand_30s, score_sit_to_stand_5x
from measurements.pose.landmarks import LandmarkSequence
from measurements.pose.one_leg import score_one_leg_stance
from measurements.pose.result import ScoreResult, TestKind
from measurements.pose.step import score_step_2min
from measurements.pose.tug import score_timed_up_and_go

SCORERS: dict[TestKind, Callable[..., ScoreResult]] = {
    TestKind.CHAIR_STAND_30S: score_chair_stand_30s,
    TestKind.SIT_TO_STAND_5X: score_sit_to_stand_5x,
    TestKind.TIMED_UP_AND_GO: score_timed_up_and_go,
    TestKind.STEP_2MIN: score_step_2min,
    TestKind.ONE_LEG_STANCE: score_one_leg_stance,
    TestKind.ARM_CURL_30S: score_arm_curl_30s,
}


def parse_test(name: str) -> TestKind:
    """A TestKind from its value (``chair_stand_30s``); ValueError lists the valid names.

    The command-line spelling with hyphens (``chair-stand-30s``) is accepted too.
    """
    try:
        return TestKind(name.strip().lower().replace("-", "_"))
    except ValueError:
        valid = ", ".join(t.value for t in TestKind)
        raise ValueError(f"unknown test {name!r}; one of: {valid}") from None


def score(test: TestKind | str, seq: LandmarkSequence, **options: Any) -> ScoreResult:
    kind = parse_test(test) if isinstance(test, str) else test
    return SCORERS[kind](seq, **options)
