"""The spoken prompt catalogue: every prompt renders, in words espeak-ng can read.

espeak-ng reads digits group by group and Latin letters in English (stack-probe §3), so a
Korean prompt with [0-9A-Za-z] left in it would be spoken wrongly.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.voice.prompts import PROMPTS, prompt, template_fields

NOT_SPOKEN_IN_KOREAN = re.compile(r"[0-9A-Za-z]")

# Variable particles: (after a final consonant, after a vowel).
PARTICLES = (("은", "는"), ("이", "가"), ("을", "를"), ("과", "와"), ("으로", "로"))


def _renderings(key: str) -> list[dict[str, Any]]:
    fields = PROMPTS[key].fields
    base = {name: kind.example for name, kind in fields.items()}
    cases = [base]
    for name, kind in fields.items():
        cases += [{**base, name: value} for value in kind.samples]
    return cases


@pytest.mark.parametrize("key", sorted(PROMPTS))
def test_every_korean_prompt_is_written_as_pronounced(key: str) -> None:
    for values in _renderings(key):
        text = prompt(key, "ko", **values)
        assert text.strip(), key
        leftovers = NOT_SPOKEN_IN_KOREAN.findall(text)
        assert not leftovers, f"{key} {values}: {text!r} still has {leftovers}"


@pytest.mark.parametrize("key", sorted(PROMPTS))
def test_english_prompt_renders_with_the_same_fields(key: str) -> None:
    entry = PROMPTS[key]
    assert template_fields(entry.ko) == set(entry.fields) == template_fields(entry.en), key
    text = prompt(key, "en", **{n: k.example for n, k in entry.fields.items()})
    assert text.strip()
    assert not re.search(r"[\uac00-\ud7a3]", text), f"Hangul in English prompt {key}"


def _has_final_consonant(word: str) -> bool:
    last = word.rstrip()[-1]
    assert "\uac00" <= last <= "\ud7a3", f"value words must end in Hangul: {word!r}"
    return (ord(last) - 0xAC00) % 28 != 0


@pytest.mark.parametrize("key", sorted(k for k, p in PROMPTS.items() if p.fields))
def test_particles_after_values_agree_with_the_spoken_word(key: str) -> None:
    # "{hand}으로" is right for 왼손/오른손 but "{x}으로" after a vowel would be wrong: every
    # value a field can take must agree with the particle written after it.
    entry = PROMPTS[key]
    for name, kind in entry.fields.items():
        after = entry.ko.split("{" + name + "}", 1)[1]
        for consonant_form, vowel_form in PARTICLES:
            for form, needs_consonant in ((consonant_form, True), (vowel_form, False)):
                if not after.startswith(form):
                    continue
                if form in ("이", "으로") and after.startswith(("입니다", "이에요")):
                    continue  # 이다 copula: 입니다 is fine after both
                for value in kind.samples:
                    word = kind.ko(value)
                    assert _has_final_consonant(word) == needs_consonant, (key, word, form)


def test_bp_result_reads_the_values_as_words() -> None:
    assert prompt("bp.result", systolic=120, diastolic=80) == "최고 혈압 백이십, 최저 혈압 팔십입니다."
    assert prompt("bp.result", "en", systolic=120, diastolic=80) == (
        "Your blood pressure is 120 over 80.")


def test_measurement_prompts_use_the_right_number_system() -> None:
    assert prompt("body.weight_result", mass=72.5) == "체중은 칠십이 점 오 킬로그램입니다."
    assert prompt("grip.result", hand="left", force=28) == "왼손 악력은 이십팔 킬로그램입니다."
    assert prompt("grip.squeeze", duration=3) == "시작하면 삼 초 동안 힘껏 쥐어 주세요."
    assert prompt("bp.again_after_rest", times=1) == "잠시 쉬었다가 한 번 더 잴게요."
    assert prompt("body.weight_result", "en", mass=72.0) == "Your weight is 72 kilograms."


def test_inactivity_warning_is_the_agreed_sentence() -> None:
    assert prompt("session.inactivity") == "계속하시려면 화면을 눌러 주세요."


@pytest.mark.parametrize(
    ("key", "values"),
    [
        ("bp.result", {"systolic": 120}),  # missing
        ("bp.result", {"systolic": 120, "diastolic": 80, "pulse": 70}),  # unexpected
        ("bp.category", {"category": "stage_9"}),  # unknown code
        ("no.such.prompt", {}),
    ],
)
def test_bad_values_raise_key_error(key: str, values: dict[str, Any]) -> None:
    with pytest.raises(KeyError):
        prompt(key, **values)


@given(systolic=st.integers(40, 300), diastolic=st.integers(20, 200))
def test_any_plausible_bp_is_spoken_without_digits(systolic: int, diastolic: int) -> None:
    assert not NOT_SPOKEN_IN_KOREAN.search(
        prompt("bp.result", systolic=systolic, diastolic=diastolic))


@given(mass=st.floats(0, 300, allow_nan=False), seconds=st.integers(0, 600))
def test_any_weight_or_countdown_is_spoken_without_digits(mass: float, seconds: int) -> None:
    assert not NOT_SPOKEN_IN_KOREAN.search(prompt("body.weight_result", mass=mass))
    assert not NOT_SPOKEN_IN_KOREAN.search(
        prompt("session.inactivity_countdown", seconds=seconds))
