"""Prompt texts: Korean number words for speech, a plain message for every device error."""

from __future__ import annotations

import pytest

from drivers.errors import Reason
from measurements.workflows import prompts


@pytest.mark.parametrize(("value", "decimals", "spoken"), [
    (0, 0, "영"), (7, 0, "칠"), (10, 0, "십"), (11, 0, "십일"), (20, 0, "이십"),
    (101, 0, "백일"), (110, 0, "백십"), (128, 0, "백이십팔"), (1000, 0, "천"),
    (10000, 0, "만"), (12345, 0, "만이천삼백사십오"), (20000, 0, "이만"),
    (23.5, 1, "이십삼 점 오"), (70.25, 2, "칠십 점 이오"), (18.0, 1, "십팔"),
    (0.5, 1, "영 점 오"), (30.05, 2, "삼십 점 영오"), (-5, 0, "마이너스 오"),
])
def test_number_words(value: float, decimals: int, spoken: str) -> None:
    assert prompts.number_words(value, decimals) == spoken


def test_every_device_error_has_plain_words() -> None:
    for reason in Reason:
        prompt = prompts.device_error(reason)
        assert prompt.ko and prompt.en
    assert set(prompts.DEVICE_ERRORS) == set(Reason)
