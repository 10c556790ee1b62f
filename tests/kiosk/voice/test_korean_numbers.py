"""Korean number words.

Expected readings follow 표준국어대사전 and 한글 맞춤법 제44항 (spacing every 만); native
counter forms (한/두/세/네/스무 + 번) are 국립국어원 수 관형사 forms.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from kiosk.voice import korean_numbers as kn


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0, "영"),
        (1, "일"),
        (7, "칠"),
        (10, "십"),
        (11, "십일"),
        (20, "이십"),
        (80, "팔십"),
        (100, "백"),
        (101, "백일"),
        (110, "백십"),
        (120, "백이십"),
        (999, "구백구십구"),
        (1000, "천"),
        (1001, "천일"),
        (2026, "이천이십육"),
        (10000, "만"),
        (10001, "만 일"),
        (11000, "만 천"),
        (20000, "이만"),
        (100000, "십만"),
        (1234567, "백이십삼만 사천오백육십칠"),
        (100000000, "일억"),
        (100010000, "일억 만"),
        (300000001, "삼억 일"),
        (10**12, "일조"),
        (-5, "마이너스 오"),
    ],
)
def test_sino_integer(value: int, words: str) -> None:
    assert kn.sino_integer(value) == words


def test_sino_integer_rejects_numbers_without_a_group_unit() -> None:
    with pytest.raises(ValueError, match="too large"):
        kn.sino_integer(10**20)


@pytest.mark.parametrize(
    ("value", "decimals", "words"),
    [
        (72.5, None, "칠십이 점 오"),
        ("72.5", None, "칠십이 점 오"),
        (Decimal("0.05"), None, "영 점 영오"),
        (3.14, None, "삼 점 일사"),
        ("1,234,567", None, "백이십삼만 사천오백육십칠"),
        (72.0, 1, "칠십이"),  # trailing zero dropped after rounding
        (72.04, 1, "칠십이"),
        (72.05, 1, "칠십이 점 일"),  # half-up, decided on the decimal digits not the float
        (28, 1, "이십팔"),
        (99.96, 1, "백"),
        (100.0, 1, "백"),
        (0.0, 1, "영"),
        (-0.0, 1, "영"),
        (-1.5, None, "마이너스 일 점 오"),
        (23.45, 2, "이십삼 점 사오"),
    ],
)
def test_sino_number(value: kn.Number, decimals: int | None, words: str) -> None:
    assert kn.sino_number(value, decimals) == words


@pytest.mark.parametrize("bad", ["abc", "nan", "inf", ""])
def test_sino_number_rejects_non_numbers(bad: str) -> None:
    with pytest.raises(ValueError, match="number"):
        kn.sino_number(bad)


def test_sino_number_rejects_bool() -> None:
    with pytest.raises(TypeError):
        kn.sino_number(True)


@pytest.mark.parametrize(
    ("value", "counter", "words"),
    [
        (1, "번", "한 번"),
        (2, "번", "두 번"),
        (3, "번", "세 번"),
        (4, "번", "네 번"),
        (5, "번", "다섯 번"),
        (10, "번", "열 번"),
        (11, "번", "열한 번"),
        (12, "번", "열두 번"),
        (14, "개", "열네 개"),
        (20, "번", "스무 번"),
        (21, "번", "스물한 번"),
        (30, "번", "서른 번"),
        (43, "번", "마흔세 번"),
        (50, "번", "쉰 번"),
        (68, "번", "예순여덟 번"),
        (77, "번", "일흔일곱 번"),
        (89, "번", "여든아홉 번"),
        (99, "번", "아흔아홉 번"),
        (100, "번", "백 번"),
        (0, "번", "영 번"),
    ],
)
def test_native_count(value: int, counter: str, words: str) -> None:
    assert kn.native_count(value, counter) == words


def test_native_count_rejects_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        kn.native_count(-1)


@pytest.mark.parametrize(
    ("phrase", "words"),
    [
        (kn.blood_pressure(120, 80), "최고 혈압 백이십, 최저 혈압 팔십"),
        (kn.blood_pressure(145, 92), "최고 혈압 백사십오, 최저 혈압 구십이"),
        (kn.pulse(72), "맥박 칠십이"),
        (kn.kilograms(72.5), "칠십이 점 오 킬로그램"),
        (kn.kilograms(28), "이십팔 킬로그램"),
        (kn.kilograms(28.04), "이십팔 킬로그램"),
        (kn.centimetres(165.2), "백육십오 점 이 센티미터"),
        (kn.percent(25.3), "이십오 점 삼 퍼센트"),
        (kn.seconds(12), "십이 초"),
        (kn.seconds(8.43), "팔 점 사 초"),
        (kn.plain(23.4), "이십삼 점 사"),
        (kn.count(12), "열두 번"),
        (kn.count(20), "스무 번"),
    ],
)
def test_measurement_phrases(phrase: str, words: str) -> None:
    assert phrase == words


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("12초 뒤에 처음 화면으로 돌아가요.", "십이초 뒤에 처음 화면으로 돌아가요."),
        ("체중 72.5kg", "체중 칠십이 점 오 킬로그램"),
        ("혈압 120/80 mmHg", "혈압 백이십/팔십 수은주밀리미터"),
        ("글자 크기 150%", "글자 크기 백오십 퍼센트"),
        ("1,234명", "천이백삼십사명"),  # above 99: Sino-Korean even before 명
        ("최근 3시간 안에", "최근 세 시간 안에"),  # native number before 시간
        ("2번 더", "두 번 더"),
        ("20 번", "스무 번"),
        ("3분 동안", "삼분 동안"),  # 분 takes Sino-Korean
        ("팔꿈치를 90도로", "팔꿈치를 구십도로"),
        ("예: 19520315", "예: 일구오이공삼일오"),  # an identifier, digit by digit
        ("010", "공일공"),
        ("0번", "영번"),
        ("숫자 없음", "숫자 없음"),
    ],
)
def test_spell_out_numbers(text: str, spoken: str) -> None:
    assert kn.spell_out_numbers(text) == spoken
