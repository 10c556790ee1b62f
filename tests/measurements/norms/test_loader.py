"""Norm tables: the shipped files load and cite their source; malformed files fail naming the
file and the field; an official table dropped in later (same schema) is picked up."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

from measurements.norms import (
    DEFAULT_DIRECTORY,
    NormsCatalog,
    NormsTableError,
    Sex,
    load_directory,
    load_table,
)

SHIPPED = {"bp-ksh", "bp-acc-aha", "bp-esh", "bmi-ksso", "waist-ksso", "awgs", "sppb",
           "sft-rikli-jones"}


def test_shipped_tables_load_with_source_version_and_citation(norms: NormsCatalog) -> None:
    assert set(norms.ids()) == SHIPPED
    for table_id in SHIPPED:
        info = norms.get(table_id).info
        assert info.ref.id == table_id
        assert info.ref.version
        assert info.source
        assert info.citation_url.startswith("http")
        assert Path(info.path).parent == DEFAULT_DIRECTORY


def test_lookup_of_the_wrong_kind_or_id_is_clear(norms: NormsCatalog) -> None:
    with pytest.raises(TypeError, match="bmi-ksso"):
        norms.bp("bmi-ksso")
    with pytest.raises(KeyError, match="nf100"):
        norms.get("nf100-senior")


# --- Rikli & Jones SFT normal ranges (anchors §2.1) -----------------------------------------


@pytest.mark.parametrize(("test", "sex", "age", "value", "expected"), [
    ("chair_stand_30s", Sex.MALE, 60, 13, "below_normal_range"),
    ("chair_stand_30s", Sex.MALE, 64, 14, "normal_range"),  # range ends are within
    ("chair_stand_30s", Sex.MALE, 64, 19, "normal_range"),
    ("chair_stand_30s", Sex.MALE, 64, 20, "above_normal_range"),
    ("chair_stand_30s", Sex.FEMALE, 65, 10, "below_normal_range"),  # 65-69 W: 11-16
    ("chair_stand_30s", Sex.FEMALE, 65, 11, "normal_range"),
    ("arm_curl_30s", Sex.FEMALE, 92, 4, "below_normal_range"),  # 90-94 W: 5-12
    ("step_2min", Sex.MALE, 77, 111, "above_normal_range"),  # 75-79 M: 80-110
    # 8-ft up-and-go is timed: lower is better.  70-74 W: 7.1-4.9 s
    ("up_and_go_8ft", Sex.FEMALE, 72, 7.2, "below_normal_range"),
    ("up_and_go_8ft", Sex.FEMALE, 72, 7.1, "normal_range"),
    ("up_and_go_8ft", Sex.FEMALE, 72, 4.9, "normal_range"),
    ("up_and_go_8ft", Sex.FEMALE, 72, 4.8, "above_normal_range"),
])
def test_sft_normal_ranges(  # noqa: PLR0917 - one parameter per table column
        norms: NormsCatalog, test: str, sex: Sex, age: int, value: float, expected: str
) -> None:
    result = norms.normal_ranges("sft-rikli-jones").classify(test, value, sex, age)
    assert result is not None
    assert result.category.code == expected
    assert result.table.id == "sft-rikli-jones"


def test_sft_outside_the_age_bands(norms: NormsCatalog) -> None:
    table = norms.normal_ranges("sft-rikli-jones")
    assert table.classify("chair_stand_30s", 15, Sex.MALE, 59) is None
    assert table.classify("chair_stand_30s", 15, Sex.MALE, 95) is None
    row = table.row_for("step_2min", Sex.FEMALE, 94)
    assert row is not None and (row.low, row.high) == (52, 87)


@pytest.mark.parametrize(("measure", "seconds", "points"), [
    ("chair_stand_5x_time", 11.19, "points_4"), ("chair_stand_5x_time", 11.2, "points_3"),
    ("chair_stand_5x_time", 13.6, "points_3"), ("chair_stand_5x_time", 13.7, "points_2"),
    ("chair_stand_5x_time", 16.6, "points_2"), ("chair_stand_5x_time", 16.61, "points_1"),
    ("gait_4m_time", 4.81, "points_4"), ("gait_4m_time", 4.82, "points_3"),
    ("gait_4m_time", 6.2, "points_3"), ("gait_4m_time", 6.21, "points_2"),
    ("gait_4m_time", 8.70, "points_2"), ("gait_4m_time", 8.71, "points_1"),
    ("total", 6, "low"), ("total", 7, "moderate"), ("total", 9, "moderate"),
    ("total", 10, "high"), ("total", 12, "high"),
])
def test_sppb_points(norms: NormsCatalog, measure: str, seconds: float, points: str) -> None:
    result = norms.bands("sppb").classify(measure, seconds)
    assert result is not None and result.category.code == points


# --- loading and validation ------------------------------------------------------------


def _copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copy(DEFAULT_DIRECTORY / name, target)
    return target


def _write_toml_edit(tmp_path: Path, source: str, old: str, new: str) -> Path:
    text = (DEFAULT_DIRECTORY / source).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / source
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(("source", "old", "new", "field"), [
    ("bmi-ksso-2022.toml", 'version = "2022.1"\n', "", "version"),
    ("bmi-ksso-2022.toml", "min = 23.0", 'min = "23"', "measures.bmi.all[2].min"),
    ("bmi-ksso-2022.toml", "min = 25.0", "min = 20.0", "measures.bmi.all[3].min"),
    ("bmi-ksso-2022.toml", 'colour = "info"', 'colour = "red"', "measures.bmi.all[2].colour"),
    ("bp-ksh-2018.toml", "systolic_min = 140\ndiastolic_min = 90",
     "systolic_min = 140\ndiastolic_min = 90\ndiastolic_above = 90",
     "categories[3].diastolic_min"),
    ("bp-ksh-2018.toml", 'code = "elevated"', 'code = "normal"', "categories"),
    ("bp-ksh-2018.toml", 'citation_url = "https', 'citation_url = "ftp', "citation_url"),
    ("waist-ksso-2022.toml", "[[measures.waist.female]]", "[[measures.waist.all]]",
     "measures.waist.all"),
    ("sft-rikli-jones.toml", 'sex = "female"', 'sex = "woman"',
     "tests.chair_stand_30s.rows[1].sex"),
    ("sft-rikli-jones.toml", "age_min = 65", "age_min = 64",
     "tests.chair_stand_30s.rows[2].age_min"),
    ("sft-rikli-jones.toml", "low = 14\nhigh = 19", "low = 19\nhigh = 14",
     "tests.chair_stand_30s.rows[0].high"),
    ("awgs-2019.toml", 'schema = "bands/1"', 'schema = "bands/9"', "schema"),
])
def test_malformed_table_names_file_and_field(tmp_path: Path, source: str, old: str, new: str,
                                              field: str) -> None:
    path = _write_toml_edit(tmp_path, source, old, new)
    with pytest.raises(NormsTableError) as caught:
        load_table(path)
    assert caught.value.path == str(path)
    assert caught.value.field == field
    assert str(path) in str(caught.value) and field in str(caught.value)


def test_not_toml_at_all(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("id = [unclosed\n", encoding="utf-8")
    with pytest.raises(NormsTableError, match=r"broken\.toml: not valid TOML"):
        load_table(path)


def test_directory_error_names_the_bad_file(tmp_path: Path) -> None:
    _copy(tmp_path, "bp-ksh-2018.toml")
    (tmp_path / "zz-bad.json").write_text('{"schema": "bands/1", "id": "x"}', encoding="utf-8")
    with pytest.raises(NormsTableError, match=r"zz-bad\.json: version"):
        load_directory(tmp_path)


def test_duplicate_table_id_is_refused(tmp_path: Path) -> None:
    _copy(tmp_path, "bp-ksh-2018.toml")
    shutil.copy(DEFAULT_DIRECTORY / "bp-ksh-2018.toml", tmp_path / "bp-ksh-copy.toml")
    with pytest.raises(NormsTableError, match="also defined in"):
        load_directory(tmp_path)


def test_an_official_table_dropped_in_later_is_loaded(tmp_path: Path) -> None:
    """E.g. the 국민체력100 senior table once KSPO provides it (anchors §2.3): same schema,
    any file name, TOML or JSON.  The numbers below are placeholders for the test only."""
    _copy(tmp_path, "sft-rikli-jones.toml")
    official = {
        "schema": "normal_ranges/1", "id": "nf100-senior", "version": "2025.1",
        "source": "KSPO 체력인증 등급별 기준 (placeholder for the test)",
        "citation_url": "https://nfa.kspo.or.kr/",
        "labels": {
            "below": {"code": "below", "ko": "낮음", "en": "Below", "colour": "caution",
                      "icon": "caution"},
            "within": {"code": "within", "ko": "보통", "en": "Within", "colour": "normal",
                       "icon": "ok"},
            "above": {"code": "above", "ko": "좋음", "en": "Above", "colour": "normal",
                      "icon": "ok"}},
        "tests": {"relative_grip": {
            "unit": "%", "higher_is_better": True, "ko": "상대악력", "en": "Relative grip",
            "rows": [{"sex": "male", "age_min": 65, "age_max": 69, "low": 40, "high": 50}]}},
    }
    (tmp_path / "nf100-senior.json").write_text(json.dumps(official, ensure_ascii=False),
                                                encoding="utf-8")
    catalog = load_directory(tmp_path)
    assert catalog.ids() == ["nf100-senior", "sft-rikli-jones"]
    result = catalog.normal_ranges("nf100-senior").classify("relative_grip", 51, Sex.MALE, 66)
    assert result is not None
    assert (result.category.code, result.table.version) == ("above", "2025.1")


def test_sft_file_matches_the_reference_table() -> None:
    """Spot-check the generated file against rows of anchors §2.1 (men 60-64, women 90-94)."""
    data = tomllib.loads((DEFAULT_DIRECTORY / "sft-rikli-jones.toml").read_text("utf-8"))
    rows = {(name, r["sex"], r["age_min"]): (r["low"], r["high"])
            for name, test in data["tests"].items() for r in test["rows"]}
    assert rows["chair_stand_30s", "male", 60] == (14, 19)
    assert rows["arm_curl_30s", "female", 90] == (5, 12)
    assert rows["step_2min", "male", 85] == (65, 92)
    assert rows["up_and_go_8ft", "male", 90] == (6.2, 10.0)
    assert len(rows) == 4 * 7 * 2
