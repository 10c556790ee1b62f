"""A device item of the battery through the generic measure screen (same workflows as a
visitor's: grip, body composition), returning to the battery instead of the visitor menu.
Staff-only workflow choices (skip the rest timer) show because a session is signed in."""

from __future__ import annotations

from typing import Any

from kiosk.screens.measure import MeasureScreen
from kiosk.screens.staff.base import SIGN_IN, session_of

# where the visitor screen would go -> where the battery goes
RETURNS = {"menu": "staff-battery", "result": "staff-battery"}


class StaffMeasureScreen(MeasureScreen):
    screen_id = "staff-measure"
    visitor_facing = False
    back_target = "staff-battery"
    permission = "assessment"

    def enter(self, params: dict[str, Any]) -> None:
        session = session_of(self.ctx)
        if session is None or not session.may(self.permission):
            self.go(SIGN_IN, refused=self.screen_id)
            return
        if self.ctx.visit.visit_id is None:
            self.go("staff-home")
            return
        super().enter(params)

    def go(self, screen_id: str, **params: Any) -> None:
        super().go(RETURNS.get(screen_id, screen_id), **params)

    def retranslate(self) -> None:
        super().retranslate()
        self.stop.setText(self.tr("그만하고 검사 목록으로"))
