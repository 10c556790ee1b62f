"""The database-backed RecordSink + AuditSink for one visit (Qt-free, used by the kiosk and
by the workflow tests, so the tests exercise the real store)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlite_utils import Database

from measurements import store
from measurements.clock import Clock
from measurements.store import MeasurementRecord


class VisitRecorder:
    """Writes a workflow's records and audit entries for one visit."""

    def __init__(self, db: Database, *, station_id: str, visit_id: str, clock: Clock) -> None:
        self.db = db
        self.station_id = station_id
        self.visit_id = visit_id
        self.clock = clock

    def save(self, record: MeasurementRecord) -> str:
        """Store one measurement (+ its outbox row) in one transaction; returns its id."""
        return store.save_measurement(self.db, station_id=self.station_id,
                                      visit_id=self.visit_id, record=record,
                                      now=self.clock.now())

    def audit(self, action: str, detail: Mapping[str, Any], *, actor_role: str = "system",
              actor_id: str | None = None) -> None:
        """Append to the audit log; the subject is the visit, never a visitor identifier."""
        with self.db.atomic():
            store.audit(self.db, actor_role=actor_role, action=action, now=self.clock.now(),
                        actor_id=actor_id, subject=self.visit_id, detail=detail)
