"""Korean sound changes espeak-ng misses, applied to the text just before synthesis.

espeak-ng's Korean rules read spelling, not pronunciation: 시작합니다 comes out with /p/
before 니 (stack-probe §3: ``s'idZ;akh,apnid,a``).  Checking its phoneme output
(``espeak_TextToPhonemes``) shows it already handles liaison, ㅎ-dropping and tensing
(없어요, 좋아요) but not the consonant assimilations of 표준 발음법 제5장, so those are
respelled here, in the standard's order:

* 제19항: initial ㄹ after final ㅁ, ㅇ, ㄱ, ㅂ is ㄴ (심리 -> 심니, 등록 -> 등녹,
  국립 -> 국닙 -> 궁닙 with 제18항).
* 제18항 (nasalization): a final ㄱ-, ㄷ-, ㅂ-group consonant is ㅇ, ㄴ, ㅁ before an initial
  ㄴ or ㅁ (합니다 -> 함니다, 있는 -> 인는).  Nearly every polite sentence ends in -ㅂ니다,
  so this is the most audible fix.
* 제20항 (lateralization): ㄴ next to ㄹ is ㄹ (관리 -> 괄리, 설날 -> 설랄).

Only adjacent syllables of one word are changed; display text is never touched.  The
standard's lexical exceptions (의견란 -> 의견난) are not modelled.
"""

from __future__ import annotations

_FIRST = 0xAC00
_LAST = 0xD7A3
_FINALS = 28
_INITIAL_STEP = 21 * _FINALS  # code distance between two initial consonants
# Initial consonant indices (Unicode Hangul syllable order).
_I_NIEUN = 2
_I_RIEUL = 5
_I_MIEUM = 6
# Final consonant indices.
_F_NIEUN = 4
_F_RIEUL = 8
_F_MIEUM = 16
_F_IEUNG = 21
_K_GROUP = (1, 2, 3, 9, 24)  # ㄱ ㄲ ㄳ ㄺ ㅋ
_T_GROUP = (7, 19, 20, 22, 23, 25, 27)  # ㄷ ㅅ ㅆ ㅈ ㅊ ㅌ ㅎ
_P_GROUP = (11, 14, 17, 18, 26)  # ㄼ ㄿ ㅂ ㅄ ㅍ

_NASAL = {**dict.fromkeys(_K_GROUP, _F_IEUNG), **dict.fromkeys(_T_GROUP, _F_NIEUN),
          **dict.fromkeys(_P_GROUP, _F_MIEUM)}
_RIEUL_BECOMES_NIEUN_AFTER = (_F_MIEUM, _F_IEUNG, 1, 17)  # ㅁ ㅇ ㄱ ㅂ


def _is_syllable(char: str) -> bool:
    return _FIRST <= ord(char) <= _LAST


def _parts(char: str) -> tuple[int, int]:
    code = ord(char) - _FIRST
    return code // _INITIAL_STEP, code % _FINALS


def _with_initial(char: str, initial: int) -> str:
    old, _ = _parts(char)
    return chr(ord(char) + (initial - old) * _INITIAL_STEP)


def _with_final(char: str, final: int) -> str:
    _, old = _parts(char)
    return chr(ord(char) + final - old)


def _assimilate(here: str, after: str) -> tuple[str, str]:
    """One syllable boundary, rules 19 -> 18 -> 20."""
    initial = _parts(after)[0]
    final = _parts(here)[1]
    if initial == _I_RIEUL and final in _RIEUL_BECOMES_NIEUN_AFTER:
        after, initial = _with_initial(after, _I_NIEUN), _I_NIEUN
    if initial in (_I_NIEUN, _I_MIEUM) and final in _NASAL:
        here, final = _with_final(here, _NASAL[final]), _NASAL[final]
    if final == _F_NIEUN and initial == _I_RIEUL:
        here = _with_final(here, _F_RIEUL)
    elif final == _F_RIEUL and initial == _I_NIEUN:
        after = _with_initial(after, _I_RIEUL)
    return here, after


def apply_sound_changes(text: str) -> str:
    """Respell ``text`` the way it is pronounced, for the speech engine only.

    >>> apply_sound_changes("측정을 시작합니다. 건강 관리")
    '측정을 시작함니다. 건강 괄리'
    """
    chars = list(text)
    for i in range(len(chars) - 1):
        if _is_syllable(chars[i]) and _is_syllable(chars[i + 1]):
            chars[i], chars[i + 1] = _assimilate(chars[i], chars[i + 1])
    return "".join(chars)
