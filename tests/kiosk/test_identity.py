import datetime as dt

import pytest

from kiosk.identity import (
    IdentityError,
    normalise_card,
    normalise_phone,
    parse_birth_date,
    phone_pseudonym,
)

KEY = bytes(range(32))
TODAY = dt.date(2026, 11, 22)


def test_phone_pseudonym_is_keyed_stable_and_hides_the_number() -> None:
    born = dt.date(1952, 3, 15)
    a = phone_pseudonym(KEY, "010-1234-5678", born)
    assert a == phone_pseudonym(KEY, "01012345678", born)
    assert a != phone_pseudonym(bytes(32), "01012345678", born)  # keyed, not a plain hash
    assert a != phone_pseudonym(KEY, "01012345678", dt.date(1952, 3, 16))
    assert "5678" not in a and "1234" not in a


@pytest.mark.parametrize("text", ["0101234567", "02-123-4567", "abc", "", "010123456789"])
def test_bad_phone_numbers_are_refused_with_a_korean_message(text: str) -> None:
    with pytest.raises(IdentityError) as caught:
        normalise_phone(text)
    assert "휴대전화" in caught.value.message_ko


@pytest.mark.parametrize("text", ["19520230", "2027010", "18000101", "20261123", "abcd"])
def test_bad_birth_dates_are_refused(text: str) -> None:
    with pytest.raises(IdentityError):
        parse_birth_date(text, today=TODAY)


def test_birth_date_parses() -> None:
    assert parse_birth_date("1952-03-15", today=TODAY) == dt.date(1952, 3, 15)


def test_card_and_qr_tokens() -> None:
    assert normalise_card("lifelog:ab12cd34") == normalise_card("AB12CD34") == "card:AB12CD34"
    with pytest.raises(IdentityError):
        normalise_card("12")
