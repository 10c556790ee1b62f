"""Grade a camera-test score against the sourced norm tables (assets/norms/).

* SFT (Rikli & Jones) normal ranges: 30-s chair stand, 30-s arm curl, 2-min step, 8-ft
  up-and-go (``sft-rikli-jones``; ages 60-94).
* SPPB bands: 5x chair stand time (``sppb``).
* No table is applied to the 3 m TUG or the one-leg stance: the anchors give a single TUG
  cut-off (>= 13.5 s, one trial protocol) and one-leg means, not graded ranges, so those
  scores are shown without a category rather than with an unsourced one.
"""

from __future__ import annotations

from measurements.norms.loader import NormsCatalog
from measurements.norms.model import Classification, Sex
from measurements.pose.result import ScoreResult, TestKind
from measurements.pose.tug import COURSE_SFT_8FT_M

SFT_TABLE = "sft-rikli-jones"
SPPB_TABLE = "sppb"
SFT_TESTS = {
    TestKind.CHAIR_STAND_30S: "chair_stand_30s",
    TestKind.ARM_CURL_30S: "arm_curl_30s",
    TestKind.STEP_2MIN: "step_2min",
}


def grade(result: ScoreResult, catalog: NormsCatalog, *, sex: Sex | None,
          age_years: int | None) -> Classification | None:
    """The category of a valid score, or None (invalid, no score, no table, age/sex unknown)."""
    if not result.valid or result.score is None:
        return None
    if result.test is TestKind.SIT_TO_STAND_5X:
        return catalog.bands(SPPB_TABLE).classify("chair_stand_5x_time", result.score, sex)
    if sex is None or age_years is None:
        return None
    name = SFT_TESTS.get(result.test)
    if result.test is TestKind.TIMED_UP_AND_GO:
        course = result.method.get("course_m")
        if not isinstance(course, float) or abs(course - COURSE_SFT_8FT_M) > 0.05:
            return None
        name = "up_and_go_8ft"
    if name is None:
        return None
    return catalog.normal_ranges(SFT_TABLE).classify(name, result.score, sex, age_years)
