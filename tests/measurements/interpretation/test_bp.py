"""Every category boundary of the shipped BP tables, at and either side of the boundary.

Expected categories are transcribed from shared/reference/health-kiosk-anchors.md §3.1:
KSH 2018 (https://link.springer.com/doi/10.1186/s40885-019-0121-0), ACC/AHA 2017
(https://www.msdmanuals.com/en-pt/home/multimedia/table/classification-of-blood-pressure-in-adults),
ESH 2023 (secondary summary, https://m3india.in/contents/editor_pick/esh-2023-hypertension-guidelines).
"""

from __future__ import annotations

import pytest

from measurements.interpretation import bp
from measurements.norms import NormsCatalog

KSH = [
    # systolic, diastolic, category
    (119, 79, "normal"),
    (119.9, 79.9, "normal"),
    (120, 79, "elevated"),
    (129, 79, "elevated"),
    (119, 80, "prehypertension"),  # diastolic 80 alone
    (130, 79, "prehypertension"),
    (139, 89, "prehypertension"),
    (140, 89, "hypertension_grade1"),
    (139, 90, "hypertension_grade1"),
    (159, 99, "hypertension_grade1"),
    (160, 99, "hypertension_grade2"),
    (159, 100, "hypertension_grade2"),
    (200, 120, "hypertension_grade2"),
    (100, 85, "prehypertension"),  # the higher of the two categories applies
]

ACC_AHA = [
    (119, 79, "normal"),
    (120, 79, "elevated"),
    (129, 79, "elevated"),
    (129, 80, "stage1"),
    (130, 79, "stage1"),
    (139, 89, "stage1"),
    (140, 89, "stage2"),
    (139, 90, "stage2"),
    (180, 120, "stage2"),  # crisis is ">180 and/or >120": 180/120 itself is not
    (181, 100, "severe"),
    (150, 121, "severe"),
    (180.5, 100, "severe"),
]

ESH = [
    (119, 79, "optimal"),
    (120, 79, "normal"),
    (119, 80, "normal"),
    (129, 84, "normal"),
    (130, 84, "high_normal"),
    (129, 85, "high_normal"),
    (139, 89, "high_normal"),
    (140, 89, "grade1"),
    (139, 90, "grade1"),
    (159, 99, "grade1"),
    (160, 99, "grade2"),
    (159, 100, "grade2"),
    (179, 109, "grade2"),
    (180, 109, "grade3"),
    (179, 110, "grade3"),
]


@pytest.mark.parametrize(("systolic", "diastolic", "expected"), KSH)
def test_ksh(norms: NormsCatalog, systolic: float, diastolic: float, expected: str) -> None:
    result = norms.bp("bp-ksh").classify(systolic, diastolic)
    assert result.category.code == expected
    assert (result.table.id, result.table.version) == ("bp-ksh", "2018.1")


@pytest.mark.parametrize(("systolic", "diastolic", "expected"), ACC_AHA)
def test_acc_aha(norms: NormsCatalog, systolic: float, diastolic: float, expected: str) -> None:
    assert norms.bp("bp-acc-aha").classify(systolic, diastolic).category.code == expected


@pytest.mark.parametrize(("systolic", "diastolic", "expected"), ESH)
def test_esh(norms: NormsCatalog, systolic: float, diastolic: float, expected: str) -> None:
    assert norms.bp("bp-esh").classify(systolic, diastolic).category.code == expected


@pytest.mark.parametrize(("systolic", "diastolic", "isolated"), [
    (140, 89, True), (139, 89, False), (140, 90, False), (180, 70, True)])
def test_isolated_systolic(norms: NormsCatalog, systolic: float, diastolic: float,
                           isolated: bool) -> None:
    assert norms.bp("bp-ksh").is_isolated_systolic(systolic, diastolic) is isolated
    values = bp.BpValues(systolic, diastolic)
    assert bp.interpret(values, norms.bp("bp-ksh")).isolated_systolic is isolated


@pytest.mark.parametrize(("first", "second", "differ"), [
    ((120, 80), (130, 80), False), ((120, 80), (131, 80), True), ((120, 80), (110, 80), False),
    ((120, 80), (109, 80), True), ((120, 80), (120, 90), False), ((120, 80), (120, 91), True),
    ((120, 80), (120, 69), True)])
def test_differ_too_much_is_strictly_more_than_10(first: tuple[int, int],
                                                  second: tuple[int, int], differ: bool) -> None:
    assert bp.differ_too_much(bp.BpValues(*first), bp.BpValues(*second)) is differ


def test_needs_another_reading() -> None:
    a, b, far = bp.BpValues(120, 80), bp.BpValues(122, 81), bp.BpValues(140, 80)
    assert bp.needs_another_reading([])
    assert bp.needs_another_reading([a])
    assert not bp.needs_another_reading([a, b])
    assert bp.needs_another_reading([a, far])
    assert not bp.needs_another_reading([a, far, b])  # at most three
    assert bp.needs_another_reading([bp.BpValues(120, 80, irregular_pulse=True), b])


def test_average_rounds_and_keeps_irregular_flag() -> None:
    readings = [bp.BpValues(121, 80, 70, True), bp.BpValues(124, 81, None),
                bp.BpValues(125, 82, 73)]
    assert bp.average(readings[:2]) == bp.BpValues(122.5, 80.5, 70.0, True)
    assert bp.average(readings, bp.Averaging.LAST_TWO) == bp.BpValues(124.5, 81.5, 73.0, True)
    assert bp.average(readings, bp.Averaging.ALL) == bp.BpValues(123.3, 81.0, 71.5, True)
    with pytest.raises(ValueError, match="no readings"):
        bp.average([])


@pytest.mark.parametrize(("systolic", "diastolic", "irregular", "reasons"), [
    (179, 109, False, ()),
    (180, 60, False, (bp.AlertReason.SEVERE_BP,)),
    (120, 110, False, (bp.AlertReason.SEVERE_BP,)),
    (120, 80, True, (bp.AlertReason.IRREGULAR_PULSE,)),
    (185, 115, True, (bp.AlertReason.SEVERE_BP, bp.AlertReason.IRREGULAR_PULSE)),
])
def test_alert_reasons(systolic: float, diastolic: float, irregular: bool,
                       reasons: tuple[bp.AlertReason, ...]) -> None:
    assert bp.alert_reasons(bp.BpValues(systolic, diastolic, None, irregular)) == reasons


def test_wording_is_reference_never_diagnosis(norms: NormsCatalog) -> None:
    for systolic, diastolic, _ in KSH:
        result = bp.interpret(bp.BpValues(systolic, diastolic), norms.bp("bp-ksh"),
                              [norms.bp("bp-acc-aha"), norms.bp("bp-esh")])
        assert "참고" in result.explanation.ko
        assert "진단" not in result.explanation.ko
        assert "입니다" not in result.primary.category.ko  # labels name a range, not a disease
        data = result.as_json()
        assert data["table_id"] == "bp-ksh"
        assert [s["table_id"] for s in data["secondary"]] == ["bp-acc-aha", "bp-esh"]


@pytest.mark.parametrize(("systolic", "diastolic", "clear"), [
    (159, 99, True), (160, 80, False), (130, 100, False), (159.9, 99.9, True)])
def test_fitness_gate_at_160_100(norms: NormsCatalog, systolic: float, diastolic: float,
                                 clear: bool) -> None:
    values = bp.BpValues(systolic, diastolic)
    assert bp.clears_fitness_gate(values) is clear
    assert bp.interpret(values, norms.bp("bp-ksh")).as_json()["fitness_gate_clear"] is clear
