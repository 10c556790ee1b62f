"""A large numeric keypad for phone numbers, birth dates and card numbers.

Physical keypads are not always present, and touch keypads are where older users make
most errors (health-kiosk-anchors.md §4.3), so keys are big, spaced, and act on release.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from kiosk.theme import Metrics


class Keypad(QWidget):
    digit = Signal(str)
    backspace = Signal()
    clear = Signal()

    def __init__(self, metrics: Metrics, parent: QWidget | None = None, *,
                 decimal_point: bool = False) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setSpacing(metrics.gap_px)
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "back"]
        if decimal_point:  # heights and waists: 158.5
            keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", ".", "0", "back"]
        self.buttons: dict[str, QPushButton] = {}
        for index, key in enumerate(keys):
            label = {"clear": self.tr("지우기"), "back": self.tr("← 한 칸")}.get(key, key)
            button = QPushButton(label)
            button.setObjectName(f"key-{key}")
            button.setMinimumSize(metrics.target_px, metrics.target_px)
            if key == "clear":
                button.clicked.connect(self.clear)
            elif key == "back":
                button.clicked.connect(self.backspace)
            else:
                button.clicked.connect(lambda _=False, k=key: self.digit.emit(k))
            grid.addWidget(button, index // 3, index % 3)
            self.buttons[key] = button
