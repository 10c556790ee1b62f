"""``lifelog-kiosk demo`` (kiosk/demo.py + kiosk/demo_staff.py), issue #7 acceptance: after
the visitor walk it walks a staff assessment and a technician calibration through the real
screens, writes a PNG per screen and the report PDF, and stores the calibration and the
audit trail.  The camera item is left out here (tests/kiosk/staff/test_camera_test.py covers
that screen; `lifelog-kiosk demo` runs it on the sample video)."""

import json
import sqlite3
from pathlib import Path

import pytest

from kiosk import config, lockout
from kiosk.demo import run_demo
from kiosk.demo_staff import DEMO_ACCOUNTS, SCALE_POINTS, STAFF_ID, TECHNICIAN_ID

STAFF_SCREENS = {"staff-sign-in", "staff-home", "staff-participant", "staff-battery",
                 "staff-measure", "staff-manual", "staff-summary"}
TECHNICIAN_SCREENS = {"tech-devices", "tech-diagnostics", "tech-calibration",
                      "tech-calibration-log"}


@pytest.fixture(scope="module")
def demo_run(qapp, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Path, dict]:
    out = tmp_path_factory.mktemp("demo")
    code = run_demo(out, measurements=(), camera=False)
    return code, out, json.loads((out / "demo-report.json").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_demo_writes_staff_and_technician_screenshots_and_the_report(demo_run) -> None:
    code, out, report = demo_run
    assert code == 0  # no Hangul rendered as a box on any screen
    screens = {shot["screen"] for shot in report["screens"]}
    assert screens >= STAFF_SCREENS | TECHNICIAN_SCREENS
    new_files = report["new_files"]
    assert {s["file"] for s in report["screens"]
            if s["screen"] in STAFF_SCREENS | TECHNICIAN_SCREENS} <= set(new_files)
    for name in new_files:
        assert (out / name).stat().st_size > 0, name
    pdf = Path(report["assessment"]["report_pdf"])
    assert pdf.parent == out.resolve() and pdf.name in new_files
    assert pdf.read_bytes().startswith(b"%PDF")
    assert report["assessment"]["camera"] == {"skipped": "not requested"}


@pytest.mark.slow
def test_demo_stores_the_assessment_calibration_and_audit_trail(demo_run) -> None:
    _, out, report = demo_run
    db = sqlite3.connect(out / "demo-station.db")
    visit_id = report["assessment"]["visit_id"]
    assert db.execute("SELECT mode, status FROM visits WHERE id = ?",
                      [visit_id]).fetchone() == ("staff", "completed")
    kinds = {k for (k,) in db.execute("SELECT kind FROM measurements WHERE visit_id = ?"
                                      " AND role = 'result'", [visit_id])}
    assert {"grip", "body_composition", "chair_sit_and_reach"} <= kinds
    # the range check refused the typo (55 cm); only the corrected value was stored
    assert [v for (v,) in db.execute(
        "SELECT v.value FROM measurement_values v JOIN measurements m ON m.id ="
        " v.measurement_id WHERE m.visit_id = ? AND m.kind = 'chair_sit_and_reach'",
        [visit_id])] == [-3.5]

    calibration_id = report["calibration"]["calibration_id"]
    technician, device, result, points, serials = db.execute(
        "SELECT technician_id, device_id, result, points, reference_serials FROM calibrations"
        " WHERE id = ?", [calibration_id]).fetchone()
    scale = config.simulated().device("scale")
    assert (technician, device, result) == (TECHNICIAN_ID, lockout.device_id(scale), "pass")
    assert [(p["reference"], p["measured"]) for p in json.loads(points)] == list(SCALE_POINTS)
    assert len(json.loads(serials)) == len(SCALE_POINTS)

    audit = db.execute("SELECT actor_id, action, subject FROM audit_log ORDER BY id").fetchall()
    for row in [(STAFF_ID, "sign_in", None), (STAFF_ID, "assessment_participant_added", visit_id),
                (STAFF_ID, "manual_entry", visit_id), (STAFF_ID, "report_exported", visit_id),
                (STAFF_ID, "sign_out", None), (TECHNICIAN_ID, "sign_in", None),
                (TECHNICIAN_ID, "calibration", lockout.device_id(scale)),
                (TECHNICIAN_ID, "sign_out", None)]:
        assert row in audit, row
    detail = db.execute("SELECT detail FROM audit_log WHERE action = 'calibration' AND"
                        " actor_id = ?", [TECHNICIAN_ID]).fetchone()[0]
    assert json.loads(detail)["calibration_id"] == calibration_id
    # PINs are never logged
    pins = {pin for _, pin in DEMO_ACCOUNTS.values()}
    for (text,) in db.execute("SELECT detail FROM audit_log"):
        detail = json.loads(text)
        assert not any("pin" in key.lower() for key in detail), detail
        assert not pins & {str(value) for value in detail.values()}, detail


def test_a_station_has_no_default_staff_accounts(station) -> None:
    """The demo's accounts live in the demo database only: a built station has none."""
    assert station.ctx.db.execute("SELECT count(*) FROM staff_accounts").fetchone()[0] == 0
