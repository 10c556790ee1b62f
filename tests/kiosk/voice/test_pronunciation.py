"""Consonant assimilation (표준 발음법 제18-20항) for espeak-ng; examples from the rules."""

from __future__ import annotations

import pytest

from kiosk.voice.pronunciation import apply_sound_changes


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("시작합니다", "시작함니다"),  # ㅂ + ㄴ -> ㅁ (stack-probe §3: espeak said /p/)
        ("끝났습니다", "끈났슴니다"),  # ㅌ + ㄴ -> ㄴ, ㅆ... ㅂ + ㄴ -> ㅁ
        ("국물", "궁물"),  # ㄱ + ㅁ -> ㅇ
        ("깎는", "깡는"),  # ㄲ + ㄴ -> ㅇ
        ("있는", "인는"),  # ㅆ + ㄴ -> ㄴ
        ("놓는", "논는"),  # ㅎ + ㄴ -> ㄴ
        ("밟는", "밤는"),  # ㄼ + ㄴ -> ㅁ
        ("앞마당", "암마당"),  # ㅍ + ㅁ -> ㅁ
        ("측정을 시작", "측정을 시작"),  # no ㄴ/ㅁ after: unchanged
        ("잡 니다", "잡 니다"),  # across a space: not one word, unchanged
        ("안녕하세요", "안녕하세요"),  # ㄴ final is already nasal
        ("mmHg 120", "mmHg 120"),  # not Hangul: untouched
        ("", ""),
    ],
)
def test_nasalization(text: str, spoken: str) -> None:
    assert apply_sound_changes(text) == spoken


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("심리", "심니"),  # 19항: ㅁ + ㄹ -> ㄴ
        ("종로", "종노"),  # 19항: ㅇ + ㄹ -> ㄴ
        ("주민등록번호", "주민등녹번호"),  # 19항 inside a long word
        ("국립", "궁닙"),  # 19항 then 18항: 국닙 -> 궁닙
        ("협력", "혐녁"),  # 19항 then 18항
        ("관리", "괄리"),  # 20항: ㄴ + ㄹ -> ㄹㄹ
        ("신라", "실라"),
        ("설날", "설랄"),  # 20항: ㄹ + ㄴ -> ㄹㄹ
        ("칼날", "칼랄"),
        ("건강 관리를 시작합니다", "건강 괄리를 시작함니다"),
    ],
)
def test_liquid_assimilation(text: str, spoken: str) -> None:
    assert apply_sound_changes(text) == spoken
