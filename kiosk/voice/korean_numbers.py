"""Numbers as Korean words, so the speech engine reads them the way a person would.

espeak-ng's Korean rules read "120" digit group by digit group and spell units such as
"mmHg" letter by letter in English (stack-probe §3), so every number the kiosk speaks is
turned into words here first.  Two number systems are used, as in everyday Korean:

* Sino-Korean (일, 이, 삼 ...) for measurements: 백이십, 칠십이 점 오, 십이 초.
* Native Korean (한, 두, 세 ...) before the counters 번 and 개 up to 99: 열두 번, 스무 개.

Spacing follows 한글 맞춤법 제44항 (numbers are spaced every 만, i.e. every four digits)
and 제43항 (a counter is written apart from the number: 열두 번).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

SINO_DIGITS = ("영", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구")
# Units inside one four-digit group, from the ones place up.
_SMALL_UNITS = ("", "십", "백", "천")
# Group units every four digits (만 = 10^4, 억 = 10^8, 조 = 10^12, 경 = 10^16).
_GROUP_UNITS = ("", "만", "억", "조", "경")
_MAX_INTEGER = 10 ** (4 * len(_GROUP_UNITS)) - 1

# Native Korean numbers before a counter noun (관형사 forms: 한/두/세/네/스무).
_NATIVE_ONES = ("", "한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉")
_NATIVE_TENS = ("", "열", "스물", "서른", "마흔", "쉰", "예순", "일흔", "여든", "아흔")
_NATIVE_COUNTER_MAX = 99

Number = int | float | Decimal | str


def _group_words(group: int) -> str:
    """0..9999 in Sino-Korean, without the leading 일 before 십/백/천 (십, 백, 천)."""
    words = []
    for place in range(3, -1, -1):
        digit = group // 10**place % 10
        if digit == 0:
            continue
        if digit == 1 and place > 0:
            words.append(_SMALL_UNITS[place])
        else:
            words.append(SINO_DIGITS[digit] + _SMALL_UNITS[place])
    return "".join(words)


def sino_integer(value: int) -> str:
    """An integer in Sino-Korean words.

    Args:
        value: any integer with at most 20 digits; negatives get "마이너스".

    Returns:
        The words, spaced every 만: 0 -> "영", 120 -> "백이십", 10000 -> "만",
        1234567 -> "백이십삼만 사천오백육십칠".

    Raises:
        ValueError: the number is too large to have a Korean group unit here.
    """
    if value < 0:
        return "마이너스 " + sino_integer(-value)
    if value == 0:
        return SINO_DIGITS[0]
    if value > _MAX_INTEGER:
        raise ValueError(f"{value} is too large to read aloud")
    parts = []
    for index in range(len(_GROUP_UNITS) - 1, -1, -1):
        group = value // 10 ** (4 * index) % 10**4
        if group == 0:
            continue
        if group == 1 and index == 1:
            # 10000 is 만, not 일만 (but 억 and above keep 일: 일억).
            parts.append(_GROUP_UNITS[index])
        else:
            parts.append(_group_words(group) + _GROUP_UNITS[index])
    return " ".join(parts)


def _to_decimal(value: Number) -> Decimal:
    if isinstance(value, bool):
        raise TypeError("a bool is not a number to read aloud")
    try:
        # str() first: a float such as 72.5 must read as written, not as its binary expansion.
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation as err:
        raise ValueError(f"not a number: {value!r}") from err
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return number


def sino_number(value: Number, decimals: int | None = None) -> str:
    """An integer or decimal number in Sino-Korean words.

    Digits after the point are read one by one, as Koreans read decimals:
    72.5 -> "칠십이 점 오", 0.05 -> "영 점 영오".

    Args:
        value: int, float, Decimal or a numeric string (thousands commas allowed).
        decimals: round half-up to this many places first, then drop trailing zeros
            (72.0 -> "칠십이"); None keeps the digits exactly as given.

    Returns:
        The words.
    """
    number = _to_decimal(value)
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        number = number.normalize() if number != 0 else Decimal(0)
        if number == number.to_integral_value():
            number = number.quantize(Decimal(1))
    whole, _, fraction = format(abs(number), "f").partition(".")
    words = sino_integer(int(whole))
    if number < 0:
        words = "마이너스 " + words
    if fraction:
        words += " 점 " + "".join(SINO_DIGITS[int(d)] for d in fraction)
    return words


def native_count(value: int, counter: str = "번") -> str:
    """A count with a counter noun, in native Korean up to 99: 한 번, 스무 번, 열두 개.

    Args:
        value: how many (0 and numbers above 99 fall back to Sino-Korean: 영 번, 백 번,
            which is how they are said).
        counter: the counter noun (번, 개, 명 ...).

    Returns:
        Number and counter, spaced: "열두 번".
    """
    if value < 0:
        raise ValueError("a count cannot be negative")
    if value == 0 or value > _NATIVE_COUNTER_MAX:
        return f"{sino_integer(value)} {counter}"
    tens, ones = divmod(value, 10)
    # 20 before a counter is 스무, not 스물 (but 21 is 스물한).
    word = "스무" if (tens, ones) == (2, 0) else _NATIVE_TENS[tens] + _NATIVE_ONES[ones]
    return f"{word} {counter}"


# --- measurement phrases --------------------------------------------------------------------


def blood_pressure(systolic_mmhg: int, diastolic_mmhg: int) -> str:
    """Both blood pressure values as said in a Korean clinic: 최고 혈압 백이십, 최저 혈압 팔십."""
    return f"최고 혈압 {sino_integer(systolic_mmhg)}, 최저 혈압 {sino_integer(diastolic_mmhg)}"


def pulse(pulse_bpm: int) -> str:
    """Pulse rate as a nurse reads it out: 72 -> "맥박 칠십이"."""
    return f"맥박 {sino_integer(pulse_bpm)}"


def kilograms(mass_kg: Number, decimals: int = 1) -> str:
    """A mass: 72.5 -> "칠십이 점 오 킬로그램", 28 -> "이십팔 킬로그램"."""
    return f"{sino_number(mass_kg, decimals)} 킬로그램"


def centimetres(length_cm: Number, decimals: int = 1) -> str:
    """A length: 165.2 -> "백육십오 점 이 센티미터"."""
    return f"{sino_number(length_cm, decimals)} 센티미터"


def percent(value_pct: Number, decimals: int = 1) -> str:
    """A percentage: 25.3 -> "이십오 점 삼 퍼센트"."""
    return f"{sino_number(value_pct, decimals)} 퍼센트"


def seconds(duration_s: Number, decimals: int = 1) -> str:
    """A duration in seconds: 12 -> "십이 초", 8.4 -> "팔 점 사 초"."""
    return f"{sino_number(duration_s, decimals)} 초"


def minutes(duration_min: int) -> str:
    """Whole minutes: 5 -> "오 분"."""
    return f"{sino_integer(duration_min)} 분"


def plain(value: Number, decimals: int = 1) -> str:
    """A unitless value such as a BMI: 23.4 -> "이십삼 점 사"."""
    return sino_number(value, decimals)


def count(value: int, counter: str = "번") -> str:
    """Repetitions: 12 -> "열두 번" (see native_count)."""
    return native_count(value, counter)


# --- safety net for free text ---------------------------------------------------------------

# Unit spellings espeak would read letter by letter in English.  Longest first.
_UNIT_WORDS = (
    ("mmHg", "수은주밀리미터"),
    ("kg", "킬로그램"),
    ("cm", "센티미터"),
    ("bpm", "회"),
    ("%", "퍼센트"),
)
# Counters read with native numbers (세 시간, 두 번, 다섯 명); all others take Sino-Korean
# (삼 분, 십이 초, 구십 도).  Checked longest first so 시간 wins over 시.
_NATIVE_COUNTERS = ("시간", "가지", "번", "개", "명", "살", "달", "시", "잔", "장", "분께")
_NUMBER = re.compile(
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<gap>\s?)(?P<after>[\uac00-\ud7a3]*)")
_DIGIT_NAMES = ("공", *SINO_DIGITS[1:])  # digit strings (phone, card) say 공 for 0
_LONGEST_QUANTITY = 5  # more digits than this, or a leading 0: an identifier, not a quantity


def _number_words(match: re.Match[str]) -> str:
    number, gap, after = match.group("number", "gap", "after")
    plain_digits = number.isdigit()
    if plain_digits and (len(number) > _LONGEST_QUANTITY or
                         (len(number) > 1 and number.startswith("0"))):
        # 19520315, 01012345678: read digit by digit, as people read such strings.
        return "".join(_DIGIT_NAMES[int(d)] for d in number) + gap + after
    if plain_digits and 0 < int(number) <= _NATIVE_COUNTER_MAX and after.startswith(
            _NATIVE_COUNTERS):
        counter = next(c for c in _NATIVE_COUNTERS if after.startswith(c))
        return native_count(int(number), counter) + after[len(counter):]
    return sino_number(number) + gap + after


def spell_out_numbers(text: str) -> str:
    """Replace digits and common unit symbols in Korean text with words.

    A last line of defence for text that reaches the speech engine without going
    through the prompt catalogue (a label read aloud, a workflow message): "12초" ->
    "십이초", "3시간" -> "세 시간", "72.5kg" -> "칠십이 점 오 킬로그램", "19520315" ->
    "일구오이공삼일오".  Catalogue prompts are already written as pronounced.
    """
    for unit, words in _UNIT_WORDS:
        # After a number the unit becomes a separate word (72.5kg -> 72.5 킬로그램).
        text = re.sub(rf"(?<=\d)\s*{re.escape(unit)}", " " + words, text)
        text = text.replace(unit, words)
    return _NUMBER.sub(_number_words, text)
