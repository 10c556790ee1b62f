"""Detect missing-glyph boxes ("tofu") in what a screen actually draws.

Every visible text widget's text is laid out with the widget's own font through
QTextLayout, exactly as Qt paints it, font fallback included; each glyph run reports the
raw font used and its glyph indexes.  Glyph index 0 is the font's ``.notdef`` glyph -- the
empty box drawn for a character no font could supply (OpenType spec, 'glyf'/'CFF ' tables:
glyph 0 must be .notdef).  Without the bundled Korean font, every Hangul syllable on a
machine with only DejaVu comes out as index 0 (stack-probe.md §2).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget


@dataclass(frozen=True)
class Tofu:
    widget: str
    text: str
    font_family: str


def notdef_count(text: str, font: QFont) -> int:
    """How many characters of ``text`` would be drawn as the missing-glyph box."""
    printable = "".join(ch for ch in text if not ch.isspace())
    if not printable:
        return 0
    layout = QTextLayout(printable, font)
    layout.beginLayout()
    line = layout.createLine()
    while line.isValid():
        line.setLineWidth(1_000_000)
        line = layout.createLine()
    layout.endLayout()
    return sum(
        1 for run in layout.glyphRuns() for index in run.glyphIndexes() if index == 0
    )


def _texts(widget: QWidget) -> list[str]:
    if isinstance(widget, QLabel):
        return [widget.text()]
    if isinstance(widget, QAbstractButton):
        return [widget.text()]
    if isinstance(widget, QLineEdit):
        return [widget.text(), widget.placeholderText()]
    return []


def find_tofu(root: QWidget) -> list[Tofu]:
    """Every visible text under ``root`` that would show at least one missing-glyph box."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        for text in _texts(widget):
            if text and notdef_count(text, widget.font()):
                found.append(Tofu(widget.objectName() or type(widget).__name__, text,
                                  widget.font().family()))
    return found
