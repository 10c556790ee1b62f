"""One-line plain-Korean explanations of a category, in reference (never diagnostic) wording.

A kiosk reading is a screening value: the MFDS wellness/medical-device boundary and the
failure modes in shared/reference/health-kiosk-anchors.md §6 items 4 and 15 require
"참고용 / 재측정 권장" wording and no diagnosis.  Every sentence here therefore says the
result is for reference and what to do next (measure again, talk to a professional).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Explanation:
    ko: str
    en: str


_GOOD = Explanation(
    "참고용 결과입니다. 좋은 범위예요. 지금처럼 꾸준히 재 보세요.",
    "For reference only. This is in a good range; keep measuring regularly.")
_A_BIT = Explanation(
    "참고용 결과입니다. 조금 벗어난 범위예요. 다음에 다시 재 보세요.",
    "For reference only. Slightly outside the usual range; measure again next time.")
_REMEASURE = Explanation(
    "참고용 결과입니다. 쉬었다가 다시 재 보시고, 계속 같으면 상담을 받아 보세요.",
    "For reference only. Rest and measure again; if it stays the same, ask a health "
    "professional.")
_CONSULT = Explanation(
    "참고용 결과입니다. 다시 재 보시고, 보건소나 병원에서 상담을 받아 보세요.",
    "For reference only. Measure again and talk to a health centre or a doctor.")

BLOOD_PRESSURE = {
    "normal": _GOOD,
    "elevated": _A_BIT,
    "prehypertension": _REMEASURE,
    "hypertension_grade1": _CONSULT,
    "hypertension_grade2": _CONSULT,
}

BMI = {
    "underweight": _REMEASURE,
    "normal": _GOOD,
    "pre_obesity": _A_BIT,
    "obesity_class1": _REMEASURE,
    "obesity_class2": _CONSULT,
    "obesity_class3": _CONSULT,
}

GRIP = {
    "normal": _GOOD,
    "low_grip": Explanation(
        "참고용 결과입니다. 손아귀 힘이 기준보다 약하게 나왔어요. 다시 재 보시고, "
        "근력 운동에 대해 상담을 받아 보세요.",
        "For reference only. Grip came out below the cut-off; measure again and ask about "
        "strength exercise."),
}

NO_CATEGORY = Explanation(
    "참고용 결과입니다. 기록해 두었다가 다음 측정과 비교해 보세요.",
    "For reference only. Keep it and compare with your next measurement.")

STAFF_ALERT = Explanation(
    "참고용 결과입니다. 직원에게 알렸어요. 편히 앉아서 기다려 주세요.",
    "For reference only. A member of staff has been called; please stay seated.")

BIA_CAVEAT = Explanation(
    "식사·운동·샤워 직후에는 체성분 값이 달라질 수 있어요.",
    "Body-composition values can be off right after a meal, exercise or a shower.")


def explain(table: dict[str, Explanation], code: str) -> Explanation:
    """The explanation for a category code; the neutral sentence for an unknown code (a
    newly dropped-in table may add codes before their wording exists)."""
    return table.get(code, NO_CATEGORY)
