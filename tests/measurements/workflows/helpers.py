"""Test doubles for the workflows' ports, and the real store behind them.

Only the device port is a double (it stands for the driver on the device loop); records and
audit entries go through the real VisitRecorder -> measurements.store into an in-memory
database, so the tests assert what is actually stored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from drivers.readings import (
    BloodPressureReading,
    BodyCompositionReading,
    DeviceIdentity,
    DeviceKind,
    GripReading,
    LinkKind,
    RawFrame,
)
from measurements import store
from measurements.clock import FakeClock
from measurements.database import open_database
from measurements.workflows.sinks import VisitRecorder

STATION = "test-station-01"
DEVICE = DeviceIdentity("UA-651BLE", "A&D", "sim://bp", LinkKind.SIMULATED, "SN1", "1.0")
SCALE = DeviceIdentity("BC-768", "Tanita", "sim://scale", LinkKind.SIMULATED, "SN2", "2.0")
GRIP = DeviceIdentity("GD-1", "Camry", "sim://grip", LinkKind.SIMULATED, "SN3", "1.1")


@dataclass
class FakeDevicePort:
    """Records what the workflow asked the device to do."""

    requests: list[tuple[DeviceKind, dict[str, Any]]] = field(default_factory=list)
    cancels: int = 0

    def request(self, kind: DeviceKind, **options: Any) -> None:
        self.requests.append((kind, dict(options)))

    def cancel(self) -> None:
        self.cancels += 1


@dataclass
class Station:
    db: Database
    clock: FakeClock
    device: FakeDevicePort
    recorder: VisitRecorder
    visitor_id: int
    visit_id: str

    def rows(self) -> list[dict[str, Any]]:
        """Every stored measurement with its values, in insertion order."""
        out = []
        for row in self.db.execute(
                "SELECT id, kind, role, status, sequence, quality_flags, method, interpretation"
                " FROM measurements ORDER BY rowid").fetchall():
            values = {name: (value, unit) for name, value, unit in self.db.execute(
                "SELECT name, value, unit FROM measurement_values WHERE measurement_id = ?",
                [row[0]]).fetchall()}
            out.append({"id": row[0], "kind": row[1], "role": row[2], "status": row[3],
                        "sequence": row[4], "flags": json.loads(row[5]),
                        "method": json.loads(row[6]), "interpretation": json.loads(row[7]),
                        "values": values})
        return out

    def roles(self) -> list[tuple[str, str]]:
        return [(r["role"], r["status"]) for r in self.rows()]

    def audit(self) -> list[tuple[str, str, dict[str, Any]]]:
        return [(row[0], row[1], json.loads(row[2])) for row in self.db.execute(
            "SELECT actor_role, action, detail FROM audit_log ORDER BY id").fetchall()]

    def outbox_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM sync_outbox").fetchone()[0])


def new_station(*, member: str | None = None, db: Database | None = None,
                clock: FakeClock | None = None, sex: str | None = "male") -> Station:
    db = db if db is not None else open_database(None)
    clock = clock or FakeClock()
    with db.atomic():
        if member is None:
            visitor = store.create_guest(db, now=clock.now(), sex=sex, birth_year=1950)
        else:
            visitor = store.get_or_create_member(db, member, now=clock.now(), sex=sex,
                                                 birth_year=1950)
    visit = store.open_visit(db, visitor_id=visitor, station_id=STATION,
                             consent=store.Consent(True, True, False), now=clock.now())
    return Station(db, clock, FakeDevicePort(),
                   VisitRecorder(db, station_id=STATION, visit_id=visit, clock=clock),
                   visitor, visit)


def frame(at: datetime) -> tuple[RawFrame, ...]:
    return (RawFrame("2a35", b"\x1e\x80\x00", at),)


def bp(clock: FakeClock, systolic: float, diastolic: float, pulse: float | None = 70.0, *,
       irregular: bool = False) -> BloodPressureReading:
    return BloodPressureReading(systolic, diastolic, None, pulse, DEVICE, clock.now(),
                                irregular_pulse=irregular, frames=frame(clock.now()))


def scale(clock: FakeClock, mass_kg: float, *, body_fat: float | None = None,
          impedance: float | None = None, height_m: float | None = None
          ) -> BodyCompositionReading:
    return BodyCompositionReading(mass_kg, SCALE, clock.now(), body_fat_pct=body_fat,
                                  impedance_ohm=impedance, height_m=height_m)


def grip(clock: FakeClock, kgf: float) -> GripReading:
    return GripReading(kgf, GRIP, clock.now(), force_curve_kgf=(1.0, kgf / 2, kgf))
