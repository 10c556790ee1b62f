"""The participant's summary: every item, its grade (norm tables where they exist) and how
it was obtained; print the report (PDF)."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QWidget

from kiosk.screens.staff.base import StaffScreen
from kiosk.screens.staff.report import SOURCE_KO, export_report
from kiosk.staff import battery
from kiosk.widgets.layout import clear_layout

log = logging.getLogger(__name__)


class SummaryScreen(StaffScreen):
    screen_id = "staff-summary"
    permission = "assessment"
    back_target = "staff-battery"

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.table = QWidget()
        self.table.setObjectName("summary-table")
        self.grid = QGridLayout(self.table)
        self.print_button = QPushButton()
        self.print_button.setObjectName("print-report")
        self.print_button.clicked.connect(self.print_report)
        self.status = self.label(name="summary-status")
        self.layout_.addWidget(self.table)
        self.layout_.addWidget(self.print_button)
        self.layout_.addWidget(self.status)
        self.layout_.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.print_button.setText(self.tr("결과지 인쇄 (PDF)"))
        super().retranslate()

    def title(self) -> str:
        return self.tr("검사 결과 요약")

    def next_text(self) -> str | None:
        return self.tr("검사 목록으로")

    def on_next(self) -> None:
        self.go("staff-battery")

    def enter_permitted(self, params: dict[str, Any]) -> None:
        if self.ctx.visit.visit_id is None:
            self.go("staff-home")
            return
        self.status.setText("")
        clear_layout(self.grid)
        for column, head in enumerate((self.tr("항목"), self.tr("값"), self.tr("등급"),
                                       self.tr("입력 방식"))):
            self.grid.addWidget(QLabel(head), 0, column)
        for row, line in enumerate(battery.summary(self.ctx.db, self.ctx.visit.visit_id), 1):
            values = battery.format_values(line, self.ctx.language) or "—"
            grade = line.grade_ko or (self.tr("기준표 없음") if line.values else "")
            cells = (self.tr(line.label_ko), values, grade,
                     self.tr(SOURCE_KO.get(line.source, line.source)))
            for column, text in enumerate(cells):
                label = QLabel(text)
                label.setWordWrap(True)  # long value lists wrap instead of widening the page
                label.setObjectName(f"summary-{line.key}-{column}")
                self.grid.addWidget(label, row, column)

    def print_report(self) -> None:
        session = self.session
        if session is None:
            self.go("staff-sign-in", refused=self.screen_id)
            return
        try:
            path = export_report(self.ctx, session)
        except OSError as err:
            log.error("report export failed: %s", err)
            self.status.setText(self.tr("결과지를 만들지 못했어요."))
            return
        self.ctx.extras["last_report"] = path
        self.status.setText(self.tr("결과지를 만들었어요: %1").replace("%1", path.name))
