"""KSSO 2022 BMI classes (18.5 / 23 / 25 / 30 / 35) and abdominal obesity (90 / 85 cm),
at every boundary.  Source: shared/reference/health-kiosk-anchors.md §3.2
(https://www.jomes.org/journal/view.html?volume=32&number=2&spage=121)."""

from __future__ import annotations

import pytest

from measurements.interpretation import body
from measurements.norms import NormsCatalog, Sex

BMI = [
    (10.0, "underweight"),
    (18.4, "underweight"),
    (18.49, "underweight"),
    (18.5, "normal"),
    (22.9, "normal"),
    (22.99, "normal"),
    (23.0, "pre_obesity"),
    (24.9, "pre_obesity"),
    (25.0, "obesity_class1"),
    (29.9, "obesity_class1"),
    (30.0, "obesity_class2"),
    (34.9, "obesity_class2"),
    (35.0, "obesity_class3"),
    (60.0, "obesity_class3"),
]


@pytest.mark.parametrize(("value", "expected"), BMI)
def test_ksso_bmi(norms: NormsCatalog, value: float, expected: str) -> None:
    result = norms.bands("bmi-ksso").classify("bmi", value)
    assert result is not None
    assert result.category.code == expected
    assert (result.table.id, result.table.version) == ("bmi-ksso", "2022.1")


WAIST = [
    (Sex.MALE, 89.9, "normal"),
    (Sex.MALE, 90.0, "abdominal_obesity"),
    (Sex.FEMALE, 84.9, "normal"),
    (Sex.FEMALE, 85.0, "abdominal_obesity"),
    (Sex.MALE, 85.0, "normal"),  # the women's cut-off does not apply to men
]


@pytest.mark.parametrize(("sex", "waist", "expected"), WAIST)
def test_ksso_waist(norms: NormsCatalog, sex: Sex, waist: float, expected: str) -> None:
    result = norms.bands("waist-ksso").classify("waist", waist, sex)
    assert result is not None
    assert result.category.code == expected


def test_waist_needs_sex(norms: NormsCatalog) -> None:
    assert norms.bands("waist-ksso").classify("waist", 100.0, None) is None


@pytest.mark.parametrize(("mass", "height", "expected"), [
    (72.3, 170.0, 25.0),  # 25.017 -> shown and classified as 25.0
    (66.5, 170.0, 23.0),  # 23.01
    (66.4, 170.0, 23.0),  # 22.976 rounds up: the value shown is the value classified
    (53.4, 170.0, 18.5),
])
def test_bmi_rounds_to_one_decimal(mass: float, height: float, expected: float) -> None:
    assert body.bmi(mass, height) == expected


def test_bmi_rejects_zero_height() -> None:
    with pytest.raises(ValueError, match="height"):
        body.bmi(70.0, 0.0)


def test_interpret_collects_both_and_the_caveat(norms: NormsCatalog) -> None:
    result = body.interpret(bmi_kg_m2=23.0, waist_cm=86.0, sex=Sex.FEMALE,
                            bmi_table=norms.bands("bmi-ksso"),
                            waist_table=norms.bands("waist-ksso"),
                            flags=frozenset({body.ValidityFlag.MEAL_WITHIN_3H}))
    assert result.bmi is not None and result.bmi.category.code == "pre_obesity"
    assert result.waist is not None and result.waist.category.code == "abdominal_obesity"
    assert result.bia_caveat
    data = result.as_json()
    assert data["category"] == "pre_obesity"
    assert data["waist"]["table_id"] == "waist-ksso"
    assert "참고" in data["explanation_ko"]


def test_implant_flag_alone_is_no_bia_caveat(norms: NormsCatalog) -> None:
    result = body.interpret(bmi_kg_m2=21.0, waist_cm=None, sex=None,
                            bmi_table=norms.bands("bmi-ksso"),
                            waist_table=norms.bands("waist-ksso"),
                            flags=frozenset({body.ValidityFlag.IMPEDANCE_SKIPPED_IMPLANT}))
    assert not result.bia_caveat
    assert result.waist is None
