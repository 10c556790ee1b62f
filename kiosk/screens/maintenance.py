"""Shown instead of the visitor flow when the station cannot run (e.g. a broken config).

The message is for staff; visitors see that the station is out of service, never a traceback.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from kiosk.screens.base import Screen


class MaintenanceScreen(Screen):
    screen_id = "maintenance"
    visitor_facing = False

    def __init__(self, ctx: Any, problem: str = "") -> None:
        super().__init__(ctx)
        self.problem = problem
        self.heading = self.label("title", name="maintenance-heading")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = self.label(name="maintenance-detail")
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.heading)
        self.layout_.addWidget(self.detail)
        self.layout_.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("지금은 측정소를 점검하고 있어요.\n직원에게 말씀해 주세요."))
        self.detail.setText(self.tr("직원용 정보: ") + self.problem)
        super().retranslate()

    def title(self) -> str:
        return self.tr("점검 중")

    def next_text(self) -> str | None:
        return None
