"""History queries over real stored results (workflows run against an in-memory DB)."""

from __future__ import annotations

from datetime import datetime

import pytest

from measurements import history
from measurements.database import open_database
from measurements.norms import NormsCatalog, load_directory
from measurements.workflows.blood_pressure import (
    POSTURE_CHECKLIST,
    Arm,
    BloodPressureWorkflow,
    BpConfig,
)
from tests.measurements.workflows.helpers import Station, bp, new_station
from tests.measurements.workflows.scenarios import run_body, run_bp, run_grip

MEMBER = "mbr_Zk3-pseudonym"


@pytest.fixture(scope="module")
def norms() -> NormsCatalog:
    return load_directory()


@pytest.fixture
def visits(norms: NormsCatalog) -> tuple[Station, Station, Station]:
    """A member's two visits a month apart (18:30 UTC = 03:30 KST next day) and a guest."""
    db = open_database(None)
    first = new_station(member=MEMBER, db=db)
    first.clock.advance(9.5 * 3600)  # 2026-11-22 18:30 UTC
    run_bp(first, norms, (134, 86), (130, 84))
    run_body(first, norms, 70.0, height_cm=170.0)
    first.clock.advance(30 * 86400)
    second = new_station(member=MEMBER, db=db, clock=first.clock)
    run_bp(second, norms, (122, 80), (120, 78))
    run_body(second, norms, 68.0, height_cm=170.0, waist_cm=88.0)
    run_grip(second, norms, 30.0, 28.0, 31.0, 27.0, mass_kg=68.0)
    guest = new_station(db=db, clock=first.clock)
    run_bp(guest, norms, (150, 95), (152, 96))
    return first, second, guest


def test_trend_per_value_oldest_first(visits: tuple[Station, Station, Station]) -> None:
    first, second, _ = visits
    points = history.trend(first.db, visitor_id=first.visitor_id, kind="blood_pressure",
                           names=("systolic", "diastolic"))
    assert [(p.visit_id, p.value) for p in points["systolic"]] == [
        (first.visit_id, 132.0), (second.visit_id, 121.0)]
    assert [p.value for p in points["diastolic"]] == [85.0, 79.0]
    # stored in UTC, shown in Korea time: 18:30 UTC on 22 Nov is 03:30 KST on 23 Nov
    assert points["systolic"][0].date_label == "11/23"
    assert points["systolic"][0].station_time.utcoffset() is not None


def test_trend_excludes_other_visitors_and_readings(visits: tuple[Station, Station, Station]
                                                    ) -> None:
    first, _, guest = visits
    points = history.trend(first.db, visitor_id=first.visitor_id, kind="blood_pressure",
                           names=("systolic",))
    assert 151.0 not in [p.value for p in points["systolic"]]  # the guest's result
    assert len(points["systolic"]) == 2  # results only, not the four single readings
    guest_points = history.trend(first.db, visitor_id=guest.visitor_id,
                                 kind="blood_pressure", names=("systolic",))
    assert [p.value for p in guest_points["systolic"]] == [151.0]


def test_previous_visits_only(visits: tuple[Station, Station, Station]) -> None:
    first, second, _ = visits
    earlier = history.results(first.db, visitor_id=first.visitor_id, kind="body_composition",
                              before_visit_id=second.visit_id)
    assert [r.visit_id for r in earlier] == [first.visit_id]
    assert earlier[0].values["mass"] == (70.0, "kg")
    assert earlier[0].interpretation["table_id"] == "bmi-ksso"


def test_latest_value_for_prefill(visits: tuple[Station, Station, Station]) -> None:
    first, _, guest = visits
    assert history.latest_value(first.db, visitor_id=first.visitor_id,
                                kind="body_composition", name="mass") == 68.0
    assert history.latest_value(first.db, visitor_id=first.visitor_id,
                                kind="body_composition", name="height") == 170.0
    assert history.latest_value(first.db, visitor_id=guest.visitor_id,
                                kind="body_composition", name="mass") is None


def test_visits_for_the_history_screen(visits: tuple[Station, Station, Station]) -> None:
    first, second, _ = visits
    found = history.visits(first.db, visitor_id=first.visitor_id)
    assert [v.visit_id for v in found] == [second.visit_id, first.visit_id]  # newest first
    assert [r.kind for r in found[0].results] == ["blood_pressure", "body_composition", "grip"]
    assert found[1].started_at < found[0].started_at
    assert found[0].results[2].values["grip_max"] == (31.0, "kg")
    assert found[0].results[0].date_text.startswith("2026년 12월")


def test_implausible_and_unfinished_never_show(norms: NormsCatalog) -> None:
    station = new_station(member=MEMBER)
    wf = BloodPressureWorkflow(device=station.device, sink=station.recorder,
                               audit=station.recorder, clock=station.clock, norms=norms,
                               config=BpConfig(rest_s=0.0))
    wf.start()
    wf.confirm_posture(Arm.RIGHT, POSTURE_CHECKLIST)
    wf.on_reading(bp(station.clock, 300, 80))  # implausible, stored flagged
    wf.retry()
    wf.on_reading(bp(station.clock, 120, 80))  # one valid reading, then cancelled
    wf.cancel()
    assert len(station.rows()) == 2
    assert history.visits(station.db, visitor_id=station.visitor_id) == []
    assert history.trend(station.db, visitor_id=station.visitor_id, kind="blood_pressure",
                         names=("systolic",)) == {"systolic": []}


def test_display_names() -> None:
    assert history.display_name("systolic") == "최고 혈압"
    assert history.display_name("systolic", "en") == "Systolic"
    assert history.display_name("unknown_value") == "unknown_value"
    assert history.display_unit("bmi") == "kg/m²"


def test_kst_conversion() -> None:
    assert history.KST.utcoffset(datetime(2026, 7, 1)) is not None
