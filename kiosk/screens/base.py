"""What every screen shares.  One task per screen; the window owns the bars around it.

A screen sets its texts in ``retranslate()`` (called at construction and again when the
language changes), says whether "next" is available, and asks the window to move on by
emitting ``navigate``.  Screens never block: device work goes through the bridge.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from kiosk.context import KioskContext


class Screen(QWidget):
    navigate = Signal(str, dict)  # (screen id, parameters)
    changed = Signal()  # title / next availability changed

    screen_id = "screen"
    visitor_facing = True  # shows the call-staff button and counts toward inactivity
    back_target: str | None = None

    def __init__(self, ctx: KioskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName(self.screen_id)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setSpacing(ctx.metrics.gap_px)
        self.layout_.setContentsMargins(*(ctx.metrics.margin_px,) * 4)

    # --- texts ----------------------------------------------------------------------------
    def title(self) -> str:
        return ""

    def next_text(self) -> str | None:
        """Label of the fixed "next" button, or None to hide it on this screen."""
        return self.tr("다음")

    def can_next(self) -> bool:
        return True

    def retranslate(self) -> None:
        """Set every visible text; subclasses call super() last."""
        self.changed.emit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- lifecycle --------------------------------------------------------------------------
    def enter(self, params: dict[str, Any]) -> None:
        """The screen becomes visible with the given parameters."""

    def leave(self) -> None:
        """The screen is hidden: stop timers, cancel device work it started."""

    def on_next(self) -> None:
        """The fixed "next" button was released."""

    @property
    def busy(self) -> bool:
        """True while a device measurement runs (no inactivity timeout then)."""
        return False

    def apply_metrics(self) -> None:
        """The text size changed; fixed pixel sizes set in code are recomputed here."""

    # --- helpers ------------------------------------------------------------------------------
    def go(self, screen_id: str, **params: Any) -> None:
        self.navigate.emit(screen_id, params)

    def label(self, role: str = "", *, wrap: bool = True, name: str = "") -> QLabel:
        widget = QLabel()
        widget.setWordWrap(wrap)
        widget.setTextFormat(Qt.TextFormat.PlainText)
        if role:
            widget.setProperty("role", role)
        if name:
            widget.setObjectName(name)
        return widget

    def say(self, text: str) -> None:
        self.ctx.voice.say(text)
