"""One participant's battery: every item with its state, one button each, then the summary."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QWidget

from kiosk.screens.goodbye import end_visit
from kiosk.screens.staff.base import StaffScreen
from kiosk.staff import battery
from kiosk.widgets.layout import clear_layout

DEVICE_KIND = {"grip": "grip", "body_composition": "body_composition"}


class BatteryScreen(StaffScreen):
    screen_id = "staff-battery"
    permission = "assessment"
    back_target = "staff-home"

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.heading = self.label("title", name="battery-heading")
        self.items = QWidget()
        self.grid = QGridLayout(self.items)
        self.finish = QPushButton()
        self.finish.setObjectName("finish-participant")
        self.finish.clicked.connect(self.finish_participant)
        self.layout_.addWidget(self.heading)
        self.layout_.addWidget(self.items)
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.finish)
        self.retranslate()

    def retranslate(self) -> None:
        self.finish.setText(self.tr("이 참가자 검사 끝내기"))
        if self.allowed and self.ctx.visit.visit_id:
            self.refresh()
        super().retranslate()

    def title(self) -> str:
        visit = self.ctx.visit.visit_id
        return self.tr("체력 검사") + (f" — {visit[:6].upper()}" if visit else "")

    def next_text(self) -> str | None:
        return self.tr("결과 요약")

    def on_next(self) -> None:
        self.go("staff-summary")

    def enter_permitted(self, params: dict[str, Any]) -> None:
        if self.ctx.visit.visit_id is None:
            self.go("staff-home")
            return
        self.refresh()

    def refresh(self) -> None:
        clear_layout(self.grid)
        visit_id = self.ctx.visit.visit_id
        if visit_id is None:
            return
        lines = {line.key: line for line in battery.summary(self.ctx.db, visit_id)}
        for row, item in enumerate(battery.BATTERY):
            line = lines[item.key]
            done = ", ".join(f"{name} {value:g} {unit}" for name, value, unit in line.values)
            self.grid.addWidget(QLabel(self.tr(item.label_ko)), row, 0)
            self.grid.addWidget(QLabel(("✔ " + done) if line.values else "—"), row, 1)
            button = QPushButton(self.tr("다시 하기") if line.values else self.tr("하기"))
            button.setObjectName(f"item-{item.key}")
            reason = (self.ctx.devices.unavailable_reason(DEVICE_KIND[item.key])
                      if item.how == "device" else None)
            if reason:
                button.setText(self.tr("점검 중인 기기예요"))
                button.setEnabled(False)
            button.clicked.connect(lambda _=False, i=item: self.open_item(i))
            self.grid.addWidget(button, row, 2)

    def open_item(self, item: battery.Item) -> None:
        if item.how == "device":
            self.go("staff-measure", kind=DEVICE_KIND[item.key])
        elif item.how == "camera":
            self.go("camera-test", test=item.key)
        else:
            self.go("staff-manual", item=item.key)

    def finish_participant(self) -> None:
        end_visit(self.ctx, status="completed")
        self.go("staff-home")
