"""What the visitor takes home: receipt lines and a QR payload, as plain data (no Qt).

Personal data (PIPA Art. 23/24-2; shared/reference/sync-fhir-security.md §5): neither carries
a name, phone number or resident registration number (the database holds none), nor the
member pseudonym, the visitor row id or the visit id.  The QR payload's only reference is
a random short visit code that is not stored anywhere and cannot be linked back.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from sqlite_utils import Database

from measurements import history
from measurements.history import StoredResult

PAYLOAD_VERSION = 1
# Crockford-style alphabet without 0/O and 1/I/L: read aloud or typed without mistakes.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 6

# Per kind: short QR key and the values shown, with decimals.
_KINDS: dict[str, tuple[str, tuple[tuple[str, int], ...]]] = {
    "blood_pressure": ("bp", (("systolic", 0), ("diastolic", 0), ("pulse", 0))),
    "body_composition": ("body", (("mass", 1), ("height", 1), ("bmi", 1), ("waist", 1),
                                  ("body_fat", 1))),
    "grip": ("grip", (("grip_right_max", 1), ("grip_left_max", 1), ("grip_max", 1),
                      ("grip_relative", 1))),
}
_TABLE_NAMES = {
    "bp-ksh": "대한고혈압학회 기준",
    "bmi-ksso": "대한비만학회 기준",
    "waist-ksso": "대한비만학회 기준",
    "awgs": "아시아 근감소증 진단 기준(AWGS 2019)",
}


def new_visit_code() -> str:
    """A random 6-character code (30^6 ~ 7e8 values), unrelated to any stored identifier."""
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _latest_per_kind(db: Database, visit_id: str) -> list[StoredResult]:
    """The visit's latest valid result of each kind, in the order first measured."""
    latest: dict[str, StoredResult] = {}
    for result in history.visit_results(db, visit_id):
        if result.kind in _KINDS:
            latest.pop(result.kind, None)
            latest[result.kind] = result
    return list(latest.values())


def _number(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


def _category_line(data: Mapping[str, Any]) -> str | None:
    label = data.get("label_ko")
    if not isinstance(label, str):
        return None
    source = _TABLE_NAMES.get(str(data.get("table_id", "")), "")
    return f"  분류: {label}" + (f" ({source})" if source else "")


def receipt_lines(db: Database, *, visit_id: str, station_id: str) -> list[str]:
    """The receipt as lines of Korean text: values, categories, explanation, date, station.

    Returns only a header and the closing note when the visit has no result yet.
    """
    found = _latest_per_kind(db, visit_id)
    lines = ["건강 측정 결과 (참고용)"]
    if found:
        t = found[-1].station_time
        lines.append(f"측정일: {found[-1].date_text} {t.hour:02d}:{t.minute:02d}")
    lines += [f"측정 장소: {station_id}", "-" * 24]
    for result in found:
        title = history.KIND_NAMES[result.kind][0]
        lines.append(f"[{title}]")
        for name, decimals in _KINDS[result.kind][1]:
            if name in result.values:
                lines.append(f"  {history.display_name(name)}: "
                             f"{_number(result.values[name][0], decimals)} "
                             f"{history.display_unit(name)}")
        for data in (result.interpretation, result.interpretation.get("waist")):
            if isinstance(data, Mapping) and (line := _category_line(data)):
                lines.append(line)
        explanation = result.interpretation.get("explanation_ko")
        if isinstance(explanation, str) and explanation:
            lines.append(f"  {explanation}")
    lines += ["-" * 24,
              "이 결과는 참고용이며 진단이 아닙니다.",
              "궁금한 점은 보건소나 병원에서 상담을 받아 보세요."]
    return lines


def qr_data(db: Database, *, visit_id: str, visit_code: str | None = None) -> dict[str, Any]:
    """The QR content as a dict: version, code, date, and per kind values + category codes."""
    found = _latest_per_kind(db, visit_id)
    items: list[dict[str, Any]] = []
    for result in found:
        key, shown = _KINDS[result.kind]
        item: dict[str, Any] = {"k": key, "d": result.station_time.date().isoformat()}
        for name, decimals in shown:
            if name in result.values:
                value = round(result.values[name][0], decimals)
                item[name] = int(value) if decimals == 0 else value
        for label, data in (("cat", result.interpretation),
                            ("waist_cat", result.interpretation.get("waist"))):
            if isinstance(data, Mapping) and "category" in data:
                item[label] = data["category"]
                item[f"{label}_t"] = f"{data.get('table_id')}@{data.get('table_version')}"
        items.append(item)
    return {"v": PAYLOAD_VERSION, "c": visit_code or new_visit_code(),
            "d": found[-1].station_time.date().isoformat() if found else None, "r": items}


def qr_payload(db: Database, *, visit_id: str, visit_code: str | None = None,
               base_url: str | None = None) -> str:
    """Compact JSON (ASCII only, so the QR code stays small), or ``base_url?r=<json>``."""
    text = json.dumps(qr_data(db, visit_id=visit_id, visit_code=visit_code),
                      separators=(",", ":"), ensure_ascii=True)
    return f"{base_url}?r={quote(text, safe='')}" if base_url else text
