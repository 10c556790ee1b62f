"""A visitor's earlier results: pure query functions for the trend chart and history screen.

Only protocol results are shown (``role='result'``, ``status='valid'``): single readings and
implausible values never appear as a result.  Times are stored in UTC and shown in Korea
time (KST has no daylight saving, so a fixed +09:00 offset is exact).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlite_utils import Database

KST = timezone(timedelta(hours=9), "KST")
DEFAULT_LIMIT = 12  # visits on a trend chart: a year of monthly visits stays readable

# Stored value name -> (Korean, English, unit as shown)
DISPLAY_NAMES: dict[str, tuple[str, str, str]] = {
    "systolic": ("최고 혈압", "Systolic", "mmHg"),
    "diastolic": ("최저 혈압", "Diastolic", "mmHg"),
    "pulse": ("맥박", "Pulse", "회/분"),
    "mass": ("체중", "Weight", "kg"),
    "height": ("키", "Height", "cm"),
    "bmi": ("체질량지수", "BMI", "kg/m²"),
    "waist": ("허리둘레", "Waist", "cm"),
    "body_fat": ("체지방률", "Body fat", "%"),
    "grip_max": ("최고 악력", "Best grip", "kg"),
    "grip_right_max": ("오른손 악력", "Right grip", "kg"),
    "grip_left_max": ("왼손 악력", "Left grip", "kg"),
    "grip_right_mean": ("오른손 평균", "Right mean", "kg"),
    "grip_left_mean": ("왼손 평균", "Left mean", "kg"),
    "grip_relative": ("상대악력", "Relative grip", "%"),
}

KIND_NAMES: dict[str, tuple[str, str]] = {
    "blood_pressure": ("혈압", "Blood pressure"),
    "body_composition": ("체중·체성분", "Weight and body composition"),
    "grip": ("악력", "Grip strength"),
}


def display_name(name: str, language: str = "ko") -> str:
    """The label of a stored value name in the screen language ("ko" or "en")."""
    ko, en, _ = DISPLAY_NAMES.get(name, (name, name, ""))
    return en if language == "en" else ko


def display_unit(name: str) -> str:
    return DISPLAY_NAMES.get(name, ("", "", ""))[2]


def _local(station_time: str) -> datetime:
    return datetime.fromisoformat(station_time).astimezone(KST)


@dataclass(frozen=True, slots=True)
class TrendPoint:
    visit_id: str
    station_time: datetime  # timezone-aware, KST
    value: float

    @property
    def date_label(self) -> str:
        """Short date for a chart axis, e.g. "11/22"."""
        return f"{self.station_time.month}/{self.station_time.day}"


@dataclass(frozen=True, slots=True)
class StoredResult:
    measurement_id: str
    visit_id: str
    kind: str
    station_time: datetime  # KST
    values: Mapping[str, tuple[float, str]]  # name -> (value, UCUM unit)
    interpretation: Mapping[str, Any] = field(default_factory=dict)
    quality_flags: tuple[str, ...] = ()

    @property
    def date_text(self) -> str:
        """e.g. "2026년 11월 22일"."""
        t = self.station_time
        return f"{t.year}년 {t.month}월 {t.day}일"


_SELECT_RESULTS = (
    "SELECT m.id, m.visit_id, m.kind, m.station_time, m.interpretation, m.quality_flags"
    " FROM measurements m JOIN visits v ON v.id = m.visit_id"
    " WHERE m.role = 'result' AND m.status = 'valid' AND "
)
_ORDER = " ORDER BY m.station_time DESC, m.rowid DESC LIMIT ?"


def _results(db: Database, where: str, params: Sequence[Any], limit: int = -1
             ) -> list[StoredResult]:
    # ``where`` is one of this module's constant fragments; every value is a bound parameter.
    rows = db.execute(_SELECT_RESULTS + where + _ORDER, [*params, limit]).fetchall()
    found: list[StoredResult] = []
    for row in rows:
        values = {str(name): (float(value), str(unit)) for name, value, unit in db.execute(
            "SELECT name, value, unit FROM measurement_values WHERE measurement_id = ?",
            [row[0]]).fetchall()}
        found.append(StoredResult(row[0], row[1], row[2], _local(row[3]), values,
                                  json.loads(row[4] or "{}"), tuple(json.loads(row[5] or "[]"))))
    return found


def visit_results(db: Database, visit_id: str) -> list[StoredResult]:
    """This visit's results, oldest first (the latest result of a kind last)."""
    return list(reversed(_results(db, "m.visit_id = ?", [visit_id])))


def results(db: Database, *, visitor_id: int, kind: str, limit: int = DEFAULT_LIMIT,
            before_visit_id: str | None = None) -> list[StoredResult]:
    """A visitor's results of one kind over their visits, oldest first.

    Args:
        before_visit_id: leave out this visit and later ones (e.g. "previous visits only").
    """
    where = "v.visitor_id = ? AND m.kind = ?"
    params: list[Any] = [visitor_id, kind]
    if before_visit_id is not None:
        where += (" AND v.started_at < (SELECT started_at FROM visits WHERE id = ?)")
        params.append(before_visit_id)
    return list(reversed(_results(db, where, params, limit)))


def trend(db: Database, *, visitor_id: int, kind: str, names: Iterable[str],
          limit: int = DEFAULT_LIMIT, before_visit_id: str | None = None
          ) -> dict[str, list[TrendPoint]]:
    """Per value name, the points (date, value) of the visitor's results, oldest first."""
    found = results(db, visitor_id=visitor_id, kind=kind, limit=limit,
                    before_visit_id=before_visit_id)
    return {name: [TrendPoint(r.visit_id, r.station_time, r.values[name][0])
                   for r in found if name in r.values]
            for name in names}


def latest_value(db: Database, *, visitor_id: int, kind: str, name: str) -> float | None:
    """The most recent valid result value (e.g. height to pre-fill, mass for relative grip)."""
    for result in reversed(results(db, visitor_id=visitor_id, kind=kind, limit=DEFAULT_LIMIT)):
        if name in result.values:
            return result.values[name][0]
    return None


@dataclass(frozen=True, slots=True)
class VisitHistory:
    visit_id: str
    started_at: datetime  # KST
    results: tuple[StoredResult, ...]


def visits(db: Database, *, visitor_id: int, limit: int = DEFAULT_LIMIT) -> list[VisitHistory]:
    """The history screen: the visitor's visits with results, newest first."""
    rows = db.execute(
        "SELECT v.id, v.started_at FROM visits v WHERE v.visitor_id = ? AND EXISTS ("
        " SELECT 1 FROM measurements m WHERE m.visit_id = v.id AND m.role = 'result'"
        " AND m.status = 'valid') ORDER BY v.started_at DESC LIMIT ?",
        [visitor_id, limit]).fetchall()
    return [VisitHistory(row[0], _local(row[1]), tuple(visit_results(db, row[0])))
            for row in rows]
