"""What the station says aloud: prompt keys -> Korean (written as pronounced) and English.

Korean speech goes through espeak-ng, which reads digits group by group and spells Latin
letters in English (stack-probe §3), so every Korean text here is written the way it is
spoken: numbers come in as values and are turned into words by a ``Field``
(kiosk.voice.korean_numbers), units are words (킬로그램, not kg), and no Latin letter or
digit appears (tests/kiosk/voice/test_prompts.py enforces it).  Avoid particles that change
with the preceding sound (은/는, 이/가, 을/를) right after a value.

Usage::

    prompt("bp.result", systolic=120, diastolic=80)
    # -> "최고 혈압 백이십, 최저 혈압 팔십입니다."
    prompt("bp.result", "en", systolic=120, diastolic=80)

To add a prompt: add a ``VoicePrompt`` to ``PROMPTS`` (and, for a new kind of value, a
``Field`` with an example); the catalogue tests pick it up automatically.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from string import Formatter
from typing import Any

from kiosk.voice import korean_numbers as kn

Language = str  # "ko" | "en"


def _en_number(value: Any, decimals: int = 1) -> str:
    """English speech reads digits well; just drop a trailing ".0"."""
    number = round(float(value), decimals)
    return f"{number:g}" if number != int(number) else str(int(number))


@dataclass(frozen=True, slots=True)
class Field:
    """How one kind of value is spoken in each language.

    Attributes:
        ko: value -> Korean words (no digits, no Latin letters).
        en: value -> English words or digits.
        samples: values this field can take, first the typical one; the tests render
            every prompt with each (every code of a choice field, a spread of numbers).
    """

    ko: Callable[[Any], str]
    en: Callable[[Any], str]
    samples: tuple[Any, ...]

    @property
    def example(self) -> Any:
        """A typical value."""
        return self.samples[0]


def _choice(table: Mapping[str, tuple[str, str]], example: str) -> Field:
    """A field whose value is a code (category, hand) looked up in ``table``."""
    return Field(ko=lambda code: table[code][0], en=lambda code: table[code][1],
                 samples=(example, *table))


_INTEGERS = (0, 1, 3, 10, 11, 20, 21, 99, 100, 101, 110, 120, 250)
_DECIMALS = (*_INTEGERS, 0.5, 7.25, 72.5, 100.0, 1234.5)
SYSTOLIC = Field(kn.sino_integer, lambda v: str(int(v)), (120, *_INTEGERS))
DIASTOLIC = Field(kn.sino_integer, lambda v: str(int(v)), (80, *_INTEGERS))
BPM = Field(kn.sino_integer, lambda v: str(int(v)), (72, *_INTEGERS))
KG = Field(kn.kilograms, lambda v: f"{_en_number(v)} kilograms", (72.5, *_DECIMALS))
CM = Field(kn.centimetres, lambda v: f"{_en_number(v)} centimetres", (165.2, *_DECIMALS))
PERCENT = Field(kn.percent, lambda v: f"{_en_number(v)} percent", (25.3, *_DECIMALS))
PLAIN = Field(kn.plain, _en_number, (23.4, *_DECIMALS))
SECONDS = Field(kn.seconds, lambda v: f"{_en_number(v)} seconds", (12, *_DECIMALS))
MINUTES = Field(kn.minutes, lambda v: f"{int(v)} minutes", (5, *_INTEGERS))
TIMES = Field(kn.count, lambda v: "once" if v == 1 else f"{int(v)} times", (1, *_INTEGERS))

# Category words as spoken.  Codes are those of the norm tables in assets/norms/; the
# on-screen labels there contain digits and brackets ("고혈압 범위 (1기)"), so the spoken
# form is kept here.
BP_CATEGORIES: dict[str, tuple[str, str]] = {
    "normal": ("정상 혈압", "normal"),
    "elevated": ("주의 혈압", "elevated"),
    "prehypertension": ("고혈압 전단계", "prehypertension"),
    "hypertension_grade1": ("고혈압 일 기", "hypertension grade one"),
    "hypertension_grade2": ("고혈압 이 기", "hypertension grade two"),
}
BMI_CATEGORIES: dict[str, tuple[str, str]] = {
    "underweight": ("저체중", "underweight"),
    "normal": ("정상 체중", "normal weight"),
    "pre_obesity": ("비만 전단계", "pre-obesity"),
    "obesity_class1": ("일 단계 비만", "obesity class one"),
    "obesity_class2": ("이 단계 비만", "obesity class two"),
    "obesity_class3": ("삼 단계 비만", "obesity class three"),
}
GRIP_CATEGORIES: dict[str, tuple[str, str]] = {
    "normal": ("기준 이상", "at or above the cut-off"),
    "low_grip": ("기준보다 약한 편", "below the cut-off"),
}
HANDS: dict[str, tuple[str, str]] = {
    "left": ("왼손", "left hand"),
    "right": ("오른손", "right hand"),
}
BP_CATEGORY = _choice(BP_CATEGORIES, "normal")
BMI_CATEGORY = _choice(BMI_CATEGORIES, "normal")
GRIP_CATEGORY = _choice(GRIP_CATEGORIES, "normal")
HAND = _choice(HANDS, "right")


@dataclass(frozen=True, slots=True)
class VoicePrompt:
    """One thing the station says.

    Attributes:
        ko: Korean template, written as pronounced; ``{name}`` marks a value.
        en: English template with the same ``{name}`` fields.
        fields: the kind of each value (how it becomes words).
    """

    ko: str
    en: str
    fields: Mapping[str, Field] = field(default_factory=dict)

    def render(self, language: Language = "ko", **values: Any) -> str:
        """The text to speak, with every value turned into words.

        Raises:
            KeyError: a value is missing, unexpected, or a code is unknown.
        """
        missing = set(self.fields) - set(values)
        extra = set(values) - set(self.fields)
        if missing or extra:
            raise KeyError(f"values missing {sorted(missing)} / unexpected {sorted(extra)}")
        if language == "ko":
            words = {name: kind.ko(values[name]) for name, kind in self.fields.items()}
            return self.ko.format(**words)
        words = {name: kind.en(values[name]) for name, kind in self.fields.items()}
        return self.en.format(**words)


def template_fields(template: str) -> set[str]:
    """The ``{name}`` fields of a template."""
    return {name for _, name, _, _ in Formatter().parse(template) if name}


P = VoicePrompt
PROMPTS: dict[str, VoicePrompt] = {
    # --- idle / welcome ---------------------------------------------------------------------
    "idle.attract": P("건강 측정을 하시려면 화면을 눌러 주세요.",
                      "Touch the screen to check your health."),
    "idle.welcome": P("어서 오세요. 혈압과 체중, 손아귀 힘을 재 보실 수 있어요.",
                      "Welcome. You can check your blood pressure, weight and grip strength."),
    # --- identification ---------------------------------------------------------------------
    "identify.choose": P(
        "본인 확인 방법을 골라 주세요. 회원 카드, 전화번호, 또는 비회원으로 하실 수 있어요.",
        "Choose how to sign in: member card, phone number, or as a guest."),
    "identify.card": P("회원 카드나 큐알 코드를 화면 아래 읽는 곳에 대 주세요.",
                       "Hold your member card or QR code under the reader below the screen."),
    "identify.phone": P("휴대전화 번호를 눌러 주세요. 다 누르셨으면 확인을 눌러 주세요.",
                        "Enter your mobile phone number, then press OK."),
    "identify.birth_year": P("태어나신 해를 눌러 주세요.", "Enter the year you were born."),
    "identify.sex": P("성별을 골라 주세요. 남자 또는 여자를 눌러 주세요.",
                      "Choose your sex: press Male or Female."),
    "identify.guest": P("비회원으로 측정합니다. 결과는 이번에만 보여 드려요.",
                        "Measuring as a guest. Your results are shown this time only."),
    "identify.not_found": P(
        "회원 정보를 찾지 못했어요. 다시 입력하시거나 비회원으로 해 주세요.",
        "We couldn't find you. Try again, or continue as a guest."),
    "identify.welcome_back": P("다시 오셨네요. 반가워요.", "Welcome back."),
    # --- consent ----------------------------------------------------------------------------
    "consent.explain": P(
        "측정 결과를 저장해서 건강 관리에 쓰려면 동의가 필요해요. 이름과 주민등록번호는 "
        "저장하지 않아요. 동의하시면 동의함을 눌러 주세요.",
        "To keep your results for your health care we need your consent. Your name and "
        "resident registration number are never stored. Press Agree to consent."),
    "consent.declined": P(
        "동의하지 않으셔도 측정하실 수 있어요. 다만 결과는 저장되지 않아요.",
        "You can still measure without consenting, but nothing will be stored."),
    # --- menu -------------------------------------------------------------------------------
    "menu.choose": P("무엇을 재 보시겠어요? 화면에서 골라 주세요.",
                     "What would you like to measure? Choose on the screen."),
    "menu.next": P("다음 측정을 고르시거나, 끝내기를 눌러 주세요.",
                   "Choose the next measurement, or press Finish."),
    # --- blood pressure ---------------------------------------------------------------------
    "bp.sit": P("의자에 등을 기대고 편히 앉아 주세요. 다리는 꼬지 마세요.",
                "Sit back in the chair and relax. Don't cross your legs."),
    "bp.arm": P("소매를 걷고, 맨팔을 측정기 띠 안에 끝까지 넣어 주세요. 팔은 받침대에 편히 "
                "올려 두세요.",
                "Roll up your sleeve and put your bare arm all the way into the cuff, "
                "resting it on the support."),
    "bp.rest": P("{minutes} 동안 편히 쉬어 주세요. 시간이 되면 알려 드릴게요.",
                 "Please rest for {minutes}. We'll tell you when it's time.",
                 {"minutes": MINUTES}),
    "bp.quiet": P("재는 동안에는 말하지 말고 움직이지 마세요.",
                  "Please don't talk or move while measuring."),
    "bp.start": P("시작 버튼을 누르면 측정을 시작합니다.", "Press Start to begin measuring."),
    "bp.measuring": P("혈압을 재고 있어요. 팔에 힘을 빼고 가만히 계세요.",
                      "Measuring your blood pressure. Relax your arm and keep still."),
    "bp.again_after_rest": P("잠시 쉬었다가 {times} 더 잴게요.",
                             "After a short rest we'll measure {times} more.",
                             {"times": TIMES}),
    "bp.result": P("최고 혈압 {systolic}, 최저 혈압 {diastolic}입니다.",
                   "Your blood pressure is {systolic} over {diastolic}.",
                   {"systolic": SYSTOLIC, "diastolic": DIASTOLIC}),
    "bp.pulse": P("맥박은 {pulse}입니다.", "Your pulse is {pulse}.", {"pulse": BPM}),
    "bp.category": P("참고로 {category} 범위에 해당해요.", "That is in the {category} range.",
                     {"category": BP_CATEGORY}),
    # --- weight / body composition ----------------------------------------------------------
    "body.shoes_off": P("신발과 양말을 벗어 주세요.", "Please take off your shoes and socks."),
    "body.barefoot": P(
        "체성분을 재려면 맨발로 발판의 금속 부분을 밟아 주세요.",
        "For body composition, stand barefoot on the metal plates."),
    "body.step_on": P("저울 위에 올라가 주세요.", "Please step onto the scale."),
    "body.handles": P("손잡이를 잡고 팔을 몸에서 조금 떼어 주세요.",
                      "Hold the handles with your arms a little away from your body."),
    "body.stand_still": P("움직이지 말고 가만히 서 계세요.", "Stand still, please."),
    "body.measuring": P("재고 있어요. 그대로 계세요.", "Measuring. Stay as you are."),
    "body.step_off": P("다 됐어요. 조심해서 내려오세요.", "Done. Step off carefully."),
    "body.weight_result": P("체중은 {mass}입니다.", "Your weight is {mass}.",
                            {"mass": KG}),
    "body.bmi_result": P("체질량 지수는 {bmi}입니다. {category} 범위에 해당해요.",
                         "Your body mass index is {bmi}, in the {category} range.",
                         {"bmi": PLAIN, "category": BMI_CATEGORY}),
    "body.fat_result": P("체지방률은 {fat}입니다.", "Your body fat is {fat}.",
                         {"fat": PERCENT}),
    "body.height_result": P("키는 {height}입니다.", "Your height is {height}.",
                            {"height": CM}),
    # --- grip -------------------------------------------------------------------------------
    "grip.stand": P("똑바로 서 주세요.", "Please stand up straight."),
    "grip.arm_side": P("팔을 몸 옆으로 자연스럽게 내려 주세요. 팔꿈치는 펴 주세요.",
                       "Let your arm hang naturally at your side, elbow straight."),
    "grip.hand": P("{hand}으로 손잡이를 잡아 주세요.", "Hold the handle with your {hand}.",
                   {"hand": HAND}),
    "grip.squeeze": P("시작하면 {duration} 동안 힘껏 쥐어 주세요.",
                      "When it starts, squeeze as hard as you can for {duration}.",
                      {"duration": SECONDS}),
    "grip.go": P("지금 힘껏 쥐세요!", "Squeeze now!"),
    "grip.release": P("손을 펴고 쉬세요.", "Let go and rest."),
    "grip.switch": P("이번에는 {hand}으로 바꿔 잡아 주세요.", "Now switch to your {hand}.",
                     {"hand": HAND}),
    "grip.result": P("{hand} 악력은 {force}입니다.", "Your {hand} grip is {force}.",
                     {"hand": HAND, "force": KG}),
    "grip.category": P("손아귀 힘은 {category}입니다.", "Your grip strength is {category}.",
                       {"category": GRIP_CATEGORY}),
    # --- waiting and results ----------------------------------------------------------------
    "wait.measuring": P("측정 중이에요. 잠시만 기다려 주세요.",
                        "Measuring. Please wait a moment."),
    "wait.connecting": P("측정기를 준비하고 있어요. 잠시만 기다려 주세요.",
                         "Getting the device ready. Please wait."),
    "result.reference": P("참고용 결과입니다. 걱정되시면 보건소나 병원에서 상담을 받아 보세요.",
                          "These results are for reference only. If you are worried, talk "
                          "to a health centre or a doctor."),
    "result.saved": P("결과를 저장했어요.", "Your results have been saved."),
    # --- errors -----------------------------------------------------------------------------
    "error.device_lost": P("측정기와 연결이 끊겼어요. 잠시 뒤에 다시 해 볼게요.",
                           "The device disconnected. We'll try again in a moment."),
    "error.cuff": P("팔에 감는 띠가 제대로 감기지 않았어요. 팔을 다시 넣고 재 볼게요.",
                    "The cuff isn't on properly. Put your arm in again and we'll retry."),
    "error.measure_again": P("값이 정확하지 않은 것 같아요. 다시 재 볼게요.",
                             "That reading doesn't look right. Let's measure again."),
    "error.no_reading": P("값을 받지 못했어요. 다시 해 볼까요?",
                          "No reading came through. Shall we try again?"),
    "error.call_staff": P("문제가 계속되고 있어요. 직원을 불러 드릴게요.",
                          "The problem continues. We'll call a member of staff."),
    # --- settings the visitor changes ------------------------------------------------------
    "voice.rate": P("이 빠르기로 안내해 드릴게요.", "I'll speak at this speed."),
    "voice.volume": P("이 크기로 안내해 드릴게요.", "I'll speak at this volume."),
    "language.ko": P("한국어로 안내해 드릴게요.", "Korean guidance."),
    "language.en": P("영어로 안내해 드릴게요.", "English guidance."),
    # --- session ----------------------------------------------------------------------------
    "session.inactivity": P("계속하시려면 화면을 눌러 주세요.",
                            "Touch the screen to continue."),
    "session.inactivity_countdown": P(
        "계속하시려면 화면을 눌러 주세요. {seconds} 뒤에 처음 화면으로 돌아가요.",
        "Touch the screen to continue. Returning to the start in {seconds}.",
        {"seconds": SECONDS}),
    "staff.called": P("직원을 불렀어요. 잠시만 기다려 주세요.",
                      "A member of staff is on the way. Please wait."),
    "goodbye": P("측정이 끝났어요. 안녕히 가세요. 건강하세요.",
                 "All done. Goodbye, and stay well."),
}
del P


def prompt(key: str, language: Language = "ko", **values: Any) -> str:
    """The text to speak for a catalogue key.

    Args:
        key: a key of ``PROMPTS`` such as "bp.result".
        language: "ko" or "en".
        **values: the prompt's fields, e.g. systolic=120, diastolic=80.

    Raises:
        KeyError: unknown key, missing/unexpected values, or an unknown code.
    """
    return PROMPTS[key].render(language, **values)
