"""Test data: realistic visits written through measurements.store (tests may import it)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from drivers.readings import DeviceIdentity, LinkKind
from measurements import store

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
STATION = "ST-0001"
BP_CUFF = DeviceIdentity("UA-651BLE", "A&D", "AA:BB:CC:00:00:01", LinkKind.BLE, "5140123",
                         "BLP008_d017")
SCALE = DeviceIdentity("DC-13C", "Tanita", "AA:BB:CC:00:00:02", LinkKind.BLE, "TN777", "1.2")
DYNAMOMETER = DeviceIdentity("T.K.K.5401", "Takei", "sim://grip", LinkKind.SIMULATED)


def add_calibration(db: Database, device: DeviceIdentity, kind: str, *, now: datetime = NOW,
                    result: str = "pass") -> str:
    device_id = store.record_device(db, device, kind, now=now)
    cal_id = f"cal-{device_id}-{now.date().isoformat()}"
    db.execute("INSERT OR IGNORE INTO calibrations (id, device_id, performed_at, technician_id,"
               " result, due_at) VALUES (?, ?, ?, 'tech-7', ?, ?)",
               [cal_id, device_id, now.isoformat(), result,
                (now + timedelta(days=180)).isoformat()])
    return cal_id


def full_visit(db: Database, *, member: str | None = "MBR-7F3A9C", now: datetime = NOW,
               rng: random.Random | None = None, close: bool = True, station: str = STATION,
               pose: bool = True) -> str:
    """A visit with BP (reading + result), body composition, grip and the pose tests."""
    rng = rng or random.Random(1)
    visitor = (store.get_or_create_member(db, member, now=now, sex="female", birth_year=1950)
               if member else store.create_guest(db, now=now, sex="male", birth_year=1948))
    visit = store.open_visit(db, visitor_id=visitor, station_id=station, now=now,
                             consent=store.Consent(True, True, False))
    sys_mmhg, dia_mmhg = rng.randint(100, 170), rng.randint(60, 100)
    records = [
        store.MeasurementRecord(
            kind="blood_pressure", role="reading", sequence=1, device=BP_CUFF, station_time=now,
            values=(store.Value("systolic", sys_mmhg, "mm[Hg]"),
                    store.Value("diastolic", dia_mmhg, "mm[Hg]"),
                    store.Value("pulse", rng.randint(55, 95), "/min"))),
        store.MeasurementRecord(
            kind="blood_pressure", role="result", device=BP_CUFF, station_time=now,
            values=(store.Value("systolic", sys_mmhg, "mm[Hg]"),
                    store.Value("diastolic", dia_mmhg, "mm[Hg]")),
            interpretation={"category": "normal", "table_id": "ksh-2022", "table_version": "1"}),
        store.MeasurementRecord(
            kind="body_composition", role="result", device=SCALE, station_time=now,
            values=(store.Value("mass", round(rng.uniform(45, 90), 1), "kg"),
                    store.Value("height", 158.2, "cm"), store.Value("bmi", 24.1, "kg/m2"),
                    store.Value("body_fat", 31.5, "%"), store.Value("waist", 84.0, "cm"))),
        store.MeasurementRecord(
            kind="grip", role="result", device=DYNAMOMETER, station_time=now,
            values=(store.Value("grip_right_max", 22.5, "kg"),
                    store.Value("grip_left_max", 20.0, "kg"), store.Value("grip_max", 22.5, "kg"))),
    ]
    if pose:
        records.append(store.MeasurementRecord(
            kind="fitness", role="result", station_time=now,
            method={"scorer_version": "pose-0.3"},
            values=(store.Value("chair_stand_30s", 12, "{count}"),
                    store.Value("timed_up_and_go", 9.4, "s"),
                    store.Value("step_2min", 71, "{count}"))))
    for record in records:
        store.save_measurement(db, station_id=station, visit_id=visit, record=record, now=now)
    if close:
        store.close_visit(db, visit, now=now + timedelta(minutes=12))
    return visit
