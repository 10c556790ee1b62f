"""UI translations: the English .ts is complete and current, and switching works live."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from kiosk.app import KioskApp
from kiosk.i18n import I18N_DIR, Translations

ROOT = Path(__file__).resolve().parents[2]
TS_FILE = I18N_DIR / "kiosk_en.ts"
QM_FILE = I18N_DIR / "kiosk_en.qm"
VENV_BIN = ROOT / ".venv" / "bin"
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _messages(ts_file: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(ts_file).getroot()
    found = []
    for context in root.iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            # (an Element with no children is falsy: compare with None, never use `or`)
            found.append((context.findtext("name") or "", message.findtext("source") or "",
                          translation if translation is not None else ET.Element("x")))
    return found


def _tool(name: str) -> str:
    path = VENV_BIN / f"pyside6-{name}"
    found = str(path) if path.exists() else shutil.which(f"pyside6-{name}")
    if found is None:
        pytest.fail(f"pyside6-{name} is missing: PySide6-Essentials ships it")
    return found


def test_every_source_string_has_a_finished_english_translation() -> None:
    messages = _messages(TS_FILE)
    assert messages, "kiosk_en.ts has no strings: run scripts/update_translations"
    for context, source, translation in messages:
        where = f"{context}: {source!r}"
        assert translation.get("type") is None, f"{where} is {translation.get('type')}"
        english = translation.text or ""
        assert english.strip(), f"{where} has no translation"
        # Placeholders and line structure survive translation.
        assert re.findall(r"%\d", english) == re.findall(r"%\d", source), where
        assert english.count("\n") == source.count("\n"), where
        if context == "KioskWindow" and source == "English":
            continue  # the language button names the *other* language: 한국어
        assert not HANGUL.search(english), f"{where}: Hangul left in {english!r}"


def test_ts_file_lists_every_string_in_the_code(tmp_path: Path) -> None:
    # A screen string added without running scripts/update_translations would show up in
    # Korean on the English UI; extract afresh and compare.
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "kiosk").rglob("*.py"))
    subprocess.run([_tool("lupdate"), *sources, "-source-language", "ko", "-target-language",
                    "en", "-silent", "-ts", str(fresh)], check=True, cwd=tmp_path)
    in_code = {(c, s) for c, s, _ in _messages(fresh)}
    in_ts = {(c, s) for c, s, _ in _messages(TS_FILE)}
    assert in_code <= in_ts, (f"run scripts/update_translations; new strings: "
                              f"{sorted(in_code - in_ts)}")


def test_qm_is_compiled_from_the_current_ts(tmp_path: Path) -> None:
    rebuilt = tmp_path / "kiosk_en.qm"
    subprocess.run([_tool("lrelease"), "-silent", str(TS_FILE), "-qm", str(rebuilt)],
                   check=True)
    assert rebuilt.read_bytes() == QM_FILE.read_bytes(), "run scripts/update_translations"


def test_switching_language_retranslates_the_live_window(station: KioskApp) -> None:
    window = station.window
    # the station's own Translations: it also tells the window (and voice) the language
    translations = station.ctx.extras["translations"]
    heard: list[str] = []
    translations.on_change(heard.append)
    assert window.staff.text() == "직원 호출"
    assert window.language.text() == "English"

    try:
        assert translations.set_language("en")
        QCoreApplication.processEvents()  # LanguageChange events are posted
        assert window.staff.text() == "Call staff"
        assert window.language.text() == "한국어"
        assert window.back.text() == "◀ Back"
        assert window.current is not None
        assert not HANGUL.search(window.title.text()), window.title.text()

        assert translations.toggle() == "ko"
        QCoreApplication.processEvents()
        assert window.staff.text() == "직원 호출"
        assert heard == ["en", "ko"]
    finally:
        translations.set_language("ko")  # never leave English installed for later tests


def test_a_missing_translation_file_keeps_korean(qapp: QApplication, tmp_path: Path,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    translations = Translations(directory=tmp_path)
    assert not translations.set_language("en")
    assert translations.language == "ko"
    assert "missing or unreadable" in caplog.text


def test_unknown_language_is_rejected(qapp: QApplication) -> None:
    with pytest.raises(ValueError, match="unsupported"):
        Translations().set_language("fr")


def _run_script(ts_file: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(VENV_BIN / "python"), str(ROOT / "scripts" / "update_translations"),
                           "--check", "--ts", str(ts_file)],
                          capture_output=True, text=True, check=False, cwd=ROOT)


def test_update_script_extracts_compiles_and_checks(tmp_path: Path) -> None:
    ts_file = tmp_path / "kiosk_en.ts"
    shutil.copy(TS_FILE, ts_file)
    result = _run_script(ts_file)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 untranslated" in result.stdout
    assert (tmp_path / "kiosk_en.qm").read_bytes() == QM_FILE.read_bytes()

    # A translation taken away is reported and fails --check.
    text = ts_file.read_text(encoding="utf-8").replace(
        "<translation>Call staff</translation>",
        '<translation type="unfinished"></translation>')
    ts_file.write_text(text, encoding="utf-8")
    result = _run_script(ts_file)
    assert result.returncode == 1
    assert "untranslated: '직원 호출'" in result.stdout
