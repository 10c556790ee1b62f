"""Shared pieces of the repetition scorers: the timed window and the SFT "halfway" rule."""

from __future__ import annotations

from measurements.pose.features import Cycle, value_at
from measurements.pose.landmarks import FloatArray


def count_in_window(
    cycles: list[Cycle], t_s: FloatArray, x: FloatArray, *, end_s: float, halfway: float,
) -> tuple[list[Cycle], bool]:
    """Repetitions completed by ``end_s``, plus whether one more was more than halfway done.

    SFT manual (Rikli & Jones), chair stand and arm curl scoring: "if the participant is
    more than halfway up at the end of the 30 seconds, it counts as a full stand/curl".
    Halfway is judged on the same signal, rising, above ``halfway``.
    """
    done = [c for c in cycles if c.up_s <= end_s]
    in_top = bool(done) and (done[-1].down_s is None or done[-1].down_s > end_s)
    now = value_at(t_s, x, end_s)
    before = value_at(t_s, x, end_s - 0.1)
    rising = now > before
    extra = (not in_top) and now >= halfway and rising
    return done, bool(extra)
