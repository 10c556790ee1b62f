"""Attract screen: what the station is, and one big way in."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QPushButton

from kiosk.screens.base import Screen


class IdleScreen(Screen):
    screen_id = "idle"
    visitor_facing = False  # nobody is being timed out here

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.heading = self.label("title", name="idle-heading")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = self.label(name="idle-body")
        self.body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.start = QPushButton()
        self.start.setObjectName("start")
        self.start.setProperty("role", "primary")
        self.start.clicked.connect(self.on_next)
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.heading)
        self.layout_.addWidget(self.body)
        self.layout_.addWidget(self.start)
        self.layout_.addStretch(1)
        # staff entry (issue #7): small, in the corner, still a >= 15 mm target
        self.staff_entry = QPushButton()
        self.staff_entry.setObjectName("staff-entry")
        self.staff_entry.clicked.connect(lambda: self.go("staff-sign-in"))
        self.layout_.addWidget(self.staff_entry, 0, Qt.AlignmentFlag.AlignRight)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("라이프로그 건강측정소"))
        self.body.setText(self.tr("혈압, 체중과 체성분, 악력을 직접 재 보세요.\n"
                                  "측정 결과는 지난번 결과와 함께 보여 드려요."))
        self.start.setText(self.tr("화면을 눌러 시작하기"))
        self.staff_entry.setText(self.tr("직원"))
        super().retranslate()

    def title(self) -> str:
        return self.tr("환영합니다")

    def next_text(self) -> str | None:
        return None

    def enter(self, params: dict[str, Any]) -> None:
        self.ctx.new_visit_state()
        # the next visitor starts in the station's language, whatever the last one chose
        translations = self.ctx.extras.get("translations")
        if translations is not None and translations.language != self.ctx.config.language:
            translations.set_language(self.ctx.config.language)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        # the whole attract screen is one target: a tap anywhere starts (on release)
        self.on_next()
        super().mouseReleaseEvent(event)

    def on_next(self) -> None:
        self.say(self.tr("안녕하세요. 측정을 시작하려면 본인 확인 방법을 골라 주세요."))
        self.go("identify")
