"""UI language at runtime: Korean source strings, English through a QTranslator.

Screens write their texts in Korean (``self.tr("다음")``) and set them in ``retranslate()``.
Korean therefore needs no translation file; English comes from ``assets/i18n/kiosk_en.qm``,
built from ``kiosk_en.ts`` by ``scripts/update_translations`` (pyside6-lupdate +
pyside6-lrelease).  Installing or removing the translator makes Qt post a LanguageChange
event to every widget, and each screen's ``changeEvent`` calls ``retranslate()``.

A missing or unreadable .qm file never stops the station: it stays in Korean and logs why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from kiosk.config import ASSETS

log = logging.getLogger(__name__)

I18N_DIR = ASSETS / "i18n"
SOURCE_LANGUAGE = "ko"
LANGUAGES = ("ko", "en")


class Translations:
    """Owns the application's translator and switches language.

    Args:
        directory: where ``kiosk_<language>.qm`` files are.
        app: the application (default: the running QCoreApplication instance).
    """

    def __init__(self, directory: Path = I18N_DIR,
                 app: QCoreApplication | None = None) -> None:
        self.directory = directory
        self._app = app
        self._translator: QTranslator | None = None
        self.language = SOURCE_LANGUAGE
        self._listeners: list[Callable[[str], None]] = []

    def qm_path(self, language: str) -> Path:
        return self.directory / f"kiosk_{language}.qm"

    def on_change(self, listener: Callable[[str], None]) -> None:
        """Call ``listener(language)`` after each successful switch (voice, context...)."""
        self._listeners.append(listener)

    def _application(self) -> QCoreApplication:
        app = self._app or QCoreApplication.instance()
        if app is None:
            raise RuntimeError("create the QApplication before switching language")
        return app

    def set_language(self, language: str) -> bool:
        """Switch the UI to ``language`` ("ko" or "en").

        Returns:
            True if the UI is now in that language; False if its translation file is
            missing or unreadable (the UI then stays as it was).

        Raises:
            ValueError: not a supported language.
        """
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}; expected one of {LANGUAGES}")
        if language == self.language:
            return True
        translator: QTranslator | None = None
        if language != SOURCE_LANGUAGE:
            translator = QTranslator()
            path = self.qm_path(language)
            if not translator.load(str(path)):
                log.error("UI translation %s missing or unreadable; staying in %s",
                          path, self.language)
                return False
        app = self._application()
        if self._translator is not None:
            app.removeTranslator(self._translator)
        if translator is not None:
            app.installTranslator(translator)
        self._translator = translator
        self.language = language
        for listener in self._listeners:
            listener(language)
        return True

    def toggle(self) -> str:
        """Korean <-> English (what the language button does); returns the language now."""
        self.set_language("en" if self.language == SOURCE_LANGUAGE else SOURCE_LANGUAGE)
        return self.language

