"""Writing visits and measurements.  A measurement and its outbox row commit together.

Everything takes ``now`` from the caller (an injected clock), so tests control time and
the station clock is read in exactly one place (the composition root).
"""

from __future__ import annotations

import json
import struct
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from drivers.readings import DeviceIdentity, RawFrame
from sync import outbox

CONSENT_VERSION = "2026-11-v1"


@dataclass(frozen=True, slots=True)
class Value:
    name: str  # systolic, diastolic, pulse, mass, bmi, body_fat, grip_right, ...
    value: float
    unit: str  # UCUM code: mm[Hg], /min, kg, kg/m2, %, s, {count}


@dataclass(frozen=True, slots=True)
class MeasurementRecord:
    """What a workflow hands to the store: one reading, or one result derived from readings."""

    kind: str
    role: str  # 'reading' | 'result'
    values: tuple[Value, ...]
    station_time: datetime
    status: str = "valid"  # 'valid' | 'implausible' | 'invalid'
    sequence: int = 0
    device: DeviceIdentity | None = None
    device_time: datetime | None = None
    frames: tuple[RawFrame, ...] = ()
    quality_flags: tuple[str, ...] = ()
    method: Mapping[str, Any] = field(default_factory=dict)
    interpretation: Mapping[str, Any] = field(default_factory=dict)
    provenance: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Consent:
    service: bool
    sensitive_health_data: bool  # PIPA Art. 23: separate consent for health data
    secondary_use: bool
    version: str = CONSENT_VERSION


# --- raw frames -------------------------------------------------------------------------

_FRAME_HEADER = struct.Struct(">HdI")  # source length, received_at (epoch s), data length


def pack_frames(frames: Iterable[RawFrame]) -> bytes:
    """Length-prefixed binary so frames survive byte-exact (hex dumps are for people)."""
    out = bytearray()
    for frame in frames:
        source = frame.source.encode()
        out += _FRAME_HEADER.pack(len(source), frame.received_at.timestamp(), len(frame.data))
        out += source + frame.data
    return bytes(out)


def unpack_frames(blob: bytes) -> tuple[RawFrame, ...]:
    frames: list[RawFrame] = []
    offset = 0
    while offset < len(blob):
        source_len, at, data_len = _FRAME_HEADER.unpack_from(blob, offset)
        offset += _FRAME_HEADER.size
        source = blob[offset : offset + source_len].decode()
        offset += source_len
        data = blob[offset : offset + data_len]
        offset += data_len
        frames.append(RawFrame(source, bytes(data), datetime.fromtimestamp(at, UTC)))
    return tuple(frames)


# --- visitors and visits ------------------------------------------------------------------


def get_or_create_member(
    db: Database, member_pseudonym: str, *, now: datetime,
    sex: str | None = None, birth_year: int | None = None,
) -> int:
    row = db.execute(
        "SELECT id FROM visitors WHERE member_pseudonym = ?", [member_pseudonym]
    ).fetchone()
    if row:
        return int(row[0])
    cursor = db.execute(
        "INSERT INTO visitors (member_pseudonym, kind, sex, birth_year, created_at)"
        " VALUES (?, 'member', ?, ?, ?)",
        [member_pseudonym, sex, birth_year, now.isoformat()],
    )
    return int(cursor.lastrowid or 0)


def create_guest(
    db: Database, *, now: datetime, sex: str | None = None, birth_year: int | None = None
) -> int:
    cursor = db.execute(
        "INSERT INTO visitors (member_pseudonym, kind, sex, birth_year, created_at)"
        " VALUES (NULL, 'guest', ?, ?, ?)",
        [sex, birth_year, now.isoformat()],
    )
    return int(cursor.lastrowid or 0)


def open_visit(
    db: Database, *, visitor_id: int, station_id: str, consent: Consent, now: datetime,
    mode: str = "self",
) -> str:
    visit_id = str(uuid.uuid4())
    with db.atomic():
        db.execute(
            "INSERT INTO visits (id, visitor_id, station_id, mode, started_at, consent_version,"
            " consent_service, consent_sensitive, consent_secondary_use)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [visit_id, visitor_id, station_id, mode, now.isoformat(), consent.version,
             int(consent.service), int(consent.sensitive_health_data),
             int(consent.secondary_use)],
        )
    return visit_id


def close_visit(db: Database, visit_id: str, *, now: datetime, status: str = "completed") -> None:
    """End a visit; a visit with measurements is queued for upload as a whole."""
    with db.atomic():
        db.execute(
            "UPDATE visits SET ended_at = ?, status = ? WHERE id = ? AND status = 'open'",
            [now.isoformat(), status, visit_id],
        )
        station = db.execute("SELECT station_id FROM visits WHERE id = ?", [visit_id]).fetchone()
        has_data = db.execute(
            "SELECT 1 FROM measurements WHERE visit_id = ? LIMIT 1", [visit_id]
        ).fetchone()
        if station and has_data:
            outbox.enqueue(
                db, key=outbox.item_key(station[0], visit_id, "encounter"),
                visit_id=visit_id, kind="visit", ref_id=visit_id, now=now,
            )


# --- devices and measurements ---------------------------------------------------------


def device_key(identity: DeviceIdentity) -> str:
    return f"{identity.model}:{identity.serial_number or identity.address}"


def record_device(db: Database, identity: DeviceIdentity, kind: str, *, now: datetime) -> str:
    key = device_key(identity)
    db.execute(
        "INSERT INTO devices (id, kind, model, manufacturer, serial_number, firmware, address,"
        " link, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(id) DO UPDATE SET firmware = excluded.firmware,"
        " last_seen_at = excluded.last_seen_at",
        [key, kind, identity.model, identity.manufacturer, identity.serial_number,
         identity.firmware, identity.address, identity.link.value, now.isoformat(),
         now.isoformat()],
    )
    return key


def current_calibration_id(db: Database, device_id: str) -> str | None:
    row = db.execute(
        "SELECT id FROM calibrations WHERE device_id = ? ORDER BY performed_at DESC, rowid DESC LIMIT 1",
        [device_id],
    ).fetchone()
    return str(row[0]) if row else None


def save_measurement(
    db: Database, *, station_id: str, visit_id: str, record: MeasurementRecord, now: datetime
) -> str:
    """Store one measurement and queue it for upload, in one transaction.

    Either both the measurement (with its values and raw frames) and its outbox row are
    committed, or neither is: a crash at any point never leaves a measurement that the
    uploader cannot see, nor an outbox row pointing at nothing.
    """
    measurement_id = str(uuid.uuid4())
    with db.atomic():
        device_id = calibration_id = None
        if record.device is not None:
            device_id = record_device(db, record.device, record.kind, now=now)
            calibration_id = current_calibration_id(db, device_id)
        db.execute(
            "INSERT INTO measurements (id, visit_id, kind, role, sequence, status, device_id,"
            " device_model, device_firmware, device_serial, calibration_id, device_time,"
            " station_time, raw_frames, quality_flags, method, interpretation, provenance)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                measurement_id, visit_id, record.kind, record.role, record.sequence,
                record.status, device_id,
                record.device.model if record.device else None,
                record.device.firmware if record.device else None,
                record.device.serial_number if record.device else None,
                calibration_id,
                record.device_time.isoformat() if record.device_time else None,
                record.station_time.isoformat(),
                pack_frames(record.frames) if record.frames else None,
                json.dumps(list(record.quality_flags)),
                json.dumps(dict(record.method), ensure_ascii=False),
                json.dumps(dict(record.interpretation), ensure_ascii=False),
                json.dumps(dict(record.provenance), ensure_ascii=False),
            ],
        )
        for value in record.values:
            db.execute(
                "INSERT INTO measurement_values (measurement_id, name, value, unit)"
                " VALUES (?, ?, ?, ?)",
                [measurement_id, value.name, value.value, value.unit],
            )
        outbox.enqueue(
            db, key=outbox.item_key(station_id, visit_id, f"{record.kind}/{measurement_id}"),
            visit_id=visit_id, kind="measurement", ref_id=measurement_id, now=now,
        )
    return measurement_id


def audit(
    db: Database, *, actor_role: str, action: str, now: datetime,
    actor_id: str | None = None, subject: str | None = None,
    detail: Mapping[str, Any] | None = None,
) -> None:
    """Append to the audit log (sign-ins, overrides, calibrations, exports, alerts)."""
    db.execute(
        "INSERT INTO audit_log (at, actor_role, actor_id, action, subject, detail)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [now.isoformat(), actor_role, actor_id, action, subject,
         json.dumps(dict(detail or {}), ensure_ascii=False)],
    )
