"""Physical sizes, colours and contrast: the elderly-first layout as numbers you can check.

Targets (shared/reference/health-kiosk-anchors.md §4: MSIT notice / KS X 9211 drafts, WCAG 2.2
via WCAG2ICT, and the report's recommended spec):

* body text at least 12 mm tall on the target screen (MSIT notice, current text);
* touch targets at least 15 mm with at least 3 mm between them (the report's spec; above
  WCAG 2.5.5's 44 px and the 11.2 mm recommended for elderly pointing);
* text contrast at least 7:1 (WCAG 1.4.6 AAA; the legal floor is 4.5:1);
* a text-size toggle up to 200 % (MSIT notice, WCAG 1.4.4).

"Text height" is measured as the ink height of a Hangul syllable (the tight bounding box
of "한", which has both an ascending and a descending stroke) at the font's pixel size, converted
to millimetres with the panel's real pixel pitch.  tests/kiosk/test_accessibility.py measures
it with QFontMetrics on the bundled font rather than trusting a ratio.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MM_PER_INCH = 25.4

MIN_TEXT_MM = 12.0
MIN_TARGET_MM = 15.0
MIN_GAP_MM = 3.0
MIN_CONTRAST = 7.0
TEXT_SCALES = (1.0, 1.5, 2.0)  # the toggle cycles through these; 2.0 = 200 %


@dataclass(frozen=True)
class Panel:
    diagonal_in: float = 21.5
    width_px: int = 1920
    height_px: int = 1080

    @property
    def dpi(self) -> float:
        return math.hypot(self.width_px, self.height_px) / self.diagonal_in

    def px(self, mm: float) -> int:
        """Millimetres on the panel -> device pixels (rounded up: never smaller than asked)."""
        return math.ceil(mm * self.dpi / MM_PER_INCH)

    def mm(self, px: float) -> float:
        return px * MM_PER_INCH / self.dpi


# Colours: every foreground/background pair used for text is listed in TEXT_PAIRS and
# checked against MIN_CONTRAST by the tests.
INK = "#111418"  # body text
PAPER = "#FFFFFF"
PAPER_ALT = "#F1F4F8"  # panels
PRIMARY = "#0B3D91"  # primary button background (white text)
PRIMARY_PRESSED = "#062A66"
SECONDARY_INK = "#0B3D91"  # secondary button text on PAPER_ALT
STAFF = "#8A1C00"  # call-staff button background (white text)
DISABLED_INK = "#3D4652"  # still >= 7:1 on PAPER_ALT: disabled must stay readable
# Result categories: colour is never alone (word + icon always accompany it)
CATEGORY_COLOURS = {
    "normal": ("#0F5A1E", "#E6F4EA"),  # text, background
    "caution": ("#5C3A00", "#FFF4D6"),
    "warning": ("#7A2E00", "#FDE7D9"),
    "danger": ("#8A0010", "#FBE3E6"),
    "info": ("#0B3D91", "#E7EEF9"),
}

TEXT_PAIRS: dict[str, tuple[str, str]] = {
    "body": (INK, PAPER),
    "panel": (INK, PAPER_ALT),
    "primary-button": (PAPER, PRIMARY),
    "primary-button-pressed": (PAPER, PRIMARY_PRESSED),
    "secondary-button": (SECONDARY_INK, PAPER_ALT),
    "disabled-button": (DISABLED_INK, PAPER_ALT),
    "staff-button": (PAPER, STAFF),
    **{f"category-{name}": pair for name, pair in CATEGORY_COLOURS.items()},
}


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour (WCAG 2.2, definition of the term)."""
    value = hex_colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


@dataclass(frozen=True)
class Metrics:
    """Pixel sizes for one panel and one text scale; widgets read sizes only from here."""

    panel: Panel
    text_scale: float = 1.0
    # Font pixel sizes at 100 %, chosen so the Hangul ink height clears MIN_TEXT_MM with a
    # margin on the default panel (checked by test_accessibility.py with real font metrics).
    body_em_mm: float = 14.5
    title_em_mm: float = 17.0
    value_em_mm: float = 20.0  # measured values on the result screen

    @property
    def body_px(self) -> int:
        return self.panel.px(self.body_em_mm * self.text_scale)

    @property
    def title_px(self) -> int:
        return self.panel.px(self.title_em_mm * self.text_scale)

    @property
    def value_px(self) -> int:
        return self.panel.px(self.value_em_mm * min(self.text_scale, 1.5))

    @property
    def target_px(self) -> int:
        # 20 mm: a third above the 15 mm floor; grows with the text so labels still fit
        return self.panel.px(20.0 * max(1.0, self.text_scale * 0.8))

    @property
    def gap_px(self) -> int:
        return self.panel.px(6.0)

    @property
    def margin_px(self) -> int:
        return self.panel.px(6.0)


def stylesheet(metrics: Metrics, family: str) -> str:
    """The application style sheet: one place for colours and sizes."""
    m = metrics
    return f"""
    QWidget {{ font-family: "{family}"; font-size: {m.body_px}px; color: {INK};
               background: {PAPER}; }}
    QLabel[role="title"] {{ font-size: {m.title_px}px; font-weight: bold; }}
    QLabel[role="value"] {{ font-size: {m.value_px}px; font-weight: bold; }}
    QLabel[role="hint"] {{ color: {INK}; }}
    QFrame[role="panel"], QWidget[role="bar"] {{ background: {PAPER_ALT}; }}
    QWidget[role="bar"] QLabel {{ background: {PAPER_ALT}; }}
    QPushButton {{ min-height: {m.target_px}px; min-width: {m.target_px}px;
                   padding: 0 {m.gap_px * 2}px; border-radius: {m.gap_px}px;
                   background: {PAPER_ALT}; color: {SECONDARY_INK};
                   border: 3px solid {SECONDARY_INK}; font-weight: bold; }}
    QPushButton[role="primary"] {{ background: {PRIMARY}; color: {PAPER};
                                   border: 3px solid {PRIMARY}; }}
    QPushButton[role="primary"]:pressed {{ background: {PRIMARY_PRESSED}; }}
    QPushButton[role="staff"] {{ background: {STAFF}; color: {PAPER}; border-color: {STAFF}; }}
    QPushButton:checked {{ background: {PRIMARY}; color: {PAPER}; }}
    QPushButton:disabled {{ color: {DISABLED_INK}; border-color: {DISABLED_INK};
                            border-style: dashed; }}
    QLineEdit {{ min-height: {m.target_px}px; border: 3px solid {INK};
                 border-radius: {m.gap_px}px; padding: 0 {m.gap_px}px; }}
    """
