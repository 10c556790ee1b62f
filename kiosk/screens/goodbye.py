"""Closing the visit: the record is queued for upload, then back to the idle screen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer

from kiosk.screens.base import Screen
from measurements import store

GOODBYE_SECONDS = 8


class GoodbyeScreen(Screen):
    screen_id = "goodbye"
    visitor_facing = False

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.message = self.label("title")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.message)
        self.layout_.addStretch(1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(lambda: self.go("idle"))
        self.retranslate()

    def retranslate(self) -> None:
        self.message.setText(self.tr("수고하셨어요.\n결과는 안전하게 저장했어요.\n건강한 하루 보내세요."))
        super().retranslate()

    def title(self) -> str:
        return self.tr("측정 끝")

    def next_text(self) -> str | None:
        return self.tr("처음으로")

    def enter(self, params: dict[str, Any]) -> None:
        end_visit(self.ctx, status="completed")
        self.say(self.message.text().replace("\n", " "))
        self.timer.start(GOODBYE_SECONDS * 1000)

    def leave(self) -> None:
        self.timer.stop()

    def on_next(self) -> None:
        self.go("idle")


def end_visit(ctx: Any, *, status: str) -> None:
    """Close the open visit (if any) and forget everything about the visitor on screen."""
    if ctx.visit.visit_id is not None:
        store.close_visit(ctx.db, ctx.visit.visit_id, now=ctx.clock.now(), status=status)
    ctx.new_visit_state()
