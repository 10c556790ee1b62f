"""The calibration log: every check, newest first -- device, technician, reference serials,
points, result and due date."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QPlainTextEdit

from kiosk.screens.staff.base import StaffScreen

LOG_ROWS = 200


def log_lines(db: Any, highlight: str = "") -> list[str]:
    lines = []
    for cid, device, at, technician, serials, points, result, due in db.execute(
            "SELECT id, device_id, performed_at, technician_id, reference_serials, points,"
            " result, due_at FROM calibrations ORDER BY performed_at DESC, rowid DESC LIMIT ?",
            [LOG_ROWS]):
        mark = "▶ " if cid == highlight else "  "
        verdict = "통과" if result == "pass" else "불합격"
        lines.append(f"{mark}{at[:16]}  {device}  {verdict}  기술자 {technician}"
                     f"  기준기 {', '.join(json.loads(serials))}  다음 교정 {due[:10]}")
        for p in json.loads(points):
            lines.append(f"      {p['reference']:g} → {p['measured']:g} {p['unit']}"
                         f" (±{p['allowed']:g}) {'통과' if p['passed'] else '불합격'}")
    return lines


class CalibrationLogScreen(StaffScreen):
    screen_id = "tech-calibration-log"
    permission = "calibration"
    back_target = "tech-devices"

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.result = self.label("title", name="calibration-result")
        self.text = QPlainTextEdit()
        self.text.setObjectName("calibration-log-text")
        self.text.setReadOnly(True)
        self.text.setFont(QFont("monospace"))
        self.text.setMinimumHeight(ctx.metrics.panel.px(100))
        self.layout_.addWidget(self.result)
        self.layout_.addWidget(self.text, 1)
        self.retranslate()

    def title(self) -> str:
        return self.tr("교정 기록")

    def next_text(self) -> str | None:
        return self.tr("기기 목록으로")

    def on_next(self) -> None:
        self.go("tech-devices")

    def enter_permitted(self, params: dict[str, Any]) -> None:
        highlight = params.get("highlight", "")
        self.result.setText("")
        if highlight:
            row = self.ctx.db.execute("SELECT result, device_id FROM calibrations WHERE id = ?",
                                      [highlight]).fetchone()
            if row:
                self.result.setText(
                    (self.tr("교정 통과: 기기를 다시 쓸 수 있어요.") if row[0] == "pass"
                     else self.tr("교정 불합격: 기기가 잠겼어요.")) + f" ({row[1]})")
        self.text.setPlainText("\n".join(log_lines(self.ctx.db, highlight))
                               or self.tr("교정 기록이 없어요."))
