"""Hypothesis strategies producing valid codec records (shared by the round-trip tests).

Values are generated as raw counts and scaled with the codec's own resolution helpers, so a
generated record is exactly representable on the wire.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from drivers.codecs.date_time import CurrentTime, DateTime
from drivers.codecs.ieee11073 import Medfloat, MedNumber, Special

u8 = st.integers(0, 0xFF)
u16 = st.integers(0, 0xFFFF)

specials = st.sampled_from(list(Special))


def _not_special_alias(number: MedNumber) -> bool:
    return not (number.exponent == 0 and not -2045 <= number.mantissa <= 2045)


sfloat_numbers = st.builds(MedNumber, st.integers(-2048, 2047), st.integers(-8, 7)).filter(_not_special_alias)
sfloats: st.SearchStrategy[Medfloat] = st.one_of(sfloat_numbers, specials)


def _float_ok(number: MedNumber) -> bool:
    return not (number.exponent == 0 and not -(2**23 - 3) <= number.mantissa <= 2**23 - 3)


float_numbers = st.builds(MedNumber, st.integers(-(2**23), 2**23 - 1), st.integers(-128, 127)).filter(
    _float_ok
)


@st.composite
def date_times(draw: st.DrawFn, *, allow_unknown: bool = True) -> DateTime:
    """Valid GSS Date Time values, including "not known" year/month/day when allowed."""
    moment = draw(
        st.datetimes(min_value=dt.datetime(1582, 1, 1), max_value=dt.datetime(9999, 12, 31, 23, 59, 59))
    )
    value = DateTime.from_datetime(moment)
    if allow_unknown and draw(st.booleans()):
        year = draw(st.sampled_from([value.year, 0]))
        month = draw(st.sampled_from([value.month, 0]))
        day = draw(st.sampled_from([value.day, 0]))
        value = DateTime(year, month, day, value.hours, value.minutes, value.seconds)
    return value


current_times = st.builds(CurrentTime, date_times(), st.integers(0, 7), u8, st.integers(0, 0x0F))
