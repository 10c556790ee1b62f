"""The platform's calibration schedule, applied to the station's calibration log.

``sync.downsync.pull_calibrations`` returns this station's DeviceMetrics changed since the
last pull (sync-fhir-security.md §4.1 "Data flowing down": the platform is authoritative, the
station a read-mostly cache).  Each DeviceMetric's newest dated ``calibration[]`` entry
becomes one row of the ``calibrations`` table, so ``measurements.calibration.status`` -- and
with it kiosk/lockout.py -- sees the platform's verdict and due date like a technician's check:
``calibrated`` passes until its due date; ``calibration-required`` / ``not-calibrated`` lock the
device ("calibration_failed") until someone calibrates it again.

Which station device a DeviceMetric describes:

* identifier ``{station}/calibration/{calibration id}`` (what the station uploads, see
  sync/fhir/mapping.py) -> the device of that local calibration; or
* ``source.identifier.value == "{station}/device/{device id}"`` (a logical reference the
  platform can set on a schedule it creates itself).

The due date is the extension :data:`DUE_EXTENSION` (``valueDateTime``) on the entry: R4's
``DeviceMetric.calibration`` has type, state and time only.  Without it a passing entry is due
after the device's configured interval (``[[devices]] calibration_interval_days``, passed in
as ``interval_days``), else its kind's default (measurements.calibration.DEFAULT_INTERVAL_DAYS).
Entries without ``time`` cannot be ordered against local checks and are skipped.  Applying is
idempotent: a row's id is derived from the DeviceMetric and the entry's time.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from measurements import calibration, store

log = logging.getLogger(__name__)

# placeholder URL until the platform publishes its StructureDefinition (like the identifier
# systems in sync.config.IdentifierSystems)
DUE_EXTENSION = "urn:lifelog:StructureDefinition/calibration-due"
PLATFORM_TECHNICIAN = "platform"
_PASSING = "calibrated"


@dataclass(frozen=True, slots=True)
class AppliedCalibration:
    """One calibration row written from the platform's schedule."""

    device_id: str
    passed: bool
    performed_at: str
    due_at: str


def _device_of(db: Database, metric: dict[str, Any], station_id: str) -> str | None:
    for identifier in metric.get("identifier") or []:
        prefix = f"{station_id}/calibration/"
        value = str(identifier.get("value", ""))
        if value.startswith(prefix):
            row = db.execute("SELECT device_id FROM calibrations WHERE id = ?",
                             [value[len(prefix):]]).fetchone()
            if row:
                return str(row[0])
    source = ((metric.get("source") or {}).get("identifier") or {}).get("value", "")
    prefix = f"{station_id}/device/"
    if str(source).startswith(prefix):
        device_id = str(source)[len(prefix):]
        if db.execute("SELECT 1 FROM devices WHERE id = ?", [device_id]).fetchone():
            return device_id
    return None


def _utc(value: Any) -> datetime | None:
    """A FHIR dateTime as aware UTC (stored text must sort in time order); None if unusable."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _newest_entry(metric: dict[str, Any]) -> tuple[dict[str, Any], datetime] | None:
    dated = [(e, t) for e in metric.get("calibration") or [] if (t := _utc(e.get("time")))]
    return max(dated, key=lambda pair: pair[1]) if dated else None


def _due_at(entry: dict[str, Any], performed: datetime, days: int) -> datetime:
    for extension in entry.get("extension") or []:
        if extension.get("url") == DUE_EXTENSION:
            due = _utc(extension.get("valueDateTime"))
            if due is not None:
                return due
    return performed + timedelta(days=days)


def apply_schedule(db: Database, metrics: list[dict[str, Any]], *, station_id: str,
                   now: datetime, interval_days: Mapping[str, int] | None = None,
                   ) -> list[AppliedCalibration]:
    """Write the newest dated entry of each DeviceMetric into the calibration log.

    Args:
        db: the station database.
        metrics: from ``sync.downsync.pull_calibrations`` (this station's only).
        station_id: this station's serial.
        now: for the audit entry.
        interval_days: device id -> configured days between checks, for entries that carry
            no due date; the device kind's default for devices not named.

    Returns:
        The rows written (already-known entries are not repeated).
    """
    applied: list[AppliedCalibration] = []
    for metric in metrics:
        device_id = _device_of(db, metric, station_id)
        newest = _newest_entry(metric)
        if device_id is None or newest is None:
            log.info("calibration schedule: DeviceMetric %s names no device of this station"
                     " or has no dated entry; skipped", metric.get("id"))
            continue
        entry, performed = newest
        kind_row = db.execute("SELECT kind FROM devices WHERE id = ?", [device_id]).fetchone()
        kind = str(kind_row[0]) if kind_row else ""
        days = (interval_days or {}).get(device_id,
                                         calibration.DEFAULT_INTERVAL_DAYS.get(kind, 90))
        due = _due_at(entry, performed, days)
        passed = entry.get("state") == _PASSING
        row_id = f"platform:{metric.get('id')}:{performed.isoformat()}"
        with db.atomic():
            cursor = db.execute(
                "INSERT OR IGNORE INTO calibrations (id, device_id, performed_at, technician_id,"
                " result, due_at, notes) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [row_id, device_id, performed.isoformat(), PLATFORM_TECHNICIAN,
                 "pass" if passed else "fail", due.isoformat(),
                 f"from the platform's calibration schedule ({entry.get('state')})"])
            if cursor.rowcount:
                store.audit(db, actor_role="system", action="calibration_from_platform",
                            subject=device_id, now=now,
                            detail={"calibration_id": row_id, "state": entry.get("state"),
                                    "due_at": due.isoformat()})
        if cursor.rowcount:
            applied.append(AppliedCalibration(device_id, passed, performed.isoformat(),
                                              due.isoformat()))
    return applied
