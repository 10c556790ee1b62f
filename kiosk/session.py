"""Inactivity policy for a visitor session, Qt-free so it can be tested with a fake clock.

WCAG 2.2.1 (Timing Adjustable): warn before the limit and let the person extend it with one
simple action, giving at least 20 s; older users need more (health-kiosk-anchors.md §4.2),
so the default warning lasts 30 s.  No timeout runs while a device is measuring: returning
to the idle screen mid-measurement would lose a reading the person is sitting through.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from measurements.clock import Clock


class Activity(enum.Enum):
    ACTIVE = "active"
    WARNING = "warning"  # show "계속하시겠어요?" with the seconds left
    EXPIRED = "expired"  # end the visit, back to the idle screen


@dataclass(frozen=True)
class InactivityState:
    activity: Activity
    seconds_left: float


class InactivityPolicy:
    def __init__(self, clock: Clock, *, timeout_s: float, warning_s: float) -> None:
        if not 0 < warning_s < timeout_s:
            raise ValueError("warning_s must be positive and shorter than timeout_s")
        self._clock = clock
        self.timeout_s = timeout_s
        self.warning_s = warning_s
        self._last_touch = clock.monotonic()

    def touch(self) -> None:
        """Any deliberate interaction (a tap, a scan, a device reading) restarts the clock."""
        self._last_touch = self._clock.monotonic()

    def evaluate(self, *, busy: bool) -> InactivityState:
        if busy:
            # the measurement itself counts as activity: when it ends, the full time is given
            self.touch()
            return InactivityState(Activity.ACTIVE, self.timeout_s)
        left = self.timeout_s - (self._clock.monotonic() - self._last_touch)
        if left <= 0:
            return InactivityState(Activity.EXPIRED, 0.0)
        if left <= self.warning_s:
            return InactivityState(Activity.WARNING, left)
        return InactivityState(Activity.ACTIVE, left)
