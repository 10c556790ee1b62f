"""The elderly-first layout figures, computed from the code and the real bundled font.

Targets (kiosk/theme.py docstring): text >= 12 mm, targets >= 15 mm with >= 3 mm gaps,
contrast >= 7:1, text size up to 200 % -- on the assumed 21.5-inch 1920x1080 panel.
"""

import pytest
from PySide6.QtGui import QFont, QFontMetricsF

from kiosk import theme
from kiosk.fonts import load_korean_font

PANEL = theme.Panel()


def test_assumed_panel_is_the_documented_one() -> None:
    assert (PANEL.diagonal_in, PANEL.width_px, PANEL.height_px) == (21.5, 1920, 1080)
    assert PANEL.dpi == pytest.approx(102.46, abs=0.01)


@pytest.mark.parametrize("scale", theme.TEXT_SCALES)
def test_body_text_ink_is_at_least_12_mm_tall(qapp, scale: float) -> None:
    family = load_korean_font()
    metrics = theme.Metrics(PANEL, text_scale=scale)
    font = QFont(family)
    font.setPixelSize(metrics.body_px)
    ink_px = QFontMetricsF(font).tightBoundingRect("한").height()
    assert PANEL.mm(ink_px) >= theme.MIN_TEXT_MM * scale


def test_text_size_goes_up_to_200_percent() -> None:
    assert max(theme.TEXT_SCALES) == 2.0
    small, large = theme.Metrics(PANEL, 1.0), theme.Metrics(PANEL, 2.0)
    assert large.body_px >= 2 * small.body_px - 1


@pytest.mark.parametrize("scale", theme.TEXT_SCALES)
def test_touch_targets_and_gaps(scale: float) -> None:
    metrics = theme.Metrics(PANEL, text_scale=scale)
    assert PANEL.mm(metrics.target_px) >= theme.MIN_TARGET_MM
    assert PANEL.mm(metrics.gap_px) >= theme.MIN_GAP_MM


@pytest.mark.parametrize(("name", "pair"), sorted(theme.TEXT_PAIRS.items()))
def test_every_text_colour_pair_has_7_to_1_contrast(name: str, pair: tuple[str, str]) -> None:
    assert theme.contrast_ratio(*pair) >= theme.MIN_CONTRAST, name


def test_contrast_formula_matches_wcag_reference_values() -> None:
    assert theme.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert theme.contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_stylesheet_colours_are_all_checked() -> None:
    """Every colour literal in the style sheet is part of a checked text pair."""
    import re

    sheet = theme.stylesheet(theme.Metrics(PANEL), "X")
    used = {c.upper() for c in re.findall(r"#[0-9A-Fa-f]{6}", sheet)}
    checked = {c.upper() for pair in theme.TEXT_PAIRS.values() for c in pair}
    assert used <= checked
