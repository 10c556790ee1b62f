"""``lifelog-kiosk export --fhir VISIT_ID | --all``: valid Bundles out, every export audited,
plain messages (never a traceback) for a wrong visit id or database path."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.cli import main
from measurements import store
from measurements.database import open_database
from tests.sync.visits import NOW, full_visit

STATION = "SIM-STATION-01"  # kiosk.config.simulated(): the tests never read a real config


@pytest.fixture
def station_db(tmp_path: Path) -> tuple[Path, list[str]]:
    """A station database with two closed visits and one visit without measurements."""
    path = tmp_path / "station.db"
    db = open_database(path)
    visits = [full_visit(db, member=f"MBR-{i}", station=STATION,
                         now=NOW + timedelta(minutes=i)) for i in range(2)]
    guest = store.create_guest(db, now=NOW, sex="male", birth_year=1950)
    empty = store.open_visit(db, visitor_id=guest, station_id=STATION, now=NOW,
                             consent=store.Consent(True, True, False))
    store.close_visit(db, empty, now=NOW, status="abandoned")  # nothing measured: no Bundle
    db.close()
    return path, visits


def _exports(path: Path) -> list[tuple[str, str, str, dict]]:
    db = open_database(path)
    rows = db.execute("SELECT actor_role, action, subject, detail FROM audit_log"
                      " WHERE action = 'fhir_export' ORDER BY id").fetchall()
    db.close()
    return [(r[0], r[1], r[2], json.loads(r[3])) for r in rows]


def test_one_visit_to_a_file_is_a_valid_bundle_and_audited(station_db, tmp_path, capsys) -> None:
    path, visits = station_db
    out = tmp_path / "visit.json"
    assert main(["export", "--db", str(path), "--fhir", visits[1], "--out", str(out)]) == 0
    (bundle,) = json.loads(out.read_text(encoding="utf-8"))
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "transaction"
    assert bundle["identifier"]["value"] == f"{STATION}/{visits[1]}/bundle"
    types = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert types.count("Encounter") == 1 and "Observation" in types
    assert "1 bundle(s) written" in capsys.readouterr().out
    ((role, _, subject, detail),) = _exports(path)
    assert (role, subject) == ("operator", visits[1])
    assert detail["bundles"] == 1 and detail["visits"] == [visits[1]]
    assert detail["to"] == str(out)


def test_all_visits_to_stdout_oldest_first_and_audited(station_db, capsys) -> None:
    path, visits = station_db
    assert main(["export", "--db", str(path), "--all"]) == 0
    bundles = json.loads(capsys.readouterr().out)
    assert [b["identifier"]["value"] for b in bundles] == [
        f"{STATION}/{v}/bundle" for v in visits]
    ((_, _, subject, detail),) = _exports(path)
    assert subject == "all" and detail["visits"] == visits and detail["to"] == "stdout"
    # the audit says what left the station, never the measured values
    assert "mm[Hg]" not in json.dumps(detail) and "MBR-" not in json.dumps(detail)


def test_unknown_visit_is_a_message_and_nothing_is_audited(station_db, capsys) -> None:
    path, _ = station_db
    assert main(["export", "--db", str(path), "--fhir", "no-such-visit"]) == 2
    err = capsys.readouterr().err
    assert "no visit 'no-such-visit'" in err and "Traceback" not in err
    assert _exports(path) == []


def test_a_missing_database_is_not_created(tmp_path, capsys) -> None:
    missing = tmp_path / "typo.db"
    assert main(["export", "--db", str(missing), "--all"]) == 2
    assert "no such database" in capsys.readouterr().err
    assert not missing.exists()
