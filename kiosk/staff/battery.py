"""The senior fitness battery as data: which items, how each is measured, manual ranges.

Qt-free.  Each item is measured by a device workflow (the generic measure screen), by the
camera (the camera test screen) or typed by staff with a range check (no sensor).  Manual
items are SFT items (Rikli & Jones 2013) and the figure-of-8 walk (Hess et al. 2010); no
sourced norm table exists in assets/norms for them, so they are shown without a grade.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from measurements import store
from measurements.store import MeasurementRecord, Value


@dataclass(frozen=True, slots=True)
class Item:
    key: str  # measurement kind stored
    label_ko: str
    how: str  # "device" | "camera" | "manual"
    unit: str = ""  # UCUM for manual items
    unit_ko: str = ""
    low: float = 0.0  # manual entry: accepted range (a typo guard, not a norm)
    high: float = 0.0
    hint_ko: str = ""


BATTERY: tuple[Item, ...] = (
    Item("grip", "악력", "device"),
    Item("body_composition", "체중·BMI·체지방", "device"),
    Item("chair_stand_30s", "30초 의자 일어서기", "camera"),
    Item("sit_to_stand_5x", "의자 일어서기 5회", "camera"),
    Item("timed_up_and_go", "일어나 걸어가기 (3 m)", "camera"),
    Item("step_2min", "2분 제자리 걷기", "camera"),
    Item("figure8_walk", "8자 보행", "manual", "s", "초", 3.0, 120.0,
         "8자 코스를 한 바퀴 도는 데 걸린 시간"),
    Item("chair_sit_and_reach", "의자 앉아 윗몸 앞으로 굽히기", "manual", "cm", "cm", -40.0, 40.0,
         "발끝에 못 미치면 음수 (예: -3.5)"),
    Item("back_scratch", "등 뒤로 손 닿기", "manual", "cm", "cm", -50.0, 30.0,
         "손끝이 닿지 않으면 음수 (예: -8)"),
)
ITEMS = {item.key: item for item in BATTERY}


class RangeError(ValueError):
    """A typed value outside the item's accepted range; ``message_ko`` says which range."""

    def __init__(self, message_ko: str) -> None:
        super().__init__(message_ko)
        self.message_ko = message_ko


def parse_manual(item: Item, text: str) -> float:
    """The typed value as a float, or RangeError with a plain Korean message."""
    try:
        value = float(text.strip())
    except ValueError:
        raise RangeError("숫자를 다시 입력해 주세요.") from None
    if not item.low <= value <= item.high:
        raise RangeError(f"{item.low:g}에서 {item.high:g} {item.unit_ko} 사이로 입력해 주세요.")
    return value


def manual_record(item: Item, value: float, *, staff_id: str, now: Any) -> MeasurementRecord:
    return MeasurementRecord(
        kind=item.key, role="result", values=(Value(item.key, value, item.unit),),
        station_time=now, method={"entry": "manual", "protocol": item.label_ko},
        provenance={"source": "manual", "by": staff_id, "at": now.isoformat()})


def save_manual(ctx: Any, item: Item, value: float, *, staff_id: str, role: str) -> str:
    now = ctx.clock.now()
    with ctx.db.atomic():
        measurement_id = store.save_measurement(
            ctx.db, station_id=ctx.config.station_id, visit_id=ctx.visit.visit_id,
            record=manual_record(item, value, staff_id=staff_id, now=now), now=now)
        store.audit(ctx.db, actor_role=role, actor_id=staff_id, action="manual_entry",
                    subject=ctx.visit.visit_id, now=now,
                    detail={"kind": item.key, "measurement_id": measurement_id})
    return measurement_id


@dataclass(frozen=True, slots=True)
class Line:
    """One row of the summary / printed report."""

    key: str
    label_ko: str
    values: tuple[tuple[str, float, str], ...]  # (name, value, unit)
    grade_ko: str  # "" = no sourced table / not measured
    source: str  # provenance: auto / confirmed / edited / manual / device


def format_values(line: Line, language: str = "ko") -> str:
    """"최고 악력 29.4 kg, 상대악력 40.6 %": each value named unless it is the item itself."""
    from measurements.history import display_name  # noqa: PLC0415

    parts = []
    for name, value, unit in line.values:
        shown = f"{value:.1f}".rstrip("0").rstrip(".")  # device floats (29.3999996) as read
        parts.append(shown + (f" {unit}" if unit else "") if name == line.key
                     else f"{display_name(name, language)} {shown} {unit}".rstrip())
    return ", ".join(parts)


def summary(db: Any, visit_id: str) -> list[Line]:
    """The newest result of every battery item in this visit (device workflows included)."""
    import json  # noqa: PLC0415

    lines = []
    for item in BATTERY:
        row = db.execute(
            "SELECT id, interpretation, provenance FROM measurements WHERE visit_id = ?"
            " AND kind = ? AND role = 'result' ORDER BY station_time DESC, rowid DESC LIMIT 1",
            [visit_id, item.key]).fetchone()
        if row is None:
            lines.append(Line(item.key, item.label_ko, (), "", ""))
            continue
        values = tuple(db.execute("SELECT name, value, unit FROM measurement_values WHERE"
                                  " measurement_id = ?", [row[0]]).fetchall())
        interpretation = json.loads(row[1] or "{}")
        provenance = json.loads(row[2] or "{}")
        grade = interpretation.get("label_ko", "")
        if not grade and isinstance(interpretation.get("categories"), list):
            grade = ", ".join(c.get("label_ko", "") for c in interpretation["categories"])
        lines.append(Line(item.key, item.label_ko, values, str(grade),
                          str(provenance.get("status") or provenance.get("source") or "device")))
    return lines
