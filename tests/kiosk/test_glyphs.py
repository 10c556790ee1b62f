"""The tofu detector finds missing glyphs when they exist, and the bundled font has none."""

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel

from kiosk.fonts import load_korean_font
from kiosk.glyphs import find_tofu, notdef_count

HANGUL = "혈압을 재 볼게요. 악력, 체성분"


def test_bundled_font_draws_every_hangul_glyph(qapp) -> None:
    font = QFont(load_korean_font())
    assert notdef_count(HANGUL, font) == 0


def test_a_font_without_hangul_is_detected(qapp) -> None:
    # DejaVu has no Hangul; with fallback disabled every syllable is the .notdef box
    font = QFont("DejaVu Sans")
    font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
    syllables = sum(1 for ch in HANGUL if "\uac00" <= ch <= "\ud7a3")
    assert notdef_count(HANGUL, font) == syllables
    assert notdef_count("Blood pressure 120/80", font) == 0


def test_find_tofu_reports_the_widget(qtbot) -> None:
    label = QLabel(HANGUL)
    label.setObjectName("broken")
    font = QFont("DejaVu Sans")
    font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
    label.setFont(font)
    qtbot.addWidget(label)
    label.show()
    assert [t.widget for t in find_tofu(label)] == ["broken"]
    label.setFont(QFont(load_korean_font()))
    assert find_tofu(label) == []
