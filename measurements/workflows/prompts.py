"""What the measurement screens say, in plain Korean first and English second.

Keys are stable (``bp.rest``, ``device.timeout``...) so the kiosk can also look them up in
its own translation files; the texts here are the defaults the workflows put in their
WorkflowView.  Speech is written as pronounced: numbers in Korean words (the TTS engine
otherwise reads "128/82" digit by digit or as a date).
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.errors import Reason


@dataclass(frozen=True, slots=True)
class Prompt:
    ko: str
    en: str
    speech_ko: str = ""  # "" = the same as ``ko``


# The blood-pressure posture checklist (KSH 2018 Table 1; ARMS trial, anchors §3.1), by the
# item keys of measurements.workflows.blood_pressure.POSTURE_CHECKLIST.
BP_CHECKLIST: dict[str, tuple[str, str]] = {
    "back_supported": ("의자에 등을 기대고 앉기", "Sit back against the chair"),
    "feet_flat_legs_uncrossed": ("두 발은 바닥에, 다리는 꼬지 않기",
                                 "Feet flat on the floor, legs uncrossed"),
    "arm_supported_heart_level": ("팔은 심장 높이의 받침대에 올리기",
                                  "Arm resting on the support at heart level"),
    "cuff_on_bare_upper_arm": ("커프는 맨팔 위쪽에 감기", "Cuff on the bare upper arm"),
    "no_smoking_caffeine_30min": ("30분 안에 담배·커피 하지 않기",
                                  "No smoking or coffee in the last 30 minutes"),
    "not_talking": ("재는 동안 말하지 않기", "No talking while measuring"),
}

PROMPTS: dict[str, Prompt] = {
    # blood pressure
    "bp.idle": Prompt("혈압을 잽니다.", "Blood pressure."),
    "bp.posture": Prompt(
        "혈압을 재기 전에 확인해 주세요.\n"
        + "\n".join(f"· {ko}" for ko, _ in BP_CHECKLIST.values())
        + "\n준비되면 커프를 감은 팔을 눌러 주세요.",
        "Before measuring, please check:\n"
        + "\n".join(f"· {en}" for _, en in BP_CHECKLIST.values())
        + "\nThen press the arm the cuff is on.",
        "의자에 등을 기대고 앉아, 두 발을 바닥에 대 주세요. 커프를 맨팔에 감고 팔을 받침대에 "
        "올려 주세요. 준비되면 커프를 감은 팔을 눌러 주세요."),
    "bp.rest": Prompt(
        "편히 앉아서 쉬어 주세요. 말하지 말고 움직이지 마세요. 시간이 되면 자동으로 잽니다.",
        "Rest quietly; don't talk or move. Measuring starts automatically.",
        "편히 앉아서 쉬어 주세요. 시간이 되면 자동으로 잽니다."),
    "bp.measuring": Prompt(
        "혈압을 재고 있어요. 움직이지 말고 말하지 마세요.",
        "Measuring. Please keep still and don't talk."),
    "bp.interval": Prompt(
        "잘 하셨어요. 잠시 쉬었다가 한 번 더 잽니다.",
        "Well done. After a short rest we measure once more."),
    "bp.interval_third": Prompt(
        "두 번의 값 차이가 커서 한 번 더 잽니다. 잠시 쉬어 주세요.",
        "The two readings differ, so we measure once more. Please rest."),
    "bp.measure_again": Prompt(
        "값이 정확하지 않은 것 같아요. 팔을 받침대에 올리고 다시 재 볼게요.",
        "That reading doesn't look right. Rest your arm on the support; we'll measure again."),
    "bp.done": Prompt("혈압 측정이 끝났어요.", "Blood pressure done."),
    # body composition
    "body.idle": Prompt("체중과 체성분을 잽니다.", "Weight and body composition."),
    "body.safety": Prompt(
        "몸 안에 심장 박동기나 다른 전자 의료기기가 있으신가요?",
        "Do you have a pacemaker or any other implanted electronic device?"),
    "body.ask_meal": Prompt("최근 3시간 안에 식사를 하셨나요?",
                            "Did you eat in the last 3 hours?"),
    "body.ask_exercise": Prompt("오늘 운동을 하셨나요?", "Did you exercise today?"),
    "body.ask_shower": Prompt("방금 샤워나 사우나를 하셨나요?",
                              "Did you just have a shower or a sauna?"),
    "body.height": Prompt("키를 센티미터로 입력해 주세요.", "Enter your height in cm."),
    "body.waist": Prompt(
        "허리둘레를 쟀다면 센티미터로 입력해 주세요. 없으면 건너뛰셔도 돼요.",
        "If your waist was measured, enter it in cm; otherwise skip."),
    "body.measuring": Prompt(
        "신발과 양말을 벗고 저울에 올라가 주세요. 손잡이를 잡고 가만히 서 계세요.",
        "Take off shoes and socks, step on the scale, hold the handles and stand still."),
    "body.measuring_weight_only": Prompt(
        "신발을 벗고 저울에 올라가 주세요. 체중만 잽니다. 손잡이는 잡지 마세요.",
        "Take off your shoes and step on the scale. Weight only: don't hold the handles."),
    "body.measure_again": Prompt(
        "값이 정확하지 않은 것 같아요. 내려왔다가 다시 올라가 주세요.",
        "That reading doesn't look right. Step off and on again."),
    "body.input_again": Prompt(
        "입력한 값을 다시 확인해 주세요.", "Please check the number you entered."),
    "body.done": Prompt("측정이 끝났어요.", "Done."),
    # grip
    "grip.idle": Prompt("악력을 잽니다.", "Grip strength."),
    "grip.posture": Prompt(
        "의자에 앉아 팔꿈치를 90도로 굽히고, 팔을 몸 옆에 붙여 주세요.",
        "Sit down, bend your elbow to 90 degrees and keep your arm at your side."),
    "grip.posture_standing": Prompt(
        "똑바로 서서 팔을 몸 옆으로 자연스럽게 내려 주세요.",
        "Stand up straight with your arm hanging by your side."),
    "grip.ready_right": Prompt("오른손으로 악력계를 잡아 주세요. 준비되면 시작을 누르세요.",
                               "Hold the dynamometer in your RIGHT hand, then press Start."),
    "grip.ready_left": Prompt("왼손으로 악력계를 잡아 주세요. 준비되면 시작을 누르세요.",
                              "Hold the dynamometer in your LEFT hand, then press Start."),
    "grip.measuring": Prompt("힘껏 꽉 쥐세요! 숨은 참지 마세요.",
                             "Squeeze as hard as you can! Keep breathing."),
    "grip.measure_again": Prompt("값이 정확하지 않은 것 같아요. 한 번 더 쥐어 주세요.",
                                 "That reading doesn't look right. Please squeeze again."),
    "grip.done": Prompt("악력 측정이 끝났어요.", "Grip done."),
    # shared
    "workflow.cancelled": Prompt("측정을 그만두었어요.", "Measurement stopped."),
    "workflow.failed": Prompt(
        "측정이 잘 되지 않았어요. 직원에게 도움을 요청해 주세요.",
        "The measurement didn't work. Please ask a member of staff."),
    "workflow.staff_alert": Prompt(
        "직원에게 알렸어요. 편히 앉아서 기다려 주세요.",
        "Staff have been called. Please stay seated."),
}

# Device errors (drivers.errors.Reason) in plain words, each with what to do next.
DEVICE_ERRORS: dict[Reason, Prompt] = {
    Reason.NOT_FOUND: Prompt("기기를 찾지 못했어요. 직원에게 말씀해 주세요.",
                             "The device was not found. Please tell a member of staff."),
    Reason.NEEDS_PAIRING: Prompt("기기 연결 설정이 필요해요. 직원에게 말씀해 주세요.",
                                 "The device needs pairing. Please tell a member of staff."),
    Reason.DEVICE_LOST: Prompt("기기 연결이 끊겼어요. 다시 재 볼게요.",
                               "The device disconnected. Let's try again."),
    Reason.TIMEOUT: Prompt("기기가 응답하지 않아요. 다시 재 볼게요.",
                           "The device did not answer. Let's try again."),
    Reason.CUFF_ERROR: Prompt("커프가 잘 감기지 않았어요. 팔에 맞게 다시 감아 주세요.",
                              "The cuff is not fitted well. Please wrap it again."),
    Reason.MEASUREMENT_FAILED: Prompt("측정이 되지 않았어요. 가만히 계시면 다시 잽니다.",
                                      "The measurement failed. Keep still and try again."),
    Reason.BATTERY_LOW: Prompt("기기 배터리가 부족해요. 직원에게 말씀해 주세요.",
                               "The device battery is low. Please tell a member of staff."),
    Reason.MALFORMED_DATA: Prompt("기기 값을 읽지 못했어요. 다시 재 볼게요.",
                                  "The reading could not be read. Let's try again."),
    Reason.DEVICE_BUSY: Prompt("기기가 아직 준비 중이에요. 잠시 후 다시 해 주세요.",
                               "The device is busy. Try again in a moment."),
    Reason.LOCKED_OUT: Prompt("이 기기는 점검이 필요해요. 직원에게 말씀해 주세요.",
                              "This device needs servicing. Please tell a member of staff."),
    Reason.NOT_SUPPORTED: Prompt(
        "이 기기로는 안전하게 잴 수 없어요. 직원에게 체중만 재 달라고 말씀해 주세요.",
        "This device cannot measure you safely. Please ask staff to weigh you."),
}

_DIGITS = ("", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구")
_UNITS = ((1000, "천"), (100, "백"), (10, "십"))
_ZERO = "영"


def _whole(n: int) -> str:
    if n == 0:
        return _ZERO
    words: list[str] = []
    if n >= 10000:
        words.append(("" if n // 10000 == 1 else _whole(n // 10000)) + "만")
        n %= 10000
    for size, name in _UNITS:
        digit, n = divmod(n, size)
        if digit:
            words.append(("" if digit == 1 else _DIGITS[digit]) + name)
    if n:
        words.append(_DIGITS[n])
    return "".join(words)


def number_words(value: float, decimals: int = 0) -> str:
    """Sino-Korean number words as a TTS should say them: 128 -> 백이십팔, 23.5 -> 이십삼 점 오."""
    negative = value < 0
    text = f"{abs(value):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    spoken = _whole(int(whole))
    if fraction.strip("0"):
        spoken += " 점 " + "".join(_DIGITS[int(d)] or _ZERO for d in fraction.rstrip("0"))
    return ("마이너스 " if negative else "") + spoken


def device_error(reason: Reason) -> Prompt:
    return DEVICE_ERRORS.get(reason, DEVICE_ERRORS[Reason.MEASUREMENT_FAILED])
