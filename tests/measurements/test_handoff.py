"""Receipt lines and QR payload: the visit's results, and nothing that identifies the person."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlparse

import pytest

from measurements import handoff
from measurements.database import open_database
from measurements.norms import NormsCatalog, load_directory
from tests.measurements.workflows.helpers import STATION, Station, new_station
from tests.measurements.workflows.scenarios import run_body, run_bp, run_grip

MEMBER = "mbr_Q7x-secret-pseudonym"


@pytest.fixture(scope="module")
def norms() -> NormsCatalog:
    return load_directory()


@pytest.fixture
def visit(norms: NormsCatalog) -> Station:
    db = open_database(None)
    earlier = new_station(member=MEMBER, db=db)
    run_bp(earlier, norms, (150, 95), (150, 95))  # an earlier visit must not appear
    earlier.clock.advance(7 * 86400)
    station = new_station(member=MEMBER, db=db, clock=earlier.clock)
    run_bp(station, norms, (136, 84), (132, 82))
    run_body(station, norms, 72.3, height_cm=170.0, waist_cm=91.0)
    run_grip(station, norms, 30.0, 26.0, 31.5, 27.0, mass_kg=72.3)
    return station


def _identifiers(station: Station) -> list[str]:
    return [MEMBER, MEMBER[4:], station.visit_id, station.visit_id[:8]]


def test_receipt_lines(visit: Station) -> None:
    lines = handoff.receipt_lines(visit.db, visit_id=visit.visit_id, station_id=STATION)
    text = "\n".join(lines)
    assert lines[0] == "건강 측정 결과 (참고용)"
    assert "측정일: 2026년 11월 29일" in text
    assert f"측정 장소: {STATION}" in text
    assert "  최고 혈압: 134 mmHg" in lines
    assert "  최저 혈압: 83 mmHg" in lines
    assert "  분류: 고혈압 전단계 (대한고혈압학회 기준)" in lines
    assert "  체중: 72.3 kg" in lines
    assert "  체질량지수: 25.0 kg/m²" in lines
    assert "  분류: 1단계 비만 범위 (대한비만학회 기준)" in lines
    assert "  분류: 복부비만 범위 (대한비만학회 기준)" in lines
    assert "  최고 악력: 31.5 kg" in lines
    assert "  상대악력: 43.6 %" in lines
    assert "150" not in text  # the earlier visit's values
    assert "이 결과는 참고용이며 진단이 아닙니다." in lines
    assert sum("참고용 결과입니다" in line for line in lines) == 3  # one explanation per kind


def test_qr_payload_content(visit: Station) -> None:
    payload = handoff.qr_payload(visit.db, visit_id=visit.visit_id, visit_code="K7Q2M9")
    assert payload.isascii()
    data = json.loads(payload)
    assert data["v"] == 1
    assert data["c"] == "K7Q2M9"
    assert data["d"] == "2026-11-29"
    kinds = {item["k"]: item for item in data["r"]}
    assert set(kinds) == {"bp", "body", "grip"}
    assert kinds["bp"]["systolic"] == 134 and kinds["bp"]["diastolic"] == 83
    assert kinds["bp"]["cat"] == "prehypertension"
    assert kinds["bp"]["cat_t"] == "bp-ksh@2018.1"
    assert kinds["body"]["bmi"] == 25.0
    assert kinds["body"]["waist_cat"] == "abdominal_obesity"
    assert kinds["grip"]["grip_max"] == 31.5
    assert kinds["grip"]["cat"] == "normal"
    assert all(item["d"] == "2026-11-29" for item in data["r"])
    assert len(payload) < 600  # fits a QR code readable from a kiosk screen


def test_qr_payload_as_url(visit: Station) -> None:
    url = handoff.qr_payload(visit.db, visit_id=visit.visit_id, visit_code="ABCDEF",
                             base_url="https://health.example.kr/r")
    parsed = urlparse(url)
    assert parsed.netloc == "health.example.kr"
    assert json.loads(parse_qs(parsed.query)["r"][0])["c"] == "ABCDEF"


def test_nothing_identifying_leaks(visit: Station) -> None:
    receipt = "\n".join(handoff.receipt_lines(visit.db, visit_id=visit.visit_id,
                                              station_id=STATION))
    payload = handoff.qr_payload(visit.db, visit_id=visit.visit_id)
    for text in (receipt, payload):
        for identifier in _identifiers(visit):
            assert identifier not in text
        assert not re.search(r"\d{6}-?\d{7}", text)  # resident registration number shape
        assert not re.search(r"01[016789]-?\d{3,4}-?\d{4}", text)  # mobile number shape
    data = json.loads(payload)
    assert set(data) == {"v", "c", "d", "r"}
    keys = {key for item in data["r"] for key in item}
    assert not {k for k in keys if re.search(r"id|visitor|member|name|phone|birth|sex", k)}


def test_visit_code_is_random_and_unambiguous() -> None:
    codes = {handoff.new_visit_code() for _ in range(50)}
    assert len(codes) == 50
    for code in codes:
        assert len(code) == handoff.CODE_LENGTH
        assert not set(code) & set("01OIL")


def test_a_visit_without_results(norms: NormsCatalog) -> None:
    station = new_station(member=MEMBER)
    lines = handoff.receipt_lines(station.db, visit_id=station.visit_id, station_id=STATION)
    assert lines[0] == "건강 측정 결과 (참고용)"
    assert not any(line.startswith("[") for line in lines)
    data = json.loads(handoff.qr_payload(station.db, visit_id=station.visit_id))
    assert data["r"] == [] and data["d"] is None
