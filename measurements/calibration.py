"""Calibration checks, the calibration log, and the lockout of overdue or failed devices.

A technician loads a device with reference loads (known weights on a scale, known loads on a
grip/force gauge, a reference manometer on a BP cuff's static-pressure mode).  Each point
passes when the device's reading is within the tolerance; the check passes when every
point does.  The result is logged with the technician, the reference serials and a due
date; a device whose newest check failed, or whose due date has passed, or that was never
checked, is locked out: visitors see "under maintenance", staff see why.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlite_utils import Database

from measurements import store


@dataclass(frozen=True, slots=True)
class Tolerance:
    """Allowed |reading - reference|: the larger of an absolute and a relative bound."""

    absolute: float
    relative: float  # fraction of the reference load
    unit: str
    source: str

    def allowed(self, reference: float) -> float:
        return max(self.absolute, abs(reference) * self.relative)


# Defaults; the station config may override them per device kind.
DEFAULT_TOLERANCES: dict[str, Tolerance] = {
    # IEC 80601-2-30 §201.12.1.102 / ISO 81060-1: cuff-pressure error at most ±3 mmHg
    "blood_pressure": Tolerance(3.0, 0.0, "mm[Hg]", "IEC 80601-2-30 201.12.1.102"),
    # OIML R76-1 class III with e = 0.1 kg: in-service MPE is twice the verification MPE,
    # i.e. 0.1 kg up to 50 kg and 0.2 kg up to 200 kg; 0.1 % approximates that step shape
    "scale": Tolerance(0.1, 0.001, "kg", "OIML R76-1 3.5.1-3.5.2 (class III, e=0.1 kg)"),
    # hand dynamometers: checked with known weights (Fess 1987 method); manufacturers state
    # about ±3 % of reading -- set the model's own figure in the station config
    "grip": Tolerance(0.5, 0.03, "kg", "manufacturer accuracy class; Fess 1987 check method"),
}

# 20.1 - 20.0 is 0.10000000000000142 in binary floating point; a reading exactly on the
# limit must pass.  1e-9 is far below any device's resolution.
_FLOAT_SLACK = 1e-9

DEFAULT_INTERVAL_DAYS: dict[str, int] = {
    "scale": 90,  # heavy daily use on a public floor
    "grip": 180,
    "blood_pressure": 365,
}


@dataclass(frozen=True, slots=True)
class CheckPoint:
    reference: float
    measured: float

    def error(self) -> float:
        return self.measured - self.reference


@dataclass(frozen=True, slots=True)
class CheckResult:
    passed: bool
    points: tuple[tuple[CheckPoint, float, bool], ...]  # (point, allowed error, passed)
    tolerance: Tolerance


def evaluate(points: Sequence[CheckPoint], tolerance: Tolerance) -> CheckResult:
    if not points:
        raise ValueError("a calibration check needs at least one reference point")
    graded = tuple(
        (p, tolerance.allowed(p.reference),
         abs(p.error()) <= tolerance.allowed(p.reference) + _FLOAT_SLACK)
        for p in points
    )
    return CheckResult(all(ok for _, _, ok in graded), graded, tolerance)


def record(
    db: Database, *, device_id: str, technician_id: str, result: CheckResult,
    reference_serials: Sequence[str], now: datetime, interval_days: int, notes: str = "",
) -> str:
    """Log a calibration check (and audit it) in one transaction; returns its id."""
    calibration_id = str(uuid.uuid4())
    due = now + timedelta(days=interval_days)
    points = [{"reference": p.reference, "measured": p.measured, "allowed": allowed,
               "passed": ok, "unit": result.tolerance.unit} for p, allowed, ok in result.points]
    with db.atomic():
        db.execute(
            "INSERT INTO calibrations (id, device_id, performed_at, technician_id,"
            " reference_serials, points, result, due_at, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [calibration_id, device_id, now.isoformat(), technician_id,
             json.dumps(list(reference_serials)), json.dumps(points),
             "pass" if result.passed else "fail", due.isoformat(), notes],
        )
        store.audit(db, actor_role="technician", actor_id=technician_id, action="calibration",
                    subject=device_id, now=now,
                    detail={"result": "pass" if result.passed else "fail",
                            "calibration_id": calibration_id, "due_at": due.isoformat()})
    return calibration_id


@dataclass(frozen=True, slots=True)
class DeviceStatus:
    device_id: str
    locked: bool
    reason: str  # "", "never_calibrated", "calibration_failed", "calibration_overdue"
    due_at: datetime | None


def status(db: Database, device_id: str, *, now: datetime) -> DeviceStatus:
    row = db.execute(
        "SELECT result, due_at FROM calibrations WHERE device_id = ?"
        " ORDER BY performed_at DESC, rowid DESC LIMIT 1", [device_id]).fetchone()
    if row is None:
        return DeviceStatus(device_id, True, "never_calibrated", None)
    due = datetime.fromisoformat(row[1])
    if row[0] != "pass":
        return DeviceStatus(device_id, True, "calibration_failed", due)
    if due <= now:
        return DeviceStatus(device_id, True, "calibration_overdue", due)
    return DeviceStatus(device_id, False, "", due)


def tolerances_with(overrides: Mapping[str, Tolerance]) -> dict[str, Tolerance]:
    return {**DEFAULT_TOLERANCES, **overrides}
