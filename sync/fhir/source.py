"""Reading one visit out of the station database with plain SQL.

sync may not import measurements (import-linter contract), so this module reads the tables
measurements/schema.py defines: visits, visitors, measurements, measurement_values, devices,
calibrations.  Only the columns the upload needs are read: raw frames stay on the station.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database


class VisitNotFoundError(LookupError):
    """The visit id names no visit in this database."""


@dataclass(frozen=True, slots=True)
class ValueRow:
    name: str
    value: float
    unit: str


@dataclass(frozen=True, slots=True)
class DeviceRow:
    id: str
    kind: str
    model: str
    manufacturer: str
    serial_number: str | None
    firmware: str | None


@dataclass(frozen=True, slots=True)
class CalibrationRow:
    id: str
    device_id: str
    performed_at: str
    result: str  # 'pass' | 'fail'
    due_at: str


@dataclass(frozen=True, slots=True)
class MeasurementRow:
    id: str
    kind: str
    role: str
    sequence: int
    status: str
    station_time: str
    device_id: str | None
    calibration_id: str | None
    method: dict[str, Any]
    interpretation: dict[str, Any]
    values: tuple[ValueRow, ...]


@dataclass(frozen=True, slots=True)
class VisitData:
    """Everything one visit's Bundle is built from."""

    id: str
    station_id: str
    status: str
    started_at: str
    ended_at: str | None
    visitor_kind: str  # 'member' | 'guest'
    member_pseudonym: str | None
    measurements: tuple[MeasurementRow, ...]
    devices: tuple[DeviceRow, ...]
    calibrations: tuple[CalibrationRow, ...]


def load_visit(db: Database, visit_id: str) -> VisitData:
    """Read one visit with its measurements, devices and calibrations.

    Raises:
        VisitNotFoundError: no such visit.
    """
    row = db.execute(
        "SELECT v.id, v.station_id, v.status, v.started_at, v.ended_at, p.kind,"
        " p.member_pseudonym FROM visits v JOIN visitors p ON p.id = v.visitor_id"
        " WHERE v.id = ?", [visit_id]).fetchone()
    if row is None:
        raise VisitNotFoundError(visit_id)
    values: dict[str, list[ValueRow]] = {}
    for mid, name, value, unit in db.execute(
        "SELECT mv.measurement_id, mv.name, mv.value, mv.unit FROM measurement_values mv"
        " JOIN measurements m ON m.id = mv.measurement_id WHERE m.visit_id = ?"
        " ORDER BY mv.measurement_id, mv.name", [visit_id]).fetchall():
        values.setdefault(mid, []).append(ValueRow(name, float(value), unit))
    measurements = tuple(
        MeasurementRow(m[0], m[1], m[2], int(m[3]), m[4], m[5], m[6], m[7], json.loads(m[8]),
                       json.loads(m[9]), tuple(values.get(m[0], ())))
        for m in db.execute(
            "SELECT id, kind, role, sequence, status, station_time, device_id, calibration_id,"
            " method, interpretation FROM measurements WHERE visit_id = ?"
            " ORDER BY station_time, kind, sequence, id", [visit_id]).fetchall())
    device_ids = sorted({m.device_id for m in measurements if m.device_id})
    calibration_ids = sorted({m.calibration_id for m in measurements if m.calibration_id})
    devices = tuple(DeviceRow(*d) for d in _rows_in(
        db, "SELECT id, kind, model, manufacturer, serial_number, firmware FROM devices",
        device_ids))
    calibrations = tuple(CalibrationRow(*c) for c in _rows_in(
        db, "SELECT id, device_id, performed_at, result, due_at FROM calibrations",
        calibration_ids))
    return VisitData(row[0], row[1], row[2], row[3], row[4], row[5], row[6], measurements,
                     devices, calibrations)


def _rows_in(db: Database, select: str, ids: list[str]) -> list[Any]:
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    return list(db.execute(f"{select} WHERE id IN ({marks}) ORDER BY id", ids).fetchall())
