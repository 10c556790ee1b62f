"""What every staff and technician screen shares: the permission gate and sign-out.

A visitor can never reach these screens.  ``enter()`` checks the signed-in StaffSession in
``ctx.extras["staff_session"]`` against the screen's ``permission`` (kiosk/staff/accounts.py
PERMISSIONS) *before* anything is shown; without one it redirects to the sign-in screen, so
``window.go("<staff screen>")`` without the right permission lands on sign-in.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPushButton

from kiosk.screens.base import Screen
from kiosk.staff.accounts import Role, StaffSession, sign_out

SIGN_IN = "staff-sign-in"
HOME = {Role.STAFF: "staff-home", Role.TECHNICIAN: "tech-devices", Role.ADMIN: "staff-home"}


def session_of(ctx: Any) -> StaffSession | None:
    session = ctx.extras.get("staff_session")
    return session if isinstance(session, StaffSession) else None


def end_session(ctx: Any) -> None:
    """Sign out (audited) and forget the session."""
    session = ctx.extras.pop("staff_session", None)
    if isinstance(session, StaffSession):
        sign_out(ctx.db, session, now=ctx.clock.now())


class StaffScreen(Screen):
    """A screen only a signed-in staff member with ``permission`` may see."""

    visitor_facing = False  # no call-staff button, no visitor inactivity timeout
    permission = ""  # a PERMISSIONS entry; "" = any signed-in role

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.allowed = False

    @property
    def session(self) -> StaffSession | None:
        return session_of(self.ctx)

    def permitted(self) -> bool:
        session = self.session
        return session is not None and (not self.permission or session.may(self.permission))

    def enter(self, params: dict[str, Any]) -> None:
        self.allowed = self.permitted()
        if not self.allowed:
            self.go(SIGN_IN, refused=self.screen_id)
            return
        self.enter_permitted(params)

    def enter_permitted(self, params: dict[str, Any]) -> None:
        """``enter`` for a permitted session (subclasses override this, not ``enter``)."""

    def can_next(self) -> bool:
        return self.allowed and self.permitted()

    def sign_out_button(self) -> QPushButton:
        button = QPushButton()
        button.setObjectName("sign-out")
        button.setProperty("role", "staff")
        button.clicked.connect(self.sign_out)
        return button

    def sign_out(self) -> None:
        end_session(self.ctx)
        self.allowed = False
        self.go("idle")
