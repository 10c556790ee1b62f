"""Turning what a visitor types or scans into a pseudonymous member id.

The station never stores a phone number, a name or a resident registration number
(PIPA Art. 24-2; sync-fhir-security.md §5.4).  A member card / app QR already carries a
platform-issued random token, which *is* the pseudonym.  Phone + birth date becomes a keyed
HMAC-SHA256 with the platform-wide lookup key: an unkeyed hash of a 10^8-sized phone space
would be reversible, and the health-data guideline treats such hashes as identifiers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re

CARD_TOKEN = re.compile(r"[A-Za-z0-9-]{6,64}")
# Korean mobile numbers: 010 plus 8 digits; the older 011/016/017/018/019 ranges plus 7-8
MOBILE = re.compile(r"010\d{8}|01[16789]\d{7,8}")


class IdentityError(ValueError):
    """What was typed cannot identify anyone; ``message_ko`` says what to fix."""

    def __init__(self, message_ko: str) -> None:
        super().__init__(message_ko)
        self.message_ko = message_ko


def normalise_card(text: str) -> str:
    token = text.strip()
    if token.lower().startswith("lifelog:"):  # QR payload form: lifelog:<token>
        token = token.split(":", 1)[1]
    if not CARD_TOKEN.fullmatch(token):
        raise IdentityError("카드 번호를 다시 확인해 주세요.")
    return f"card:{token.upper()}"


def normalise_phone(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    if not MOBILE.fullmatch(digits):
        raise IdentityError("휴대전화 번호를 다시 확인해 주세요. 010으로 시작하는 번호예요.")
    return digits


def parse_birth_date(text: str, *, today: dt.date) -> dt.date:
    digits = re.sub(r"\D", "", text)
    try:
        born = dt.date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except (ValueError, IndexError):
        raise IdentityError("생년월일 여덟 자리를 예: 19520315 처럼 입력해 주세요.") from None
    if len(digits) != 8 or not (today.year - 120 <= born.year <= today.year - 1) or born > today:
        raise IdentityError("생년월일을 다시 확인해 주세요.")
    return born


def phone_pseudonym(lookup_key: bytes, phone: str, birth_date: dt.date) -> str:
    message = f"{normalise_phone(phone)}|{birth_date.isoformat()}".encode()
    return "ph:" + hmac.new(lookup_key, message, hashlib.sha256).hexdigest()[:40]
