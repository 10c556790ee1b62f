from datetime import UTC, datetime, timedelta

import pytest

from drivers.readings import DeviceIdentity, LinkKind, RawFrame
from measurements import store
from measurements.database import open_database

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
DEVICE = DeviceIdentity("UA-651BLE", "A&D", "AA:BB", LinkKind.BLE, "SN9", "BLP008_d017")


@pytest.fixture
def db():
    return open_database(None)


def _visit(db) -> str:
    visitor = store.get_or_create_member(db, "card:ABC123", now=NOW, sex="female",
                                         birth_year=1950)
    return store.open_visit(db, visitor_id=visitor, station_id="ST1", now=NOW,
                            consent=store.Consent(True, True, False))


def test_measurement_values_frames_and_outbox_row_are_stored_together(db) -> None:
    visit = _visit(db)
    frames = (RawFrame("2a35", bytes.fromhex("1e8a0058007800"), NOW),
              RawFrame("2a36", b"\x00\x01", NOW + timedelta(seconds=1)))
    record = store.MeasurementRecord(
        kind="blood_pressure", role="reading", sequence=1, device=DEVICE,
        values=(store.Value("systolic", 138, "mm[Hg]"), store.Value("diastolic", 88, "mm[Hg]")),
        station_time=NOW, device_time=NOW - timedelta(seconds=3), frames=frames,
        quality_flags=("irregular_pulse",), method={"arm": "left"},
    )
    mid = store.save_measurement(db, station_id="ST1", visit_id=visit, record=record, now=NOW)
    row = db.execute("SELECT device_model, device_firmware, raw_frames, quality_flags, method"
                     " FROM measurements WHERE id = ?", [mid]).fetchone()
    assert row[0:2] == ("UA-651BLE", "BLP008_d017")
    assert store.unpack_frames(row[2]) == frames
    assert row[3] == '["irregular_pulse"]' and row[4] == '{"arm": "left"}'
    values = dict(db.execute("SELECT name, value FROM measurement_values WHERE"
                             " measurement_id = ?", [mid]).fetchall())
    assert values == {"systolic": 138.0, "diastolic": 88.0}
    outbox = db.execute("SELECT item_key, kind, ref_id, state FROM sync_outbox").fetchall()
    assert outbox == [(f"ST1/{visit}/blood_pressure/{mid}", "measurement", mid, "queued")]


def test_a_failing_save_leaves_neither_measurement_nor_outbox_row(db) -> None:
    visit = _visit(db)
    record = store.MeasurementRecord(
        kind="grip", role="reading", station_time=NOW,
        values=(store.Value("grip", 20, "kg"), store.Value("grip", 21, "kg")),  # duplicate name
    )
    with pytest.raises(Exception, match="UNIQUE"):
        store.save_measurement(db, station_id="ST1", visit_id=visit, record=record, now=NOW)
    assert db.execute("SELECT count(*) FROM measurements").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM sync_outbox").fetchone()[0] == 0


def test_closing_a_visit_queues_the_encounter_once(db) -> None:
    visit = _visit(db)
    store.save_measurement(db, station_id="ST1", visit_id=visit, now=NOW, record=store.MeasurementRecord(
        kind="grip", role="reading", station_time=NOW, values=(store.Value("grip", 20, "kg"),)))
    store.close_visit(db, visit, now=NOW)
    store.close_visit(db, visit, now=NOW)
    rows = db.execute("SELECT kind FROM sync_outbox ORDER BY id").fetchall()
    assert rows == [("measurement",), ("visit",)]


def test_audit_log_is_append_only(db) -> None:
    store.audit(db, actor_role="staff", actor_id="S1", action="override", now=NOW)
    with pytest.raises(Exception, match="append-only"):
        db.execute("DELETE FROM audit_log")
    with pytest.raises(Exception, match="append-only"):
        db.execute("UPDATE audit_log SET action = 'x'")


def test_visitors_table_has_no_place_for_names_or_phone_numbers(db) -> None:
    columns = {c.name for c in db["visitors"].columns}
    assert columns == {"id", "member_pseudonym", "kind", "sex", "birth_year", "created_at"}


def test_database_pragmas(tmp_path) -> None:
    db = open_database(tmp_path / "s.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
