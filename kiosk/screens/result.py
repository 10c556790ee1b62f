"""The result: values in large type, the category as colour + word + icon, one plain
sentence, the trend over earlier visits, and a hand-off (printed receipt or QR code).

Wording is "for reference" -- never a diagnosis (health-kiosk-anchors.md §6 item 4).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.screens.base import Screen
from kiosk.widgets.category_badge import CategoryBadge
from kiosk.widgets.layout import clear_layout
from kiosk.widgets.qr import QrLabel
from kiosk.widgets.trend_chart import Series, TrendChart
from measurements.workflows.base import ResultSummary

log = logging.getLogger(__name__)


class ResultScreen(Screen):
    screen_id = "result"

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.summary: ResultSummary | None = None
        self.values = QWidget()
        self.values_grid = QGridLayout(self.values)
        self.values_grid.setHorizontalSpacing(ctx.metrics.gap_px * 3)
        self.badges = QWidget()
        self.badges_layout = QHBoxLayout(self.badges)
        self.explanation = self.label(name="explanation")
        self.chart = TrendChart()
        self.chart.setObjectName("trend")
        self.qr = QrLabel()
        self.qr.setObjectName("qr")
        self.qr.hide()
        row = QVBoxLayout()
        self.print_button = QPushButton()
        self.print_button.setObjectName("print")
        self.print_button.clicked.connect(self.print_receipt)
        self.qr_button = QPushButton()
        self.qr_button.setObjectName("show-qr")
        self.qr_button.clicked.connect(self.show_qr)
        row.addWidget(self.print_button)
        row.addWidget(self.qr_button)
        self.handoff_status = self.label(name="handoff-status")
        # landscape panel: what was measured on the left, trend and hand-off on the right,
        # so everything is on screen at 100 % text without scrolling
        columns = QHBoxLayout()
        columns.setSpacing(ctx.metrics.gap_px * 4)
        left = QVBoxLayout()
        for widget in (self.values, self.badges, self.explanation):
            left.addWidget(widget)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.chart, 2)
        right.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        right.addLayout(row)
        right.addWidget(self.handoff_status)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        self.layout_.addLayout(columns, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.print_button.setText(self.tr("결과지 인쇄"))
        self.qr_button.setText(self.tr("휴대폰으로 받기 (QR)"))
        if self.summary is not None:
            self._render(self.summary)
        super().retranslate()

    def title(self) -> str:
        return self.tr("측정 결과")

    def next_text(self) -> str | None:
        return self.tr("다른 측정 하기")

    def on_next(self) -> None:
        self.go("menu")

    def _text(self, ko: str, en: str) -> str:
        return en if self.ctx.language == "en" and en else ko

    def enter(self, params: dict[str, Any]) -> None:
        self.summary = params.get("result")
        self.qr.hide()
        self.chart.show()
        self.handoff_status.setText("")
        if self.summary is None:
            self.go("menu")
            return
        self._render(self.summary)
        self._load_trend(self.summary)
        if self.summary.speech_ko:
            self.say(self.summary.speech_ko)

    def _render(self, summary: ResultSummary) -> None:
        clear_layout(self.values_grid)
        per_row = 1
        for index, line in enumerate(summary.lines):
            row, column = divmod(index, per_row)
            name = QLabel(self._text(line.label_ko, line.label_en))
            value = QLabel(line.value_text)
            value.setObjectName(f"value-{index}")
            value.setProperty("role", "value")
            unit = QLabel(line.unit_text)
            self.values_grid.addWidget(name, row, column * 3)
            self.values_grid.addWidget(value, row, column * 3 + 1, Qt.AlignmentFlag.AlignRight)
            self.values_grid.addWidget(unit, row, column * 3 + 2)
        clear_layout(self.badges_layout)
        for index, category in enumerate(summary.categories):
            badge = CategoryBadge()
            badge.setObjectName(f"category-{index}")
            badge.set_category(self._text(category.label_ko, category.label_en),
                               category.tone, category.icon)
            self.badges_layout.addWidget(badge)
        self.explanation.setText(self._text(summary.explanation_ko, summary.explanation_en))

    # --- trend and hand-off -------------------------------------------------------------------
    def _load_trend(self, summary: ResultSummary) -> None:
        from measurements import history  # noqa: PLC0415

        visitor = self.ctx.visit.visitor_id
        if visitor is None or not summary.trend_values:
            self.chart.set_data([])
            return
        points = history.trend(self.ctx.db, visitor_id=visitor, kind=summary.kind,
                               names=summary.trend_values)
        series = [Series(history.display_name(name, self.ctx.language),
                         [(p.date_label, p.value) for p in points.get(name, [])])
                  for name in summary.trend_values]
        self.chart.set_data(series, unit=summary.lines[0].unit_text if summary.lines else "")

    def show_qr(self) -> None:
        from measurements import handoff  # noqa: PLC0415

        visit = self.ctx.visit.visit_id
        if visit is None:
            return
        payload = handoff.qr_payload(self.ctx.db, visit_id=visit)
        self.qr.set_payload(payload, size_px=self.ctx.metrics.panel.px(60))
        self.chart.hide()  # the QR takes the chart's place while the visitor scans it
        self.qr.show()
        self.handoff_status.setText(self.tr("휴대폰 카메라로 QR 코드를 비추세요."))
        self.say(self.handoff_status.text())

    def print_receipt(self) -> None:
        from kiosk.receipt import print_receipt  # noqa: PLC0415 - QtPrintSupport is heavy

        visit = self.ctx.visit.visit_id
        if visit is None:
            return
        try:
            where = print_receipt(self.ctx, visit_id=visit)
        except OSError as err:
            log.error("receipt printing failed: %s", err)
            self.handoff_status.setText(self.tr("인쇄하지 못했어요. 직원에게 말씀해 주세요."))
        else:
            self.ctx.extras["last_receipt"] = where
            self.handoff_status.setText(self.tr("결과지를 인쇄했어요. 아래에서 받아 가세요."))
        self.say(self.handoff_status.text())
