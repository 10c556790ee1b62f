"""Measurement menu: one big button per measurement, plus history and "finish"."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPushButton

from kiosk.screens.base import Screen

MEASUREMENTS = (  # (screen parameter, object name)
    ("blood_pressure", "menu-bp"),
    ("body_composition", "menu-body"),
    ("grip", "menu-grip"),
)


class MenuScreen(Screen):
    screen_id = "menu"

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.question = self.label("title")
        self.layout_.addWidget(self.question)
        self.buttons: dict[str, QPushButton] = {}
        for kind, name in MEASUREMENTS:
            button = QPushButton()
            button.setObjectName(name)
            button.clicked.connect(lambda _=False, k=kind: self.go("measure", kind=k))
            self.layout_.addWidget(button)
            self.buttons[kind] = button
        self.history = QPushButton()
        self.history.setObjectName("menu-history")
        self.history.clicked.connect(lambda: self.go("history"))
        self.layout_.addWidget(self.history)
        self.status = self.label(name="menu-status")
        self.layout_.addWidget(self.status)
        self.layout_.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.question.setText(self.tr("무엇을 재 볼까요?"))
        done = self.ctx.visit.measured_kinds
        labels = {
            "blood_pressure": self.tr("혈압 재기"),
            "body_composition": self.tr("체중·체성분 재기"),
            "grip": self.tr("악력 재기"),
        }
        for kind, button in self.buttons.items():
            lock = self.ctx.devices.unavailable_reason(kind)
            text = labels[kind]
            if kind in done:
                text = "✔ " + text + self.tr(" (완료)")
            if lock:
                text += "\n" + self.tr("점검 중인 기기예요")
            button.setText(text)
            button.setEnabled(not lock)
        self.history.setText(self.tr("지난 기록 보기"))
        self.history.setVisible(self.ctx.visit.member)
        super().retranslate()

    def title(self) -> str:
        return self.tr("측정 고르기")

    def next_text(self) -> str | None:
        return self.tr("측정 마치기")

    def enter(self, params: dict[str, Any]) -> None:
        self.retranslate()

    def on_next(self) -> None:
        self.go("goodbye")
