"""Manual entry of a battery item without a sensor, with a range check (typo guard).

Saved as a MeasurementRecord with provenance {"source": "manual", "by": staff id}.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout

from kiosk.screens.staff.base import StaffScreen
from kiosk.staff import battery
from kiosk.widgets.keypad import Keypad


class ManualEntryScreen(StaffScreen):
    screen_id = "staff-manual"
    permission = "assessment"
    back_target = "staff-battery"

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.item = battery.BATTERY[-1]
        self.heading = self.label("title", name="manual-heading")
        self.hint = self.label(name="manual-hint")
        self.value = QLineEdit()
        self.value.setObjectName("manual-value")
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.value.textChanged.connect(lambda _: self._edited())
        self.minus = QPushButton("±")
        self.minus.setObjectName("manual-sign")
        self.minus.clicked.connect(self._toggle_sign)
        self.error = self.label(name="manual-error")
        self.keypad = Keypad(ctx.metrics, decimal_point=True)
        self.keypad.digit.connect(self.value.insert)
        self.keypad.backspace.connect(self.value.backspace)
        self.keypad.clear.connect(self.value.clear)
        left = QVBoxLayout()
        for widget in (self.heading, self.hint, self.value, self.minus, self.error):
            left.addWidget(widget)
        left.addStretch(1)
        row = QHBoxLayout()
        row.addLayout(left, 1)
        row.addWidget(self.keypad, 1)
        self.layout_.addLayout(row, 1)
        self.retranslate()

    def title(self) -> str:
        return self.tr("직접 입력")

    def next_text(self) -> str | None:
        return self.tr("저장")

    def can_next(self) -> bool:
        return super().can_next() and bool(self.value.text().strip())

    def retranslate(self) -> None:
        self.heading.setText(self.tr(self.item.label_ko) + f" ({self.item.unit_ko})")
        self.hint.setText(self.tr(self.item.hint_ko))
        super().retranslate()

    def _edited(self) -> None:
        self.error.setText("")
        self.changed.emit()

    def _toggle_sign(self) -> None:
        text = self.value.text()
        self.value.setText(text[1:] if text.startswith("-") else "-" + text)

    def enter_permitted(self, params: dict[str, Any]) -> None:
        if self.ctx.visit.visit_id is None:
            self.go("staff-home")
            return
        self.item = battery.ITEMS[params.get("item", self.item.key)]
        self.value.clear()
        self.retranslate()

    def on_next(self) -> None:
        session = self.session
        if session is None:
            self.go("staff-sign-in", refused=self.screen_id)
            return
        try:
            value = battery.parse_manual(self.item, self.value.text())
        except battery.RangeError as err:
            self.error.setText(err.message_ko)
            return
        battery.save_manual(self.ctx, self.item, value, staff_id=session.staff_id,
                            role=session.role.value)
        self.ctx.visit.measured_kinds.add(self.item.key)
        self.go("staff-battery")
