"""Grades against the sourced tables in assets/norms (Rikli & Jones ranges, SPPB bands)."""

from dataclasses import replace

import pytest

from measurements.norms.loader import load_directory
from measurements.norms.model import Sex
from measurements.pose.grading import grade
from measurements.pose.result import ScoreResult, TestKind


@pytest.fixture(scope="module")
def catalog():
    return load_directory()


def _result(test, score, **method):
    return ScoreResult(test, score, "{count}", True, 0.9, method=method)


@pytest.mark.parametrize(("score", "category"), [
    (9, "below_normal_range"), (12, "normal_range"), (18, "above_normal_range")])
def test_chair_stand_women_70_74_range_10_to_15(catalog, score, category):
    # anchors §2.1: 30-s chair stand, women 70-74: 10-15
    got = grade(_result(TestKind.CHAIR_STAND_30S, score), catalog, sex=Sex.FEMALE, age_years=72)
    assert got.category.code == category
    assert got.table.id == "sft-rikli-jones"


def test_sit_to_stand_5x_uses_sppb_points(catalog):
    # anchors §2.2: <11.2 s = 4 points; 13.7-16.6 s = 2 points
    assert grade(_result(TestKind.SIT_TO_STAND_5X, 10.5), catalog, sex=None,
                 age_years=None).category.code == "points_4"
    assert grade(_result(TestKind.SIT_TO_STAND_5X, 15.0), catalog, sex=None,
                 age_years=None).category.code == "points_2"


def test_8_ft_up_and_go_is_graded_but_3_m_tug_is_not(catalog):
    eight_ft = _result(TestKind.TIMED_UP_AND_GO, 5.0, course_m=2.44)
    assert grade(eight_ft, catalog, sex=Sex.MALE, age_years=66).table.id == "sft-rikli-jones"
    three_m = _result(TestKind.TIMED_UP_AND_GO, 5.0, course_m=3.0)
    assert grade(three_m, catalog, sex=Sex.MALE, age_years=66) is None


def test_no_grade_for_invalid_scores_unknown_people_or_untabled_tests(catalog):
    ok = _result(TestKind.CHAIR_STAND_30S, 12)
    assert grade(replace(ok, valid=False), catalog, sex=Sex.MALE, age_years=70) is None
    assert grade(ok, catalog, sex=None, age_years=70) is None
    assert grade(ok, catalog, sex=Sex.MALE, age_years=50) is None  # table starts at 60
    assert grade(_result(TestKind.ONE_LEG_STANCE, 20.0), catalog, sex=Sex.MALE,
                 age_years=70) is None
