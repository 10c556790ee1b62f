"""A guideline category as colour + icon + word: never colour alone (WCAG 1.4.1)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from kiosk import theme

ICONS = {"ok": "✔", "caution": "▲", "alert": "⚠", "info": "ℹ"}


class CategoryBadge(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setProperty("role", "title")

    def set_category(self, label: str, tone: str, icon: str) -> None:
        fg, bg = theme.CATEGORY_COLOURS.get(tone, theme.CATEGORY_COLOURS["info"])
        self.setText(f"{ICONS.get(icon, ICONS['info'])} {label}")
        self.setStyleSheet(f"color: {fg}; background: {bg}; border: 4px solid {fg};"
                           " padding: 12px; border-radius: 12px;")
