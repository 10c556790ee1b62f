"""Load the bundled Korean font so Hangul renders on any machine (stack-probe.md §2).

Without it, a station with only DejaVu installed draws every Hangul glyph as a box.  The font
is Noto Sans KR (SIL Open Font License 1.1, assets/fonts/OFL.txt).
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFontDatabase

from kiosk.config import ASSETS

log = logging.getLogger(__name__)
FONT_FILE = ASSETS / "fonts" / "NotoSansKR-Regular.otf"
FALLBACK_FAMILY = "Noto Sans KR"


def load_korean_font() -> str:
    """Register the bundled font with Qt and return its family name."""
    font_id = QFontDatabase.addApplicationFont(str(FONT_FILE))
    if font_id < 0:
        log.error("could not load %s; Hangul may render as boxes", FONT_FILE)
        return FALLBACK_FAMILY
    families = QFontDatabase.applicationFontFamilies(font_id)
    return families[0] if families else FALLBACK_FAMILY
