"""Staff actions on the upload queue, audited (Qt-free; the screen is screens/staff/sync_status).

A rejected visit waits for a person: the platform said "never" (a 4xx), so the station does
not retry it on its own (sync/outbox.py).  When staff retry it -- e.g. after the platform
fixed a code table -- the audit log records who, when and which visit, never any values.
"""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from kiosk.staff.accounts import StaffSession
from measurements import store
from sync import outbox


def retry_rejected(db: Database, session: StaffSession, row_id: int, *, now: datetime) -> int:
    """Queue a rejected row's visit again now; returns how many rows were requeued (audited)."""
    visit = db.execute("SELECT visit_id FROM sync_outbox WHERE id = ?", [row_id]).fetchone()
    with db.atomic():
        rows = outbox.retry_rejected(db, [row_id])
        store.audit(db, actor_role=session.role.value, actor_id=session.staff_id,
                    action="sync_retry", subject=visit[0] if visit else None, now=now,
                    detail={"rows": rows})
    return rows


def audit_upload_now(db: Database, session: StaffSession, *, now: datetime) -> None:
    """Record that staff asked for an immediate upload (it skips the backoff)."""
    store.audit(db, actor_role=session.role.value, actor_id=session.staff_id,
                action="sync_upload_now", now=now)
