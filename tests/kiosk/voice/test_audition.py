"""The prompt audition tool writes listenable WAVs and a review table."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from kiosk.voice.__main__ import main


def test_audition_writes_a_wav_and_a_row_per_prompt(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path), "bp.result", "goodbye"]) == 0
    with wave.open(str(tmp_path / "ko-bp.result.wav")) as wav:
        assert wav.getnframes() / wav.getframerate() > 1.0
    rows = (tmp_path / "prompts-ko.tsv").read_text(encoding="utf-8").splitlines()
    assert rows[1].split("\t")[:3] == [
        "bp.result", "최고 혈압 백이십, 최저 혈압 팔십입니다.",
        "최고 혈압 백이십, 최저 혈압 팔십임니다."]  # 입니다 respelled for espeak (18항)
    assert len(rows) == 3
    assert "2 prompts written" in capsys.readouterr().out


def test_audition_rejects_unknown_keys(tmp_path: Path) -> None:
    assert main([str(tmp_path), "no.such.key"]) == 2
    assert not list(tmp_path.iterdir())
