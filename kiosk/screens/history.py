"""A member's past results: pick a measurement, see its trend and the last visits.

Only members reach it (guests have no history).  Values come from role='result' rows of
earlier visits (measurements/history.py); each category is shown as word + icon.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QWidget

from kiosk.screens.base import Screen
from kiosk.widgets.category_badge import ICONS
from kiosk.widgets.trend_chart import Series, TrendChart

KINDS = {  # kind -> value names to chart
    "blood_pressure": ("systolic", "diastolic"),
    "body_composition": ("mass", "bmi"),
    "grip": ("grip",),
}
VISITS_SHOWN = 5


class HistoryScreen(Screen):
    screen_id = "history"
    back_target = "menu"

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.kind = "blood_pressure"
        tabs = QWidget()
        row = QHBoxLayout(tabs)
        row.setSpacing(ctx.metrics.gap_px * 2)
        self.group = QButtonGroup(self)
        self.tabs: dict[str, QPushButton] = {}
        for kind in KINDS:
            button = QPushButton()
            button.setObjectName(f"history-{kind}")
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, k=kind: self.show_kind(k))
            self.group.addButton(button)
            row.addWidget(button)
            self.tabs[kind] = button
        self.chart = TrendChart()
        self.chart.setObjectName("history-trend")
        self.listing = self.label(name="history-list")
        self.layout_.addWidget(tabs)
        self.layout_.addWidget(self.chart, 1)
        self.layout_.addWidget(self.listing)
        self.retranslate()

    def retranslate(self) -> None:
        labels = {"blood_pressure": self.tr("혈압"), "body_composition": self.tr("체중·체성분"),
                  "grip": self.tr("악력")}
        for kind, button in self.tabs.items():
            button.setText(labels[kind])
        super().retranslate()

    def title(self) -> str:
        return self.tr("지난 기록")

    def next_text(self) -> str | None:
        return self.tr("메뉴로")

    def on_next(self) -> None:
        self.go("menu")

    def enter(self, params: dict[str, Any]) -> None:
        self.show_kind(params.get("kind", self.kind))

    def show_kind(self, kind: str) -> None:
        from measurements import history  # noqa: PLC0415

        self.kind = kind
        self.tabs[kind].setChecked(True)
        visitor = self.ctx.visit.visitor_id
        if visitor is None:
            self.chart.set_data([])
            self.listing.setText(self.tr("회원만 지난 기록을 볼 수 있어요."))
            return
        names = KINDS[kind]
        points = history.trend(self.ctx.db, visitor_id=visitor, kind=kind, names=names)
        language = self.ctx.language
        self.chart.set_data(
            [Series(history.display_name(n, language),
                    [(p.date_label, p.value) for p in points.get(n, [])]) for n in names],
            unit=history.display_unit(names[0]))
        found = history.results(self.ctx.db, visitor_id=visitor, kind=kind)[-VISITS_SHOWN:]
        if not found:
            self.listing.setText(self.tr("아직 기록이 없어요."))
            return
        lines = []
        for result in reversed(found):
            values = " / ".join(f"{result.values[n][0]:g}" for n in names if n in result.values)
            unit = history.display_unit(names[0])
            info = result.interpretation
            label = info.get("label_en" if language == "en" else "label_ko", "")
            icon = ICONS.get(str(info.get("icon", "")), "")
            lines.append(f"{result.date_text}   {values} {unit}   {icon} {label}".rstrip())
        self.listing.setText("\n".join(lines))
