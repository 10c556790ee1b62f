"""Asking the platform about a member who just identified (issue 6 "member roster lookups").

The roster is never replicated to stations (sync-fhir-security.md §4.1 "Roster", §5.4): when a
member identifies at a station that has a platform URL, the station asks the platform for that
one member's Patient by the pseudonymous identifier only, and keeps from the answer what the
norm tables need and the local database lacks (sex, birth year; §1.2 "Patient").  The profile
screen then pre-fills them exactly as for a member who visited this station before.

The request runs on the device loop through the bridge (docs/architecture.md "Threads"), with
the uploader's client so SMART and mutual TLS apply, and gives up after
``kiosk.sync_service.LOOKUP_TIMEOUT_S``: a visitor waits at most that long.  Offline, timeout,
4xx/5xx: the station goes on with what it knows, logs the reason and audits the attempt;
the visitor sees the normal flow.  Audit rows and logs name the member only by a short
SHA-256 prefix of the pseudonym, never the pseudonym itself.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from kiosk.sync_service import LOOKUP_TIMEOUT_S, SyncUnavailableError
from measurements import store

if TYPE_CHECKING:
    from kiosk.bridge import Handle
    from kiosk.context import KioskContext
    from sync.downsync import MemberProfile

log = logging.getLogger(__name__)

AUDIT_ACTION = "member_lookup"
# the device loop's own timeout ends the request; this guard on the GUI thread only covers a
# device loop too busy to answer at all, so the visitor is never held much longer
GUARD_MARGIN_S = 0.5
OLDEST_AGE_Y = 120  # the same bounds as the profile screen's birth-year check


def member_tag(pseudonym: str) -> str:
    """A short, non-reversible tag of a pseudonym for audit rows and logs."""
    return hashlib.sha256(pseudonym.encode()).hexdigest()[:8]


def failure_reason(error: BaseException) -> str:
    """Why a lookup failed, without anything the platform or the visitor sent."""
    from sync.downsync import DownsyncError  # noqa: PLC0415 - httpx: only with a platform

    if isinstance(error, TimeoutError):
        return f"no answer within {LOOKUP_TIMEOUT_S:.0f} s"
    if isinstance(error, DownsyncError | SyncUnavailableError):
        return f"{type(error).__name__}: {error}"  # status codes / station problems only
    return type(error).__name__  # e.g. ConnectError: its text may carry request details


class MemberLookup:
    """One lookup for one identified member (GUI thread); ``on_finished`` runs exactly once.

    Use :func:`start_lookup`; :meth:`cancel` (the visitor left the screen) drops the answer.
    """

    def __init__(self, ctx: KioskContext, visitor_id: int, pseudonym: str,
                 on_finished: Callable[[], None]) -> None:
        self.ctx = ctx
        self.visitor_id = visitor_id
        self.tag = member_tag(pseudonym)
        self._pseudonym = pseudonym
        self._on_finished = on_finished
        self._handle: Handle | None = None
        self._guard = QTimer()
        self._guard.setSingleShot(True)
        self._guard.timeout.connect(lambda: self._failed(TimeoutError()))
        self.done = False

    def start(self, service: Any) -> None:
        bridge = self.ctx.extras["bridge"]
        self._handle = bridge.run(service.lookup_member(self._pseudonym), self._answered,
                                  self._failed)
        self._guard.start(int((LOOKUP_TIMEOUT_S + GUARD_MARGIN_S) * 1000))

    def cancel(self) -> None:
        self._guard.stop()
        if self._handle is not None:
            self._handle.cancel()
        self.done = True

    def _finish(self, outcome: str, **detail: Any) -> None:
        self.cancel()
        store.audit(self.ctx.db, actor_role="system", action=AUDIT_ACTION,
                    now=self.ctx.clock.now(),
                    detail={"member_sha256": self.tag, "outcome": outcome, **detail})
        self._on_finished()

    def _answered(self, profile: MemberProfile | None) -> None:
        if self.done:
            return
        if profile is None:
            log.info("member %s: not known on the platform; continuing locally", self.tag)
            self._finish("not_found")
            return
        self._finish("found", filled=self._fill(profile))

    def _fill(self, profile: MemberProfile) -> list[str]:
        """Write what the local row lacks; local values (the visitor's own) always win."""
        db = self.ctx.db
        sex, year = db.execute("SELECT sex, birth_year FROM visitors WHERE id = ?",
                               [self.visitor_id]).fetchone()
        this_year = self.ctx.clock.now().year
        platform_year = profile.birth_year
        if platform_year is not None and not (
                this_year - OLDEST_AGE_Y <= platform_year <= this_year - 1):
            platform_year = None  # an implausible date is not worth a wrong norm table
        updates = {"sex": profile.sex if sex is None else None,
                   "birth_year": platform_year if year is None else None}
        filled = [name for name, value in updates.items() if value is not None]
        if filled:
            db.execute("UPDATE visitors SET sex = COALESCE(sex, ?),"
                       " birth_year = COALESCE(birth_year, ?) WHERE id = ?",
                       [updates["sex"], updates["birth_year"], self.visitor_id])
        return filled

    def _failed(self, error: BaseException) -> None:
        if self.done:
            return
        reason = failure_reason(error)
        log.warning("member %s: platform lookup failed; continuing locally: %s",
                    self.tag, reason)
        self._finish("unavailable", reason=reason)


def start_lookup(ctx: KioskContext, visitor_id: int, pseudonym: str,
                 on_finished: Callable[[], None]) -> MemberLookup | None:
    """Ask the platform about a member, or return None when there is nothing to ask.

    Nothing is asked without a platform URL (no ``ctx.extras["sync"]``) or when the local
    database already holds both the member's sex and birth year.
    """
    service = ctx.extras.get("sync")
    if service is None:
        return None
    row = ctx.db.execute("SELECT sex, birth_year FROM visitors WHERE id = ?",
                         [visitor_id]).fetchone()
    if row is not None and row[0] is not None and row[1] is not None:
        return None
    lookup = MemberLookup(ctx, visitor_id, pseudonym, on_finished)
    lookup.start(service)
    return lookup
